import assert from 'node:assert/strict';
import { forEachStore } from './support/stores.js';
import { StoreUnavailableError } from '../src/index.js';
import { task, workflow, workflowDef } from './helpers.js';

forEachStore('task logs come back per task in the order they were added', async (t, { store }) => {
  await store.transact((tx) =>
    tx.addTaskLogs([
      { taskId: 't1', log: 'first', createdTime: 30 },
      { taskId: 't2', log: 'elsewhere', createdTime: 10 },
      { taskId: 't1', log: 'second', createdTime: 20 },
    ]),
  );
  await store.transact((tx) => tx.addTaskLogs([{ taskId: 't1', log: 'third', createdTime: 40 }]));
  assert.deepEqual(await store.getTaskLogs('t1'), [
    { taskId: 't1', log: 'first', createdTime: 30 },
    { taskId: 't1', log: 'second', createdTime: 20 },
    { taskId: 't1', log: 'third', createdTime: 40 },
  ]);
  assert.deepEqual(await store.getTaskLogs('none'), []);
});

forEachStore(
  'poll data is upserted per queue, domain and worker; absent ones are omitted',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.recordPoll({ queueName: 'greet', lastPollTime: 1 });
      await tx.recordPoll({ queueName: 'greet', domain: 'blue', workerId: 'w1', lastPollTime: 2 });
      await tx.recordPoll({ queueName: 'greet', domain: 'blue', workerId: 'w1', lastPollTime: 5 });
      await tx.recordPoll({ queueName: 'other', workerId: 'w9', lastPollTime: 3 });
    });
    const greet = await store.getPollData('greet');
    assert.deepEqual(greet, [
      { queueName: 'greet', lastPollTime: 1 },
      { queueName: 'greet', domain: 'blue', workerId: 'w1', lastPollTime: 5 },
    ]);
    assert.equal('domain' in (greet[0] ?? {}), false);
    assert.deepEqual(
      (await store.getPollData()).map((p) => [p.queueName, p.workerId, p.lastPollTime]),
      [
        ['greet', undefined, 1],
        ['greet', 'w1', 5],
        ['other', 'w9', 3],
      ],
    );
    assert.deepEqual(await store.getPollData('nobody'), []);
  },
);

forEachStore('countInProgress counts IN_PROGRESS tasks of one definition', async (t, { store }) => {
  const wf = workflow('w1', workflowDef('flow'));
  const running = task(wf, 't1', 1, { status: 'IN_PROGRESS' });
  wf.tasks = [
    running,
    task(wf, 't2', 2, { status: 'IN_PROGRESS' }),
    task(wf, 't3', 3, { status: 'SCHEDULED' }),
    task(wf, 't4', 4, { status: 'IN_PROGRESS', taskDefName: 'other' }),
  ];
  await store.transact((tx) => tx.createWorkflow(wf));
  assert.equal(await store.transact((tx) => tx.countInProgress('greet')), 2);
  await store.transact((tx) => tx.updateWorkflow(wf, [{ ...running, status: 'COMPLETED' }]));
  assert.equal(await store.transact((tx) => tx.countInProgress('greet')), 1);
  assert.equal(await store.transact((tx) => tx.countInProgress('none')), 0);
});

forEachStore(
  'hand-outs are returned from `since` on, oldest first, and older ones are dropped',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.recordHandout('a', 300);
      await tx.recordHandout('a', 100);
      await tx.recordHandout('a', 200);
      await tx.recordHandout('b', 250);
    });
    assert.deepEqual(await store.transact((tx) => tx.recentHandouts('a', 150)), [200, 300]);
    assert.deepEqual(await store.transact((tx) => tx.recentHandouts('a', 0)), [200, 300]);
    assert.deepEqual(await store.transact((tx) => tx.recentHandouts('b', 0)), [250]);
  },
);

forEachStore(
  'a closed store refuses work as unavailable: a server shutting down answers 503, retryable',
  async (t, { store }) => {
    await store.close();
    await assert.rejects(
      store.transact((tx) => tx.putTaskDef({ name: 'late' })),
      (err: unknown) => err instanceof StoreUnavailableError && err.retryable,
    );
  },
);
