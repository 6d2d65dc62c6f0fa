import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const defs = ['a', 'b', 'c', 'after'].map((n) => taskDef(n));

function loop(extra: Partial<WorkflowTask>): WorkflowTask {
  return {
    name: 'loop',
    taskReferenceName: 'loop',
    type: 'DO_WHILE',
    loopCondition: '$.loop.iteration < 3',
    loopOver: [simple('a', { i: '${loop.output.iteration}' }), simple('b')],
    ...extra,
  };
}

const refs = (h: Harness): string[] => h.workflow.tasks.map((t) => t.referenceTaskName);

void describe('DO_WHILE', () => {
  void test('iterates through evaluate/evaluated round trips; body refs get __N and iteration N', () => {
    const h = new Harness(defs);
    h.start(
      workflowDef([loop({ inputParameters: { limit: 3 } }), simple('after', { last: '${b.output.n}' })]),
    );
    assert.deepEqual(refs(h), ['loop', 'a__1']);
    const loopTask = h.task('loop');
    assert.equal(loopTask.status, 'IN_PROGRESS');
    assert.equal(loopTask.iteration, 1);
    assert.deepEqual(loopTask.outputData, { iteration: 1 });
    assert.equal(h.task('a__1').iteration, 1);
    assert.deepEqual(h.task('a__1').inputData, { i: 1 });

    h.complete('a__1', { n: 'a1' });
    assert.equal(h.task('b__1').iteration, 1, 'the successor in the body keeps the iteration');
    h.complete('b__1', { n: 'b1' });
    const [ask] = h.commands('evaluate');
    assert.deepEqual(ask, {
      type: 'evaluate',
      taskId: loopTask.taskId,
      purpose: 'loopCondition',
      evaluatorType: 'javascript',
      expression: '$.loop.iteration < 3',
      input: {
        limit: 3,
        loop: { iteration: 1, '1': { a: { n: 'a1' }, b: { n: 'b1' } } },
        a: { n: 'a1' },
        b: { n: 'b1' },
      },
    });
    h.answer({ result: true });
    assert.equal(h.task('loop').iteration, 2);
    assert.deepEqual(h.task('a__2').inputData, { i: 2 });
    h.complete('a__2', { n: 'a2' });
    h.complete('b__2', { n: 'b2' });
    h.runScripts();
    h.complete('a__3', { n: 'a3' });
    h.complete('b__3', { n: 'b3' });
    h.runScripts();
    const done = h.task('loop');
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.outputData, {
      iteration: 3,
      '1': { a: { n: 'a1' }, b: { n: 'b1' } },
      '2': { a: { n: 'a2' }, b: { n: 'b2' } },
      '3': { a: { n: 'a3' }, b: { n: 'b3' } },
    });
    assert.deepEqual(h.task('after').inputData, { last: 'b3' }, '${b.output} is the latest iteration');
    h.complete('after');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('the body runs once even when the condition is false from the start', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopCondition: 'false' })]));
    h.complete('a__1');
    h.complete('b__1');
    h.answer({ result: false });
    assert.equal(h.task('loop').status, 'COMPLETED');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a number greater than 0 continues; 0 stops', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopOver: [simple('a')] })]));
    h.complete('a__1');
    h.answer({ result: 2 });
    h.complete('a__2');
    h.answer({ result: 0 });
    assert.equal(h.task('loop').status, 'COMPLETED');
    assert.equal(h.task('loop').outputData.iteration, 2);
  });

  void test('list mode: one iteration per item with loopItem and loopIndex, no condition needed', () => {
    const h = new Harness(defs);
    const listLoop = loop({
      loopCondition: undefined,
      items: '${workflow.input.things}',
      loopOver: [simple('a', { item: '${loop.output.loopItem}', index: '${loop.output.loopIndex}' })],
    });
    h.start(workflowDef([listLoop]), { input: { things: ['x', 'y'] } });
    assert.deepEqual(h.task('loop').inputData, { _items: ['x', 'y'] });
    assert.deepEqual(h.task('a__1').inputData, { item: 'x', index: 0 });
    h.complete('a__1');
    assert.deepEqual(h.commands('evaluate'), []);
    assert.deepEqual(h.task('a__2').inputData, { item: 'y', index: 1 });
    h.complete('a__2');
    assert.equal(h.task('loop').status, 'COMPLETED');
    assert.deepEqual(h.task('loop').outputData, {
      iteration: 2,
      loopIndex: 1,
      loopItem: 'y',
      '1': { a: {} },
      '2': { a: {} },
    });
  });

  void test('list mode with an empty list completes at once with iteration 0', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ items: '${workflow.input.things}' }), simple('after')]), {
      input: { things: [] },
    });
    assert.equal(h.task('loop').status, 'COMPLETED');
    assert.deepEqual(h.task('loop').outputData, { iteration: 0 });
    assert.deepEqual(refs(h), ['loop', 'after']);
    assert.deepEqual(h.commands('evaluate'), []);
  });

  void test('keepLastN drops older iterations: their output keys and their task records', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopOver: [simple('a')], inputParameters: { keepLastN: 2 } })]));
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push(h.task(`a__${i}`).taskId);
      h.complete(`a__${i}`, { i });
      h.answer({ result: true });
      if (i === 3)
        assert.deepEqual(h.commands('removeTasks'), [
          { type: 'removeTasks', workflowId: 'wf-1', taskIds: [ids[1]] },
        ]);
    }
    assert.deepEqual(refs(h), ['loop', 'a__3', 'a__4']);
    const output = h.task('loop').outputData;
    assert.deepEqual(Object.keys(output).sort(), ['3', 'iteration']);
    h.complete('a__4', { i: 4 });
    h.answer({ result: false });
    assert.deepEqual(Object.keys(h.task('loop').outputData).sort(), ['3', '4', 'iteration']);
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a body task failing beyond retries fails the workflow; a permissive one fails the DO_WHILE', () => {
    const strict = new Harness(defs);
    strict.start(workflowDef([loop({})]));
    strict.fail('a__1', 'bad');
    assert.equal(strict.workflow.status, 'FAILED');

    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopOver: [simple('a', {}, { permissive: true }), simple('b')] })]));
    h.fail('a__1', 'bad');
    assert.equal(h.task('loop').status, 'FAILED');
    assert.equal(h.task('loop').reasonForIncompletion, 'bad');
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('a condition that cannot be evaluated fails the loop for good', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopOver: [simple('a')], loopCondition: '$.nope.x' })]));
    h.complete('a__1');
    h.runScripts();
    const loopTask = h.task('loop');
    assert.equal(loopTask.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(
      loopTask.reasonForIncompletion ?? '',
      /^Unable to evaluate condition \$\.nope\.x, exception .*undefined/,
    );
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('a stale condition answer is ignored', () => {
    const h = new Harness(defs);
    h.start(workflowDef([loop({ loopOver: [simple('a')] })]));
    const loopId = h.task('loop').taskId;
    const d = h.send({ type: 'evaluated', taskId: loopId, purpose: 'loopCondition', result: true });
    assert.match(d.ignored ?? '', /not waiting/);
    assert.deepEqual(refs(h), ['loop', 'a__1']);
  });

  void test('a SWITCH in the body: branch tasks carry the iteration, the branch end goes back to the loop', () => {
    const h = new Harness(defs);
    const sw: WorkflowTask = {
      name: 'sw',
      taskReferenceName: 'sw',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'odd',
      inputParameters: { odd: '${loop.output.iteration}' },
      decisionCases: { '1': [simple('b')] },
      defaultCase: [simple('c')],
    };
    h.start(workflowDef([loop({ loopOver: [sw], loopCondition: '$.loop.iteration < 2' }), simple('after')]));
    assert.deepEqual(refs(h), ['loop', 'sw__1', 'b__1']);
    h.complete('b__1', { from: 'b' });
    h.runScripts();
    assert.deepEqual(refs(h), ['loop', 'sw__1', 'b__1', 'sw__2', 'c__2']);
    h.complete('c__2', { from: 'c' });
    h.runScripts();
    assert.deepEqual(h.task('loop').outputData['2'], {
      sw: { evaluationResult: ['2'], selectedCase: '2' },
      c: { from: 'c' },
    });
    assert.equal(h.task('after').status, 'SCHEDULED');
  });

  void test("a FORK inside the body: the JOIN waits for this iteration's tasks", () => {
    const h = new Harness(defs);
    const body: WorkflowTask[] = [
      { name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[simple('a')], [simple('b')]] },
      { name: 'j', taskReferenceName: 'j', type: 'JOIN', joinOn: ['a', 'b'] },
    ];
    h.start(workflowDef([loop({ loopOver: body, loopCondition: '$.loop.iteration < 2' })]));
    assert.deepEqual(h.task('j__1').inputData, { joinOn: ['a__1', 'b__1'] });
    h.complete('a__1');
    h.complete('b__1');
    h.runScripts();
    assert.deepEqual(h.task('j__2').inputData, { joinOn: ['a__2', 'b__2'] });
    h.complete('a__2', { x: 1 });
    h.complete('b__2');
    h.runScripts();
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a loop inside a loop body stacks the suffixes, so every inner iteration has its own name', () => {
    const h = new Harness(defs);
    // The inner loop runs twice in outer iteration 1 and once in outer iteration 2.
    const inner = loop({
      name: 'inner',
      taskReferenceName: 'inner',
      inputParameters: { outer: '${loop.output.iteration}' },
      loopOver: [simple('a')],
      loopCondition: '$.inner.iteration < 3 - $.outer',
    });
    h.start(
      workflowDef([
        loop({ loopOver: [inner], loopCondition: '$.loop.iteration < 2' }),
        simple('after', { last: '${a.output.last}' }),
      ]),
    );
    assert.deepEqual(refs(h), ['loop', 'inner__1', 'a__1__1']);
    h.complete('a__1__1');
    h.runScripts();
    h.complete('a__1__2', { last: 'outer 1, inner 2' });
    h.runScripts();
    assert.equal(h.task('inner__1').status, 'COMPLETED');
    assert.deepEqual(refs(h).slice(-2), ['inner__2', 'a__2__1']);
    h.complete('a__2__1', { last: 'outer 2, inner 1' });
    h.runScripts();
    assert.equal(h.task('loop').status, 'COMPLETED');
    assert.deepEqual(h.task('loop').outputData['2'], { inner: h.task('inner__2').outputData });
    assert.deepEqual(
      h.task('after').inputData,
      { last: 'outer 2, inner 1' },
      'the latest outer iteration wins over a higher inner iteration number',
    );
  });
});
