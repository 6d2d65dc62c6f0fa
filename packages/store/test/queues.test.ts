import assert from 'node:assert/strict';
import { task, workflow, workflowDef } from './helpers.js';
import { forEachStore } from './support/stores.js';

forEachStore(
  'pop hands out visible messages by priority then visibility, hides them, and they come back',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 100);
      await tx.queuePush('q', 'b', 5, 200);
      await tx.queuePush('q', 'c', 5, 150);
      await tx.queuePush('q', 'd', 0, 50);
      await tx.queuePush('q', 'later', 9, 10_000);
      await tx.queuePush('other', 'x', 0, 0);
    });
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 2, 1_000, 500)), ['c', 'b']);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_000, 500)), ['d', 'a']);
    // Everything visible was handed out: nothing until the visibility timeout runs out.
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_499, 500)), []);
    assert.equal(await store.nextVisibleAt('q', 1_499), 1_500);

    assert.equal(await store.transact((tx) => tx.queueAck('q', 'c')), true);
    assert.equal(await store.transact((tx) => tx.queueAck('q', 'c')), false);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_500, 500)), ['b', 'a', 'd']);

    assert.equal(await store.queueSize('q'), 4);
    assert.deepEqual(await store.queueSizes(), { other: 1, q: 4 });
  },
);

forEachStore(
  'pushing a message that is already queued moves it instead of adding one',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 10);
      await tx.queuePush('q', 'b', 0, 20);
      await tx.queuePush('q', 'a', 0, 5_000);
    });
    assert.equal(await store.queueSize('q'), 2);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 100, 1_000)), ['b']);
    assert.equal(await store.nextVisibleAt('q', 100), 1_100);
  },
);

forEachStore(
  'nextVisibleAt: the earliest visibleAt across priorities, now when one is visible, undefined when empty',
  async (t, { store }) => {
    assert.equal(await store.nextVisibleAt('q', 0), undefined);
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'high', 9, 700);
      await tx.queuePush('q', 'mid', 5, 300);
      await tx.queuePush('q', 'mid2', 5, 900);
      await tx.queuePush('q', 'low', 0, 400);
      await tx.queuePush('elsewhere', 'x', 1, 1);
    });
    assert.equal(await store.nextVisibleAt('q', 0), 300);
    await store.transact((tx) => tx.queueAck('q', 'mid'));
    assert.equal(await store.nextVisibleAt('q', 0), 400);
    // A message is visible already: re-check at once.
    assert.equal(await store.nextVisibleAt('q', 450), 450);
    assert.deepEqual(await store.queueSizes(), { elsewhere: 1, q: 3 });
    assert.equal(await store.queueSize('empty'), 0);
  },
);

forEachStore(
  'a hand-out reads and updates the tasks it took in the same transaction',
  async (t, { store }) => {
    const def = workflowDef('flow');
    await store.transact(async (tx) => {
      for (const id of ['w1', 'w2', 'w3']) {
        const wf = workflow(id, def);
        wf.tasks = [task(wf, `${id}-t1`, 1), task(wf, `${id}-t2`, 2)];
        await tx.createWorkflow(wf);
        await tx.queuePush('greet', `${id}-t2`, id === 'w3' ? 0 : 1, 0);
      }
    });
    const handed = await store.transact(async (tx) => {
      const ids = await tx.queueTake('greet', 2, 1_000);
      const out: string[] = [];
      for (const id of ids) {
        const taken = (await tx.getTask(id))!;
        const wf = (await tx.getWorkflow(taken.workflowInstanceId, true))!;
        assert.equal(wf.tasks.length, 2);
        await tx.updateTasks(wf.workflowId, [{ ...taken, status: 'IN_PROGRESS', workerId: 'worker' }]);
        out.push(`${wf.workflowId}:${(await tx.getTask(id))?.status}`);
      }
      return out;
    });
    assert.deepEqual(handed, ['w1:IN_PROGRESS', 'w2:IN_PROGRESS']);
    assert.equal((await store.getTask('w1-t2'))?.workerId, 'worker');
    assert.equal((await store.getTask('w3-t2'))?.status, 'SCHEDULED');
    assert.deepEqual(await store.transact((tx) => tx.queuePop('greet', 5, 1_000, 100)), ['w3-t2']);
  },
);

forEachStore(
  'queueRemove deletes a message if it is there, and is a no-op when it is gone',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 0);
      await tx.queuePush('q', 'b', 0, 0);
    });
    await store.transact(async (tx) => {
      await tx.queueRemove('q', 'a');
      await tx.queueRemove('q', 'a');
      await tx.queueRemove('q', 'never-queued');
    });
    assert.equal(await store.queueSize('q'), 1);
    assert.deepEqual(await store.transact((tx) => tx.queueTake('q', 10, 1)), ['b']);
  },
);
