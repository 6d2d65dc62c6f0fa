import assert from 'node:assert/strict';
import type { StoreTx } from '../src/index.js';
import { forEachStore } from './support/stores.js';
import { task, workflow, workflowDef } from './helpers.js';

async function seed(tx: StoreTx, workflowId: string): Promise<void> {
  const wf = workflow(workflowId, workflowDef('flow'));
  wf.tasks = [task(wf, `${workflowId}-t1`, 1), task(wf, `${workflowId}-t2`, 2, { taskDefName: 'other' })];
  await tx.createWorkflow(wf);
  await tx.queuePush('greet', `${workflowId}-t1`, 0, 0);
  await tx.queuePush('blue:other', `${workflowId}-t2`, 0, 0);
  await tx.addTaskLogs([{ taskId: `${workflowId}-t1`, log: 'hello', createdTime: 1 }]);
  await tx.setTimer(workflowId, 10);
}

forEachStore(
  'removeWorkflow deletes the execution, its tasks, their messages and logs, and its timer',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await seed(tx, 'gone');
      await seed(tx, 'kept');
    });

    assert.equal(await store.transact((tx) => tx.removeWorkflow('gone')), true);
    assert.equal(await store.getWorkflow('gone', true), undefined);
    assert.equal(await store.getTask('gone-t1'), undefined);
    assert.equal(await store.getTask('gone-t2'), undefined);
    assert.deepEqual(await store.getTaskLogs('gone-t1'), []);
    assert.deepEqual(await store.queueSizes(), { 'blue:other': 1, greet: 1 });
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(100, 10, 1_000)), ['kept']);

    // The other execution is untouched.
    assert.equal((await store.getWorkflow('kept', true))?.tasks.length, 2);
    assert.equal((await store.getTaskLogs('kept-t1')).length, 1);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('greet', 10, 100, 1_000)), ['kept-t1']);

    assert.equal(await store.transact((tx) => tx.removeWorkflow('gone')), false);
  },
);
