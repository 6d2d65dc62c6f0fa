import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const defs = ['a', 'b', 'd', 'after'].map((n) => taskDef(n));

function switchTask(extra: Partial<WorkflowTask>): WorkflowTask {
  return {
    name: 'sw',
    taskReferenceName: 'sw',
    type: 'SWITCH',
    evaluatorType: 'value-param',
    expression: 'kind',
    inputParameters: { kind: '${workflow.input.kind}' },
    decisionCases: { a: [simple('a')], b: [simple('b')] },
    defaultCase: [simple('d')],
    ...extra,
  };
}

function runSwitch(sw: WorkflowTask, input: Record<string, unknown>): Harness {
  const h = new Harness(defs);
  h.start(workflowDef([sw, simple('after')]), { input });
  return h;
}

void describe('SWITCH', () => {
  void test('value-param: the input value names the case; output and input record it; the branch runs', () => {
    const h = runSwitch(switchTask({}), { kind: 'b' });
    const sw = h.task('sw');
    assert.equal(sw.status, 'COMPLETED');
    assert.equal(sw.taskType, 'SWITCH');
    assert.deepEqual(sw.outputData, { evaluationResult: ['b'], selectedCase: 'b' });
    assert.deepEqual(sw.inputData, { kind: 'b', case: 'b' });
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['sw', 'b'],
      'the switch has no direct successor while its branch runs',
    );
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['b'],
      'the switch itself is never queued',
    );
    h.complete('b');
    assert.equal(h.task('after').status, 'SCHEDULED', 'the end of the branch continues after the switch');
    h.complete('after');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('results are stringified Java-style before matching case keys', () => {
    const cases = { null: [simple('a')], '1': [simple('a')], '1.5': [simple('a')], true: [simple('a')] };
    for (const [value, expected] of [
      [null, 'null'],
      [1, '1'],
      [1.5, '1.5'],
      [true, 'true'],
    ] as const) {
      const h = runSwitch(switchTask({ decisionCases: cases }), { kind: value });
      assert.equal(h.task('sw').outputData.selectedCase, expected);
      assert.equal(h.task('a').status, 'SCHEDULED', `${String(value)} matches case "${expected}"`);
    }
  });

  void test('no matching case runs the default case', () => {
    const h = runSwitch(switchTask({}), { kind: 'zzz' });
    assert.equal(h.task('sw').outputData.selectedCase, 'zzz');
    assert.equal(h.task('d').status, 'SCHEDULED');
  });

  void test('no matching case and no default: the workflow continues after the switch', () => {
    const h = runSwitch(switchTask({ defaultCase: undefined }), { kind: 'zzz' });
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['sw', 'after'],
    );
  });

  void test('a matched empty case does not fall back to the default (unlike DECISION)', () => {
    const h = runSwitch(switchTask({ decisionCases: { a: [] } }), { kind: 'a' });
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['sw', 'after'],
    );
  });

  void test('javascript: asks for an evaluation with $ = input and completes on the answer', () => {
    const sw = switchTask({ evaluatorType: 'javascript', expression: '$.kind == "a" ? "a" : "other"' });
    const h = runSwitch(sw, { kind: 'a' });
    assert.equal(h.task('sw').status, 'IN_PROGRESS');
    assert.deepEqual(h.commands('evaluate'), [
      {
        type: 'evaluate',
        taskId: h.task('sw').taskId,
        purpose: 'switch',
        evaluatorType: 'javascript',
        expression: '$.kind == "a" ? "a" : "other"',
        input: { kind: 'a' },
      },
    ]);
    h.runScripts();
    assert.equal(h.task('sw').status, 'COMPLETED');
    assert.equal(h.task('a').status, 'SCHEDULED');
  });

  void test('graaljs: a numeric answer matches its stringified key', () => {
    const sw = switchTask({
      evaluatorType: 'graaljs',
      expression: '1',
      decisionCases: { '1': [simple('a')] },
    });
    const h = runSwitch(sw, {});
    h.answer({ result: 1 });
    assert.deepEqual(h.task('sw').outputData, { evaluationResult: ['1'], selectedCase: '1' });
    assert.equal(h.task('a').status, 'SCHEDULED');
  });

  void test('an evaluation error fails the switch and, since operators never retry, the workflow', () => {
    const h = runSwitch(switchTask({ evaluatorType: 'javascript', expression: 'nope(' }), {});
    h.answer({ error: 'SyntaxError: Unexpected end of input' });
    assert.equal(h.task('sw').status, 'FAILED');
    assert.equal(h.task('sw').reasonForIncompletion, 'SyntaxError: Unexpected end of input');
    assert.equal(h.workflow.status, 'FAILED');
    assert.equal(h.workflow.tasks.length, 1, 'not retried');
  });

  void test('a duplicate or late answer is ignored', () => {
    const h = runSwitch(switchTask({ evaluatorType: 'javascript', expression: '"a"' }), {});
    const taskId = h.task('sw').taskId;
    h.answer({ result: 'a' });
    const before = h.workflow;
    const d = h.send({ type: 'evaluated', taskId, purpose: 'switch', result: 'b' });
    assert.equal(d.workflow, before);
    assert.match(d.ignored ?? '', /already COMPLETED/);
  });

  void test('an unanswered evaluation is asked for again after a minute (the timer is armed for it)', () => {
    const h = runSwitch(switchTask({ evaluatorType: 'javascript', expression: '"a"' }), {});
    const asked = h.task('sw').updateTime;
    assert.equal(h.timer(), asked + 60_000);
    h.advance(30_000).tick();
    assert.deepEqual(h.commands('evaluate'), [], 'not yet');
    h.advance(30_000).tick();
    assert.equal(h.commands('evaluate').length, 1);
    assert.equal(h.timer(), h.now + 60_000);
  });
});

void describe('DECISION', () => {
  const decision = (extra: Partial<WorkflowTask>): WorkflowTask => ({
    name: 'dec',
    taskReferenceName: 'dec',
    type: 'DECISION',
    inputParameters: { kind: '${workflow.input.kind}' },
    decisionCases: { a: [simple('a')], empty: [] },
    defaultCase: [simple('d')],
    ...extra,
  });

  void test('caseValueParam picks the branch; output caseOutput', () => {
    const h = runSwitch(decision({ caseValueParam: 'kind' }), { kind: 'a' });
    assert.deepEqual(h.task('dec').outputData, { caseOutput: ['a'] });
    assert.equal(h.task('dec').inputData.case, 'a');
    assert.equal(h.task('a').status, 'SCHEDULED');
  });

  void test('an empty matched branch falls back to the default case', () => {
    const h = runSwitch(decision({ caseValueParam: 'kind' }), { kind: 'empty' });
    assert.equal(h.task('d').status, 'SCHEDULED');
  });

  void test('caseExpression is evaluated as JavaScript', () => {
    const h = runSwitch(decision({ caseExpression: '$.kind.toUpperCase() == "A" ? "a" : "x"' }), {
      kind: 'a',
    });
    assert.equal(h.commands('evaluate')[0]!.purpose, 'decision');
    h.runScripts();
    assert.deepEqual(h.task('dec').outputData, { caseOutput: ['a'] });
    assert.equal(h.task('a').status, 'SCHEDULED');
  });
});
