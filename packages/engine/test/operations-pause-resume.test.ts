import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const twoSteps = workflowDef([simple('a'), simple('b')]);

void describe('pause and resume (§3.1)', () => {
  void test('a paused workflow takes the result but schedules the next task only after resume', () => {
    const h = new Harness([taskDef('a'), taskDef('b')]);
    h.start(twoSteps);
    assert.equal(h.send({ type: 'pause' }).workflow.status, 'PAUSED');
    h.complete('a');
    assert.equal(h.task('a').status, 'COMPLETED');
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['a'],
    );
    const d = h.send({ type: 'resume' });
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(h.task('b').status, 'SCHEDULED');
    assert.equal(h.commands('queueTask').length, 1);
  });

  void test('pausing a paused workflow and resuming a running one are refused without change', () => {
    const h = new Harness([taskDef('a'), taskDef('b')]);
    h.start(twoSteps);
    const resumed = h.send({ type: 'resume' });
    assert.match(resumed.ignored ?? '', /not PAUSED/);
    h.send({ type: 'pause' });
    const before = h.workflow;
    const again = h.send({ type: 'pause' });
    assert.match(again.ignored ?? '', /already paused/);
    assert.equal(again.workflow, before);
  });

  void test('updateVariables merges into the variables', () => {
    const h = new Harness([taskDef('a')]);
    h.start(workflowDef([simple('a')], { variables: { x: 1, y: 2 } }));
    const d = h.send({ type: 'updateVariables', variables: { y: 3, z: 4 } });
    assert.deepEqual(d.workflow.variables, { x: 1, y: 3, z: 4 });
  });
});
