// Limits on what the decider stores: nesting depth (MAX_JSON_DEPTH) of task inputs, task outputs, script results
// and workflow outputs; the length of reasons; and values named by expressions shared rather than copied.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_JSON_DEPTH, type WorkflowTask } from '@baton/protocol';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

/** `levels` maps nested in one another: { a: { a: ... { a: 1 } } }. */
function nestedMaps(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const system = (type: string, ref: string, inputParameters: Record<string, unknown>): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type,
  inputParameters,
});

void describe('task input nested deeper than MAX_JSON_DEPTH', () => {
  // The workflow input itself is at the limit: { deep: <MAX_JSON_DEPTH - 1 levels> }.
  const input = { deep: nestedMaps(MAX_JSON_DEPTH - 1) };

  void test('fails the task for good, unstored and unqueued, and so the workflow', () => {
    const h = new Harness([taskDef('t')]);
    h.start(workflowDef([simple('t', { wrap: { w: '${workflow.input.deep}' } })]), { input });
    const task = h.task('t');
    assert.equal(task.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.deepEqual(task.inputData, {});
    assert.match(
      task.reasonForIncompletion ?? '',
      /^Task input is nested too deeply: more than 256 levels of maps and lists at wrap\.w\.a\.a\.a/,
    );
    assert.deepEqual(h.commands('queueTask'), []);
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('up to the limit, the task is scheduled as usual', () => {
    const h = new Harness([taskDef('t')]);
    h.start(workflowDef([simple('t', { w: '${workflow.input.deep}' })]), { input });
    assert.equal(h.task('t').status, 'SCHEDULED');
    assert.equal(h.task('t').inputData.w, input.deep);
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['t'],
    );
  });
});

void describe('task output nested deeper than MAX_JSON_DEPTH', () => {
  void test('fails the task for good with the reason instead of storing the output', () => {
    const h = new Harness([taskDef('t', { retryCount: 3 }), taskDef('next')]);
    h.start(workflowDef([simple('t'), simple('next')]));
    h.poll('t');
    h.complete('t', { x: nestedMaps(MAX_JSON_DEPTH) });
    const task = h.task('t');
    assert.equal(task.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.deepEqual(task.outputData, {});
    assert.match(task.reasonForIncompletion ?? '', /^Task output is nested too deeply: .* at x\.a\.a/);
    assert.equal(h.workflow.tasks.length, 1, 'no retry, no next task');
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('up to the limit, the output is taken as it is', () => {
    const h = new Harness([taskDef('t')]);
    h.start(workflowDef([simple('t')]));
    h.poll('t');
    const output = { x: nestedMaps(MAX_JSON_DEPTH - 1) };
    h.complete('t', output);
    assert.equal(h.task('t').status, 'COMPLETED');
    assert.equal(h.task('t').outputData.x, output.x);
  });

  void test('a script result too deep to store under `result` is the script error', () => {
    const lambda = system('LAMBDA', 'l', { scriptExpression: 'return 1;' });
    const fits = new Harness();
    fits.start(workflowDef([lambda]));
    fits.answer({ result: nestedMaps(MAX_JSON_DEPTH - 1) });
    assert.equal(fits.task('l').status, 'COMPLETED');

    const h = new Harness();
    h.start(workflowDef([lambda]));
    h.answer({ result: nestedMaps(MAX_JSON_DEPTH) });
    const task = h.task('l');
    assert.equal(task.status, 'FAILED');
    assert.match(
      String(task.outputData.error),
      /^The script result is nested too deeply: more than 255 levels/,
    );
  });
});

void describe('workflow output nested deeper than MAX_JSON_DEPTH', () => {
  void test('fails the workflow with the reason and an empty output', () => {
    const h = new Harness([taskDef('t')]);
    const def = workflowDef([simple('t')], { outputParameters: { o: { p: '${t.output.deep}' } } });
    h.start(def);
    h.poll('t');
    h.complete('t', { deep: nestedMaps(MAX_JSON_DEPTH - 1) });
    assert.equal(h.task('t').status, 'COMPLETED');
    assert.equal(h.workflow.status, 'FAILED');
    assert.deepEqual(h.workflow.output, {});
    assert.match(
      h.workflow.reasonForIncompletion ?? '',
      /^Workflow output is nested too deeply: .* at o\.p\.a/,
    );
  });
});

void describe('reasonForIncompletion', () => {
  const long = 'r'.repeat(1_000_000);

  void test("a task keeps the first 500 characters of its reason (Conductor's TaskResult)", () => {
    const h = new Harness([taskDef('t', { retryCount: 0 })]);
    h.start(workflowDef([simple('t')]));
    h.poll('t');
    h.fail('t', long);
    assert.equal(h.task('t').reasonForIncompletion, long.slice(0, 500));
    assert.equal(h.workflow.status, 'FAILED');
    assert.ok((h.workflow.reasonForIncompletion ?? '').length < 1000);
  });

  void test('a workflow keeps the first 4096 characters of its reason', () => {
    const h = new Harness();
    h.start(
      workflowDef([
        system('TERMINATE', 'end', {
          terminationStatus: 'FAILED',
          terminationReason: '${workflow.input.why}',
        }),
      ]),
      { input: { why: long } },
    );
    assert.equal(h.workflow.status, 'FAILED');
    assert.equal(h.workflow.reasonForIncompletion, long.slice(0, 4096));
  });

  void test("a SUB_WORKFLOW task keeps the first 500 characters of its child's reason", () => {
    const h = new Harness();
    h.start(
      workflowDef([
        {
          name: 'child',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: { name: 'child', version: 1 },
        },
      ]),
    );
    h.childEnded('sub', 'FAILED', {}, long);
    assert.equal(h.task('sub').reasonForIncompletion, long.slice(0, 500));
  });
});

void describe('values named by expressions', () => {
  void test('are shared by every task naming them, not copied', () => {
    const h = new Harness(['a', 'b', 'c'].map((n) => taskDef(n)));
    const branches = ['a', 'b', 'c'].map((ref) => [simple(ref, { list: '${workflow.input.list}' })]);
    h.start(
      workflowDef([
        { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: branches },
        { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b', 'c'] },
      ]),
      { input: { list: [{ id: 1 }, { id: 2 }] } },
    );
    const list = h.workflow.input.list;
    for (const ref of ['a', 'b', 'c']) assert.equal(h.task(ref).inputData.list, list);
  });
});
