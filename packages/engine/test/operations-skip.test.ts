import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const threeSteps = workflowDef([simple('a'), simple('b'), simple('c')]);

void describe('skip a task', () => {
  void test('an unscheduled ref becomes SKIPPED and the workflow moves past it', () => {
    const h = new Harness([taskDef('a'), taskDef('b'), taskDef('c')]);
    h.start(threeSteps);
    const d = h.send({ type: 'skip', taskReferenceName: 'b', taskOutput: { skipped: 1 } });
    assert.equal(d.ignored, undefined);
    assert.equal(h.task('b').status, 'SKIPPED');
    assert.deepEqual(h.task('b').outputData, { skipped: 1 });
    h.complete('a');
    assert.equal(h.task('c').status, 'SCHEDULED');
    h.complete('c');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a scheduled ref, an unknown ref or a workflow not running is refused', () => {
    const h = new Harness([taskDef('a'), taskDef('b'), taskDef('c')]);
    h.start(threeSteps);
    assert.match(h.send({ type: 'skip', taskReferenceName: 'a' }).ignored ?? '', /already scheduled/);
    assert.match(h.send({ type: 'skip', taskReferenceName: 'zz' }).ignored ?? '', /not part of/);
    h.send({ type: 'pause' });
    assert.match(h.send({ type: 'skip', taskReferenceName: 'b' }).ignored ?? '', /workflow is PAUSED/);
  });
});
