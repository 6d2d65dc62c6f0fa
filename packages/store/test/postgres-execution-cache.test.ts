// Executions a PostgreSQL store keeps between transactions (src/postgres/execution-cache.ts): used only at the
// version the row still has, whichever server (or earlier release) changed it meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { Store } from '../src/index.js';
import { PgExecutionCache } from '../src/postgres/execution-cache.js';
import { task, workflow, workflowDef } from './helpers.js';
import { createTestDatabase } from './support/postgres.js';

/**
 * Adds one to the execution's `count` variable and marks who wrote which count (`a1`, `b2`, ...), read and
 * written in one transaction; counts the runs. A write made from an out-of-date copy would drop a mark.
 */
async function increment(
  store: Store,
  who: string,
  workflowId: string,
  runs: { count: number },
): Promise<number> {
  return store.transact(async (tx) => {
    runs.count++;
    const wf = await tx.getWorkflow(workflowId, true);
    assert.ok(wf);
    const count = Number(wf.variables.count ?? 0) + 1;
    await tx.updateWorkflow({ ...wf, variables: { ...wf.variables, count, [`${who}${count}`]: true } }, []);
    return count;
  });
}

async function seed(store: Store, workflowId: string): Promise<void> {
  const wf = workflow(workflowId, workflowDef('flow'), { variables: { count: 0 } });
  wf.tasks = [task(wf, `${workflowId}-t1`, 1)];
  await store.transact((tx) => tx.createWorkflow(wf));
}

void test("a server that kept an execution sees another server's change to it and loses no update", async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seed(a, 'w1'); // a keeps w1 as it wrote it
  const runs = { count: 0 };
  assert.equal(await increment(a, 'a', 'w1', runs), 1);
  assert.equal(runs.count, 1, 'the kept execution was current: one run');

  assert.equal(await increment(b, 'b', 'w1', { count: 0 }), 2); // b changes it behind a's back

  runs.count = 0;
  assert.equal(await increment(a, 'a', 'w1', runs), 3, "a counts from b's write, not from what it kept");
  assert.equal(runs.count, 2, 'the first run went on with the kept execution and was run again');
  const stored = await b.getWorkflow('w1', true);
  // Nothing a wrote from its out-of-date copy committed: that write would have dropped b2.
  assert.deepEqual(stored?.variables, { count: 3, a1: true, b2: true, a3: true });
});

void test("a task read through a kept execution reflects another server's change to that task", async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seed(a, 'w1');
  await b.transact(async (tx) => {
    const current = await tx.getTask('w1-t1');
    assert.ok(current);
    await tx.updateTasks('w1', [{ ...current, status: 'IN_PROGRESS', pollCount: 1 }]);
  });
  const seen = await a.transact((tx) => tx.getTask('w1-t1'));
  assert.equal(seen?.status, 'IN_PROGRESS');
  assert.equal(seen?.pollCount, 1);
});

void test('writes of a server without execution versions (an earlier release) are seen too', async (t) => {
  const database = await createTestDatabase(t);
  const a = await database.open();
  await seed(a, 'w1');
  // An earlier release writes the task row and never the version; its session does not say baton.versioned.
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  const setStatus = (status: string) =>
    client.query(
      `UPDATE tasks SET status = $1, json = jsonb_set(json::jsonb, '{status}', to_jsonb($1::text))::text
       WHERE task_id = 'w1-t1'`,
      [status],
    );
  try {
    await setStatus('IN_PROGRESS');
    assert.equal(await a.transact((tx) => tx.countInProgress('greet')), 1, 'its running task counts');
    await setStatus('COMPLETED');
    assert.equal(await a.transact((tx) => tx.countInProgress('greet')), 0);
  } finally {
    await client.end();
  }
  const seen = await a.transact((tx) => tx.getTask('w1-t1'));
  assert.equal(seen?.status, 'COMPLETED');
});

void test('a removed execution is not served from what a server kept', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seed(a, 'w1');
  assert.equal(await b.transact((tx) => tx.removeWorkflow('w1')), true);
  assert.equal(await a.transact((tx) => tx.getWorkflow('w1', true)), undefined);
  assert.equal(await a.transact((tx) => tx.getTask('w1-t1')), undefined);
});

void test('a hand-out of a task whose execution another server changed reads it again', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seed(a, 'w1');
  await a.transact((tx) => tx.queuePush('greet', 'w1-t1', 0, 0));
  await b.transact(async (tx) => {
    const wf = await tx.getWorkflow('w1', true);
    assert.ok(wf);
    await tx.updateWorkflow({ ...wf, variables: { count: 7 } }, []);
  });
  const handed = await a.transact(async (tx) => {
    const [taskId] = await tx.queueTake('greet', 1, Date.now());
    assert.equal(taskId, 'w1-t1');
    return tx.getWorkflow('w1', true);
  });
  assert.equal(handed?.variables.count, 7);
});

void test('the cache stops going on before the lock answers once kept executions are often changed elsewhere', () => {
  const cache = new PgExecutionCache('instance');
  assert.equal(cache.speculating, true);
  cache.checked('w', true);
  assert.equal(cache.speculating, true, 'one changed execution is not a pattern');
  for (let i = 0; i < 5; i++) cache.checked('w', true);
  assert.equal(cache.speculating, false);
  for (let i = 0; i < 200; i++) cache.checked('w', false);
  assert.equal(cache.speculating, true, 'back once checks find the kept executions current');
});

void test('versions a cache makes are unique to it and start with its prefix', () => {
  const [one, two] = [new PgExecutionCache('one'), new PgExecutionCache('two')];
  const made = [one.newVersion(), one.newVersion(), two.newVersion()];
  assert.equal(new Set(made).size, 3);
  assert.ok(made[0]!.startsWith(one.versionPrefix) && made[2]!.startsWith(two.versionPrefix));
});
