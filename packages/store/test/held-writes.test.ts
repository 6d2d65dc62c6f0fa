/**
 * Queue and timer writes within one transaction: however a store sends them (PostgreSQL holds them back and
 * carries them on the next execution write, in one statement), they apply in the order they were made and later
 * reads of the same transaction see them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../src/index.js';
import { task, workflow, workflowDef } from './helpers.js';
import { createTestDatabase } from './support/postgres.js';
import { forEachStore } from './support/stores.js';

/** Every visible message of `queue` at `now`, taken, in pop order. */
const takeAll = (store: Store, queue: string, now = 1_000_000): Promise<string[]> =>
  store.transact((tx) => tx.queueTake(queue, 100, now));

/** The due time of each timer, found by claiming at each of `times` in turn. */
async function dueTimers(store: Store, times: readonly number[]): Promise<Record<number, string[]>> {
  const due: Record<number, string[]> = {};
  for (const now of times) due[now] = await store.transact((tx) => tx.claimDueTimers(now, 100, 1_000_000));
  return due;
}

forEachStore('queue writes in one transaction apply in the order they were made', async (t, { store }) => {
  await store.transact((tx) => tx.queuePush('q', 'kept', 0, 0));
  await store.transact(async (tx) => {
    await tx.queuePush('q', 'pushed-then-removed', 0, 0);
    await tx.queueRemove('q', 'pushed-then-removed');
    await tx.queueRemove('q', 'removed-then-pushed');
    await tx.queuePush('q', 'removed-then-pushed', 0, 20);
    await tx.queuePush('q', 'moved', 0, 5_000);
    await tx.queuePush('q', 'moved', 0, 10);
    await tx.queueRemove('q', 'kept');
    await tx.queuePush('q', 'kept', 0, 30);
    await tx.queuePush('other', 'moved', 0, 0);
  });
  assert.deepEqual(await takeAll(store, 'q'), ['moved', 'removed-then-pushed', 'kept']);
  assert.deepEqual(await takeAll(store, 'other'), ['moved']);
});

forEachStore(
  'timer writes in one transaction fold into what they would do one by one',
  async (t, { store }) => {
    await store.transact((tx) => tx.setTimer('armed-early', 10));
    await store.transact(async (tx) => {
      await tx.setTimer('set-then-lowered', 500);
      await tx.setTimerIfEarlier('set-then-lowered', 50);
      await tx.setTimer('set-then-not-lowered', 60);
      await tx.setTimerIfEarlier('set-then-not-lowered', 900);
      await tx.setTimer('cleared-then-lowered', null);
      await tx.setTimerIfEarlier('cleared-then-lowered', 70);
      await tx.setTimerIfEarlier('lowered-then-cleared', 80);
      await tx.setTimer('lowered-then-cleared', null);
      await tx.setTimerIfEarlier('lowered-twice', 400);
      await tx.setTimerIfEarlier('lowered-twice', 90);
      await tx.setTimerIfEarlier('lowered-twice', 300);
      await tx.setTimerIfEarlier('armed-early', 95); // the stored timer is earlier: it stays
      await tx.setTimer('set-twice', 40);
      await tx.setTimer('set-twice', 99);
    });
    assert.deepEqual(await dueTimers(store, [10, 50, 60, 70, 90, 99, 10_000]), {
      10: ['armed-early'],
      50: ['set-then-lowered'],
      60: ['set-then-not-lowered'],
      70: ['cleared-then-lowered'],
      90: ['lowered-twice'],
      99: ['set-twice'],
      10_000: [],
    });
  },
);

forEachStore('a transaction reads its own queue and timer writes', async (t, { store }) => {
  const seen = await store.transact(async (tx) => {
    await tx.queuePush('q', 'a', 0, 0);
    await tx.setTimer('w', 5);
    const size = await tx.queueSize('q');
    const taken = await tx.queueTake('q', 10, 100);
    await tx.queuePush('q', 'b', 0, 0);
    const due = await tx.claimDueTimers(100, 10, 1_000);
    return { size, taken, due, acked: await tx.queueAck('q', 'b') };
  });
  assert.deepEqual(seen, { size: 1, taken: ['a'], due: ['w'], acked: true });
  assert.deepEqual(await takeAll(store, 'q'), []);
});

forEachStore('queue and timer writes land with the execution writes around them', async (t, { store }) => {
  const def = workflowDef('carried');
  const started = workflow('wf', def);
  const first = task(started, 't1', 1);
  await store.transact(async (tx) => {
    await tx.queuePush('greet', 't1', 0, 0);
    await tx.createWorkflow({ ...started, tasks: [first] });
    await tx.setTimerIfEarlier('wf', 500);
  });
  const done = { ...first, status: 'COMPLETED' as const };
  const second = task(started, 't2', 2);
  await store.transact(async (tx) => {
    const current = await tx.getWorkflow('wf', true);
    assert.ok(current);
    await tx.updateWorkflow({ ...current, tasks: [done, second] }, [done, second]);
    await tx.queueRemove('greet', 't1');
    await tx.queuePush('greet', 't2', 0, 0);
    await tx.updateTasks('wf', [{ ...second, pollCount: 1 }]);
    await tx.setTimerIfEarlier('wf', 200);
  });
  assert.deepEqual(await takeAll(store, 'greet'), ['t2']);
  assert.deepEqual(await dueTimers(store, [199, 200]), { 199: [], 200: ['wf'] });
  const stored = await store.getWorkflow('wf', true);
  assert.deepEqual(
    stored?.tasks.map((x) => [x.taskId, x.status, x.pollCount]),
    [
      ['t1', 'COMPLETED', 0],
      ['t2', 'SCHEDULED', 1],
    ],
  );

  // An update that removes tasks deletes their messages; a message pushed after it stays.
  const third = task(started, 't3', 3);
  await store.transact(async (tx) => {
    await tx.queuePush('greet', 't2', 0, 0);
    const current = await tx.getWorkflow('wf', true);
    assert.ok(current);
    await tx.updateWorkflow({ ...current, tasks: [done, third] }, [third], ['t2']);
    await tx.queuePush('greet', 't3', 0, 0);
  });
  assert.deepEqual(await takeAll(store, 'greet'), ['t3']);
});

forEachStore('queue and timer writes of a transaction that fails are not kept', async (t, { store }) => {
  const def = workflowDef('failing');
  await assert.rejects(
    store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 0);
      await tx.setTimer('w', 5);
      // The execution does not exist: the write fails the transaction, the writes carried with it too.
      await tx.updateWorkflow(workflow('missing', def), []);
    }),
  );
  await assert.rejects(
    store.transact(async (tx) => {
      await tx.queuePush('q', 'b', 0, 0);
      throw new Error('changed its mind');
    }),
    /changed its mind/,
  );
  assert.deepEqual(await takeAll(store, 'q'), []);
  assert.deepEqual(await dueTimers(store, [10_000]), { 10_000: [] });
});

void test('on PostgreSQL, a completion with its lock, dequeue, next message and timer is one statement', async (t) => {
  const store = await (await createTestDatabase(t)).open({ countStatements: true });
  const started = workflow('wf', workflowDef('counted'));
  const first = task(started, 't1', 1);
  await store.transact(async (tx) => {
    await tx.createWorkflow({ ...started, tasks: [first] });
    await tx.queuePush('greet', 't1', 0, 0);
  });
  const statements = store.statements!;
  const before = statements.snapshot();
  const second = task(started, 't2', 2);
  await store.transact(async (tx) => {
    const current = await tx.getWorkflow('wf', true);
    assert.ok(current);
    const done = { ...first, status: 'COMPLETED' as const };
    await tx.updateWorkflow({ ...current, tasks: [done, second] }, [done, second]);
    await tx.queueRemove('greet', 't1');
    await tx.queuePush('greet', 't2', 0, 0);
    await tx.setTimerIfEarlier('wf', 200);
  });
  const after = statements.snapshot();
  const grown = Object.fromEntries(
    Object.entries(after)
      .map(([kind, n]) => [kind, n - (before[kind] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  // The execution was kept by this store: its lock rides on its write, which requires the kept version.
  const sent = Object.keys(grown).filter((kind) => !/^(BEGIN|COMMIT)$/.test(kind));
  assert.deepEqual(sent, ['baton_workflow_update_11'], JSON.stringify(grown));
  assert.equal(grown['baton_workflow_update_11'], 1);
  assert.deepEqual(await takeAll(store, 'greet'), ['t2']);
});
