import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const defs = [taskDef('a'), taskDef('b'), taskDef('c')];
const threeSteps = workflowDef([simple('a'), simple('b'), simple('c')], { variables: { n: 0 } });

function failedAtB(): Harness {
  const h = new Harness(defs);
  h.start(threeSteps, { input: { v: 1 }, correlationId: 'c1' });
  h.complete('a', { x: 1 });
  h.send({ type: 'updateVariables', variables: { n: 5 } });
  h.fail('b');
  return h;
}

void describe('restart (§4.3)', () => {
  void test('wipes the tasks, resets the execution and schedules the first task again', () => {
    const h = failedAtB();
    const oldIds = h.workflow.tasks.map((t) => t.taskId);
    h.advance(1000);
    const d = h.send({ type: 'restart' });
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(d.workflow.startTime, T0 + 1000);
    assert.deepEqual(d.workflow.variables, { n: 0 });
    assert.deepEqual(
      d.workflow.tasks.map((t) => [t.referenceTaskName, t.status]),
      [['a', 'SCHEDULED']],
    );
    assert.deepEqual(h.commands('removeTasks')[0]?.taskIds, oldIds);
  });

  void test('with a new definition the execution runs that one', () => {
    const h = failedAtB();
    const d = h.send({ type: 'restart', def: workflowDef([simple('c')], { version: 2 }) });
    assert.equal(d.workflow.workflowVersion, 2);
    assert.deepEqual(
      d.workflow.tasks.map((t) => t.referenceTaskName),
      ['c'],
    );
  });
});

void describe('rerun (§4.3)', () => {
  void test('without a task id starts over with the new input and correlationId', () => {
    const h = failedAtB();
    const d = h.send({ type: 'rerun', workflowInput: { v: 2 }, correlationId: 'c2' });
    assert.deepEqual(d.workflow.input, { v: 2 });
    assert.equal(d.workflow.correlationId, 'c2');
    assert.deepEqual(
      d.workflow.tasks.map((t) => t.referenceTaskName),
      ['a'],
    );
  });

  void test('from a task keeps the earlier tasks, drops later ones and runs that one again', () => {
    const h = new Harness(defs);
    h.start(threeSteps);
    h.complete('a', { x: 1 });
    h.complete('b');
    h.fail('c');
    const a = h.task('a');
    const b = h.task('b');
    const c = h.task('c');
    const d = h.send({ type: 'rerun', reRunFromTaskId: b.taskId, taskInput: { again: true } });
    assert.equal(d.workflow.status, 'RUNNING');
    assert.deepEqual(
      d.workflow.tasks.map((t) => [t.taskId, t.status]),
      [
        [a.taskId, 'COMPLETED'],
        [b.taskId, 'SCHEDULED'],
      ],
    );
    assert.deepEqual(h.task('b').inputData, { again: true });
    assert.deepEqual(h.commands('removeTasks')[0]?.taskIds, [c.taskId]);
    assert.deepEqual(
      h.commands('queueTask').map((q) => q.taskId),
      [b.taskId],
    );
    h.complete('b');
    h.complete('c');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('from a SUB_WORKFLOW whose child is rerun too, the task waits on that same child again', () => {
    const h = new Harness(defs);
    const sub = {
      name: 'kid',
      taskReferenceName: 'sub',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'kid' },
    };
    h.start(workflowDef([simple('a'), sub, simple('c')]));
    h.complete('a');
    const childId = h.task('sub').subWorkflowId!;
    h.childEnded('sub', 'FAILED', {}, 'child broke');
    assert.equal(h.workflow.status, 'FAILED');
    const d = h.send({ type: 'rerun', reRunFromTaskId: h.task('sub').taskId, childRerun: true });
    assert.equal(d.workflow.status, 'RUNNING');
    const task = h.task('sub');
    assert.equal(task.status, 'IN_PROGRESS');
    assert.equal(task.subWorkflowId, childId);
    assert.deepEqual(task.outputData, { subWorkflowId: childId });
    assert.equal(task.reasonForIncompletion, undefined);
    assert.deepEqual(h.commands('startWorkflow'), [], 'no new child: the runtime reruns the old one');
    h.childEnded('sub', 'COMPLETED', { ok: 1 });
    assert.equal(h.task('sub').status, 'COMPLETED');
    assert.equal(h.task('c').status, 'SCHEDULED');
  });

  void test('an unknown task id is refused', () => {
    const h = failedAtB();
    const d = h.send({ type: 'rerun', reRunFromTaskId: 'nope' });
    assert.match(d.ignored ?? '', /Could not find the task nope/);
    assert.equal(d.workflow.status, 'FAILED');
  });
});
