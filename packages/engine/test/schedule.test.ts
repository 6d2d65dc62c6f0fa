import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Pass } from '../src/decider/pass.js';
import { scheduleWorkflowTask } from '../src/decider/schedule.js';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

void describe('scheduling (rule 2)', () => {
  void test('never schedules a ref + retryCount that is already present', () => {
    const h = new Harness([taskDef('t1')]);
    const def = workflowDef([simple('t1')]);
    h.start(def);
    const pass = new Pass(h.workflow, h.ctx);
    assert.deepEqual(scheduleWorkflowTask(pass, def.tasks[0]!), []);
    assert.equal(pass.tasks.length, 1);
    assert.deepEqual(pass.commands, []);
    const retry = scheduleWorkflowTask(pass, def.tasks[0]!, 1);
    assert.equal(retry.length, 1, 'another retryCount is a different attempt');
    assert.equal(retry[0]!.seq, 2);
  });
});
