import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTempStore } from './helpers.js';

void test('100 concurrent transactions all resolve, all land, and share commits', async (t) => {
  const { store } = await openTempStore(t);
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      store.transact(async (tx) => {
        await tx.putTaskDef({ name: `task-${i}` });
        return i;
      }),
    ),
  );
  assert.deepEqual(
    results,
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.equal((await store.listTaskDefs()).length, 100);
  assert.equal(store.stats.transactions, 100);
  assert.ok(store.stats.commits < 100, `${store.stats.commits} commits for 100 transactions`);
});

void test('a batch holds at most maxBatch transactions', async (t) => {
  // No time budget: on a loaded machine 20 ms may run out first and split a batch sooner.
  const { store } = await openTempStore(t, { maxBatch: 10, maxBatchMs: Infinity });
  await Promise.all(
    Array.from({ length: 25 }, (_, i) => store.transact((tx) => tx.putTaskDef({ name: `t${i}` }))),
  );
  assert.equal(store.stats.commits, 3);
  assert.equal((await store.listTaskDefs()).length, 25);
});

void test('a batch stops taking transactions once it has run maxBatchMs; the rest commit in later batches', async (t) => {
  const { store } = await openTempStore(t, { maxBatchMs: 0 });
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      store.transact(async (tx) => {
        await tx.putTaskDef({ name: `t${i}` });
        return i;
      }),
    ),
  );
  assert.deepEqual(results, [0, 1, 2, 3, 4]);
  assert.equal(store.stats.commits, 5);
  assert.deepEqual((await store.listTaskDefs()).map((d) => d.name).sort(), ['t0', 't1', 't2', 't3', 't4']);
});

void test('a failing transaction rolls back only its own writes; its batch neighbours commit', async (t) => {
  const { store } = await openTempStore(t, { maxBatchMs: Infinity }); // one batch, however slow the machine
  const before = store.stats.commits;
  const outcomes = await Promise.allSettled([
    store.transact(async (tx) => {
      await tx.putTaskDef({ name: 'a' });
      return 'a';
    }),
    store.transact(async (tx) => {
      await tx.putTaskDef({ name: 'b' });
      await tx.queuePush('q', 'b-task', 0, 0);
      throw new Error('b failed');
    }),
    store.transact(async (tx) => {
      // Sees its batch neighbour's write, but not the rolled-back one.
      const seen = [await tx.getTaskDef('a'), await tx.getTaskDef('b')].map((d) => d?.name);
      await tx.putTaskDef({ name: 'c' });
      return seen;
    }),
  ]);
  assert.deepEqual(outcomes[0], { status: 'fulfilled', value: 'a' });
  assert.equal(outcomes[1].status, 'rejected');
  assert.match(String(outcomes[1].reason), /b failed/);
  assert.deepEqual(outcomes[2], { status: 'fulfilled', value: ['a', undefined] });

  assert.deepEqual(
    (await store.listTaskDefs()).map((d) => d.name),
    ['a', 'c'],
  );
  assert.equal(await store.queueSize('q'), 0);
  assert.equal(store.stats.commits - before, 1);
  assert.equal(store.stats.rolledBack, 1);
  // 'b' failed halfway: its batch was undone and the neighbours that had already run ('a') ran again with 'c'.
  assert.equal(store.stats.reruns, 2);
});

void test('a transaction that fails before writing is rejected alone: nothing runs twice', async (t) => {
  const { store } = await openTempStore(t, { maxBatchMs: Infinity }); // one batch, however slow the machine
  const runs: string[] = [];
  const outcomes = await Promise.allSettled([
    store.transact(async (tx) => {
      runs.push('a');
      await tx.putTaskDef({ name: 'a' });
    }),
    store.transact(async (tx) => {
      runs.push('b');
      if ((await tx.getTaskDef('missing')) === undefined) throw new Error('not found');
      await tx.putTaskDef({ name: 'b' });
    }),
    store.transact(async (tx) => {
      runs.push('c');
      await tx.putTaskDef({ name: 'c' });
    }),
  ]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(runs, ['a', 'b', 'c']);
  assert.equal(store.stats.reruns, 0);
  assert.deepEqual(
    (await store.listTaskDefs()).map((d) => d.name),
    ['a', 'c'],
  );
});

void test("the store's own reads see a write only once its batch committed", async (t) => {
  const { store } = await openTempStore(t);
  const seenDuring = await store.transact(async (tx) => {
    await tx.putTaskDef({ name: 'fresh' });
    return { viaTx: await tx.getTaskDef('fresh'), viaStore: await store.getTaskDef('fresh') };
  });
  assert.deepEqual(seenDuring.viaTx, { name: 'fresh' });
  assert.equal(seenDuring.viaStore, undefined);
  assert.deepEqual(await store.getTaskDef('fresh'), { name: 'fresh' });
});

void test('a tx cannot be used after its function settled', async (t) => {
  const { store } = await openTempStore(t);
  const leaked = await store.transact((tx) => Promise.resolve(tx));
  await assert.rejects(leaked.putTaskDef({ name: 'late' }), /transaction has ended/);
  assert.equal(await store.getTaskDef('late'), undefined);
});

void test('close finishes the pending batch; the data survives a reopen; a closed store refuses work', async (t) => {
  const { store, reopen } = await openTempStore(t);
  const pending = store.transact(async (tx) => {
    await tx.putTaskDef({ name: 'durable' });
    await tx.queuePush('q', 'm', 3, 42);
    return 'done';
  });
  await store.close();
  assert.equal(await pending, 'done');
  await assert.rejects(
    store.transact((tx) => tx.putTaskDef({ name: 'x' })),
    /closed/,
  );
  await assert.rejects(store.getTaskDef('durable'), /closed/);

  const again = await reopen();
  assert.deepEqual(await again.getTaskDef('durable'), { name: 'durable' });
  assert.equal(await again.nextVisibleAt('q', 0), 42);
});

void test('synchronous FULL is accepted and works the same', async (t) => {
  const { store } = await openTempStore(t, { synchronous: 'FULL' });
  await store.transact((tx) => tx.putTaskDef({ name: 'safe' }));
  assert.deepEqual(await store.getTaskDef('safe'), { name: 'safe' });
});
