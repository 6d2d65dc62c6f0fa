import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

void describe('retrying an ended workflow (§4.3)', () => {
  void test('the failed task gets a new attempt at once, the workflow runs and then completes', () => {
    const h = new Harness([taskDef('a'), taskDef('b')]);
    h.start(workflowDef([simple('a'), simple('b', { v: '${workflow.input.v}' })]), { input: { v: 1 } });
    h.complete('a');
    h.fail('b', 'broken');
    assert.equal(h.workflow.status, 'FAILED');
    const failed = h.task('b');
    h.advance(5000);
    const d = h.send({ type: 'retry' });
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(d.workflow.reasonForIncompletion, undefined);
    assert.equal(d.workflow.endTime, 0);
    assert.equal(d.workflow.lastRetriedTime, T0 + 5000);
    const attempt = h.task('b');
    assert.notEqual(attempt.taskId, failed.taskId);
    assert.equal(attempt.retryCount, failed.retryCount + 1);
    assert.equal(attempt.status, 'SCHEDULED');
    assert.deepEqual(attempt.inputData, { v: 1 });
    assert.deepEqual(
      h.commands('queueTask').map((c) => [c.taskId, c.delayMs]),
      [[attempt.taskId, 0]],
    );
    assert.equal(h.workflow.tasks.find((t) => t.taskId === failed.taskId)?.retried, true);
    h.complete('b');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a workflow without failed tasks is refused', () => {
    const h = new Harness([taskDef('a')]);
    h.start(workflowDef([simple('a')]));
    h.complete('a');
    const d = h.send({ type: 'retry' });
    assert.match(d.ignored ?? '', /no retryable tasks/);
    assert.equal(d.workflow.status, 'COMPLETED');
  });
});

void describe('a retried child reopens its parent (§4.3)', () => {
  const parentDef = workflowDef([
    { name: 'child', taskReferenceName: 'sub', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'child' } },
    simple('after'),
  ]);

  void test('the SUB_WORKFLOW task waits on the child again and the parent runs', () => {
    const h = new Harness([taskDef('after')]);
    h.start(parentDef);
    h.childEnded('sub', 'FAILED', {}, 'child broke');
    assert.equal(h.workflow.status, 'FAILED');
    const sub = h.task('sub');
    h.advance(1000);
    const d = h.send({ type: 'childReopened', taskId: sub.taskId, childWorkflowId: sub.subWorkflowId! });
    assert.equal(d.ignored, undefined);
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(d.workflow.lastRetriedTime, T0 + 1000);
    assert.equal(h.task('sub').status, 'IN_PROGRESS');
    assert.equal(h.task('sub').taskId, sub.taskId);
    h.childEnded('sub', 'COMPLETED', { ok: true });
    assert.equal(h.task('after').status, 'SCHEDULED');
  });

  void test('a task still running is not reopened', () => {
    const h = new Harness([taskDef('after')]);
    h.start(parentDef);
    const sub = h.task('sub');
    const d = h.send({ type: 'childReopened', taskId: sub.taskId, childWorkflowId: 'x' });
    assert.match(d.ignored ?? '', /still IN_PROGRESS/);
  });
});
