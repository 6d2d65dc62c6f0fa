/**
 * The write connection caches open executions and timers in memory. What a transaction reads must stay what the
 * database holds in that transaction: its own writes, its batch's earlier writes, never a rolled-back write.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTempStore, query, task, workflow, workflowDef } from './helpers.js';

const def = workflowDef('cached');

void test('a rolled-back update is not seen by the next transaction, in the same batch or later', async (t) => {
  const { store } = await openTempStore(t);
  const wf = workflow('w1', def);
  wf.tasks = [task(wf, 't1', 1)];
  await store.transact((tx) => tx.createWorkflow(wf));

  const outcomes = await Promise.allSettled([
    store.transact(async (tx) => {
      const loaded = (await tx.getWorkflow('w1', true))!;
      const done = { ...loaded.tasks[0]!, status: 'COMPLETED' as const };
      await tx.updateWorkflow({ ...loaded, status: 'COMPLETED' }, [done]);
      throw new Error('changed my mind');
    }),
    store.transact(async (tx) => [
      (await tx.getWorkflow('w1', true))?.status,
      (await tx.getTask('t1'))?.status,
    ]),
  ]);
  assert.equal(outcomes[0].status, 'rejected');
  assert.deepEqual(outcomes[1], { status: 'fulfilled', value: ['RUNNING', 'SCHEDULED'] });
  const later = await store.transact(async (tx) => (await tx.getTask('t1'))?.status);
  assert.equal(later, 'SCHEDULED');
});

void test('a transaction sees its own and its batch neighbours’ writes through the cache', async (t) => {
  const { store } = await openTempStore(t);
  const wf = workflow('w1', def);
  wf.tasks = [task(wf, 't1', 1)];
  await store.transact((tx) => tx.createWorkflow(wf));
  await store.transact((tx) => tx.getWorkflow('w1', true)); // now cached

  const [, seen] = await Promise.all([
    store.transact(async (tx) => {
      const loaded = (await tx.getWorkflow('w1', true))!;
      const polled = { ...loaded.tasks[0]!, status: 'IN_PROGRESS' as const, pollCount: 1 };
      await tx.updateTasks('w1', [polled]);
      assert.equal((await tx.getTask('t1'))?.status, 'IN_PROGRESS');
      const added = task(wf, 't2', 2);
      await tx.updateWorkflow({ ...loaded, tasks: [polled, added] }, [added]);
    }),
    store.transact(async (tx) =>
      (await tx.getWorkflow('w1', true))!.tasks.map((x) => `${x.taskId}:${x.status}`),
    ),
  ]);
  assert.deepEqual(seen, ['t1:IN_PROGRESS', 't2:SCHEDULED']);
  assert.deepEqual(
    query<{ task_id: string; status: string }>(store.path, 'SELECT task_id, status FROM tasks ORDER BY seq'),
    [
      { task_id: 't1', status: 'IN_PROGRESS' },
      { task_id: 't2', status: 'SCHEDULED' },
    ],
  );
});

void test('cached executions are frozen, and removed tasks leave them', async (t) => {
  const { store } = await openTempStore(t);
  const wf = workflow('w1', def);
  wf.tasks = [task(wf, 't1', 1), task(wf, 't2', 2)];
  await store.transact((tx) => tx.createWorkflow(wf));
  const tasks = await store.transact(async (tx) => {
    const loaded = (await tx.getWorkflow('w1', true))!;
    assert.ok(Object.isFrozen(loaded) && Object.isFrozen(loaded.tasks[0]));
    await tx.updateWorkflow({ ...loaded, tasks: [loaded.tasks[1]!] }, [], ['t1']);
    return (await tx.getWorkflow('w1', true))!.tasks.map((x) => x.taskId);
  });
  assert.deepEqual(tasks, ['t2']);
  assert.equal(await store.transact((tx) => tx.getTask('t1')), undefined);
});

void test('an unchanged timer is not rewritten, and a rolled-back one is not trusted', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact((tx) => tx.setTimer('w1', 5_000));
  await assert.rejects(
    store.transact(async (tx) => {
      await tx.setTimer('w1', 9_000);
      throw new Error('rolled back');
    }),
  );
  // The cache must not think the timer is at 9000: setting 9000 again has to write it.
  await store.transact((tx) => tx.setTimer('w1', 9_000));
  assert.deepEqual(query(store.path, 'SELECT due_at FROM timers'), [{ due_at: 9_000 }]);
  await store.transact((tx) => tx.setTimerIfEarlier('w1', 10_000));
  assert.deepEqual(query(store.path, 'SELECT due_at FROM timers'), [{ due_at: 9_000 }]);
  await store.transact((tx) => tx.setTimerIfEarlier('w1', 7_000));
  assert.deepEqual(query(store.path, 'SELECT due_at FROM timers'), [{ due_at: 7_000 }]);
});

void test('queueTake hands out visible messages in pop order and deletes them', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact(async (tx) => {
    await tx.queuePush('q', 'late', 0, 5_000);
    await tx.queuePush('q', 'low', 0, 100);
    await tx.queuePush('q', 'high', 5, 200);
  });
  assert.deepEqual(await store.transact((tx) => tx.queueTake('q', 5, 1_000)), ['high', 'low']);
  assert.equal(await store.queueSize('q'), 1);
});
