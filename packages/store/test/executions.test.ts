import assert from 'node:assert/strict';
import { task, workflow, workflowDef } from './helpers.js';
import { forEachStore } from './support/stores.js';

forEachStore(
  'a workflow round-trips with its tasks ordered by seq, or without them',
  async (t, { store }) => {
    const def = workflowDef('greeting', 3, { description: 'says hello', variables: { n: 1 } });
    const wf = workflow('w1', def, { correlationId: 'c1', taskToDomain: { '*': 'blue' } });
    wf.tasks = [task(wf, 't3', 3), task(wf, 't1', 1), task(wf, 't2', 2, { status: 'IN_PROGRESS' })];
    await store.transact((tx) => tx.createWorkflow(wf));

    const loaded = await store.getWorkflow('w1', true);
    assert.ok(loaded);
    assert.deepEqual(
      loaded.tasks.map((x) => x.taskId),
      ['t1', 't2', 't3'],
    );
    assert.deepEqual(loaded.workflowDefinition, def);
    assert.deepEqual({ ...loaded, tasks: [] }, { ...wf, tasks: [] });
    assert.deepEqual(loaded.tasks[1], wf.tasks[2]);

    const bare = await store.getWorkflow('w1', false);
    assert.deepEqual(bare?.tasks, []);
    assert.deepEqual(bare?.workflowDefinition, def);
    assert.deepEqual(await store.getTask('t2'), wf.tasks[2]);
    assert.equal(await store.getWorkflow('nope', true), undefined);
    assert.equal(await store.getTask('nope'), undefined);
  },
);

forEachStore(
  'executions of one definition share one stored, frozen snapshot of it',
  async (t, { store, rows }) => {
    const snapshotCount = async (): Promise<number | undefined> =>
      (await rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM def_snapshots'))[0]?.n;
    const def = workflowDef('shared');
    await store.transact(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.createWorkflow(workflow(`w${i}`, structuredClone(def)));
      await tx.createWorkflow(workflow('other', workflowDef('shared', 2)));
    });
    assert.equal(await snapshotCount(), 2);

    const a = await store.getWorkflow('w0', false);
    const b = await store.getWorkflow('w4', false);
    assert.ok(a && b);
    assert.equal(a.workflowDefinition, b.workflowDefinition);
    assert.ok(Object.isFrozen(a.workflowDefinition.tasks[0]));

    // Writing the execution back with the shared object keeps the same snapshot.
    await store.transact((tx) => tx.updateWorkflow({ ...a, status: 'COMPLETED' }, []));
    assert.equal(await snapshotCount(), 2);
    assert.equal((await store.getWorkflow('w0', false))?.status, 'COMPLETED');
  },
);

forEachStore(
  'updateWorkflow persists the execution fields and upserts only the given tasks',
  async (t, { store }) => {
    const wf = workflow('w1', workflowDef('flow'));
    const first = task(wf, 't1', 1);
    wf.tasks = [first];
    await store.transact((tx) => tx.createWorkflow(wf));

    const done = { ...first, status: 'COMPLETED' as const, outputData: { greeting: 'hi' }, endTime: 2_000 };
    const second = task(wf, 't2', 2);
    await store.transact((tx) =>
      tx.updateWorkflow({ ...wf, variables: { step: 2 }, tasks: [done, second] }, [done, second]),
    );
    const loaded = await store.getWorkflow('w1', true);
    assert.deepEqual(loaded?.variables, { step: 2 });
    assert.deepEqual(loaded?.tasks, [done, second]);

    // A changed definition (e.g. an upgraded execution) is persisted too.
    const upgraded = workflowDef('flow', 1, { description: 'new' });
    await store.transact((tx) => tx.updateWorkflow({ ...wf, workflowDefinition: upgraded }, []));
    assert.equal((await store.getWorkflow('w1', false))?.workflowDefinition.description, 'new');
  },
);

forEachStore('updating a workflow that does not exist fails and writes nothing', async (t, { store }) => {
  const wf = workflow('ghost', workflowDef('flow'));
  await assert.rejects(
    store.transact((tx) => tx.updateWorkflow(wf, [task(wf, 't1', 1)])),
    /ghost does not exist/,
  );
  assert.equal(await store.getTask('t1'), undefined);
});

forEachStore(
  'findByCorrelationId returns open executions unless closed ones are asked for',
  async (t, { store }) => {
    const def = workflowDef('order');
    await store.transact(async (tx) => {
      await tx.createWorkflow(workflow('running', def, { correlationId: 'c1', startTime: 3 }));
      await tx.createWorkflow(
        workflow('paused', def, { correlationId: 'c1', status: 'PAUSED', startTime: 2 }),
      );
      await tx.createWorkflow(
        workflow('done', def, { correlationId: 'c1', status: 'COMPLETED', startTime: 1 }),
      );
      await tx.createWorkflow(workflow('elsewhere', def, { correlationId: 'c2' }));
      await tx.createWorkflow(workflow('other-name', workflowDef('invoice'), { correlationId: 'c1' }));
      const withTask = workflow('with-task', def, { correlationId: 'c3' });
      withTask.tasks = [task(withTask, 'tt', 1)];
      await tx.createWorkflow(withTask);
    });
    const ids = (list: { workflowId: string }[]): string[] => list.map((w) => w.workflowId);
    assert.deepEqual(ids(await store.findByCorrelationId('order', 'c1', false, false)), [
      'paused',
      'running',
    ]);
    assert.deepEqual(ids(await store.findByCorrelationId('order', 'c1', true, false)), [
      'done',
      'paused',
      'running',
    ]);
    assert.deepEqual(await store.findByCorrelationId('order', 'none', true, false), []);
    const [withTasks] = await store.findByCorrelationId('order', 'c3', false, true);
    assert.deepEqual(
      withTasks?.tasks.map((x) => x.taskId),
      ['tt'],
    );
    const [withoutTasks] = await store.findByCorrelationId('order', 'c3', false, false);
    assert.deepEqual(withoutTasks?.tasks, []);
  },
);

forEachStore(
  'runningWorkflowIds filters by name, version, RUNNING and the start time window',
  async (t, { store }) => {
    const v1 = workflowDef('job', 1);
    await store.transact(async (tx) => {
      await tx.createWorkflow(workflow('a', v1, { startTime: 100 }));
      await tx.createWorkflow(workflow('b', v1, { startTime: 200 }));
      await tx.createWorkflow(workflow('c', v1, { startTime: 300 }));
      await tx.createWorkflow(workflow('paused', v1, { startTime: 150, status: 'PAUSED' }));
      await tx.createWorkflow(workflow('v2', workflowDef('job', 2), { startTime: 150 }));
    });
    assert.deepEqual(await store.runningWorkflowIds('job', 1), ['a', 'b', 'c']);
    assert.deepEqual(await store.runningWorkflowIds('job', 1, 150, 300), ['b', 'c']);
    assert.deepEqual(await store.runningWorkflowIds('job', 1, 100, 100), ['a']);
    assert.deepEqual(await store.runningWorkflowIds('job', 2), ['v2']);
    assert.deepEqual(await store.runningWorkflowIds('job', 3), []);
  },
);
