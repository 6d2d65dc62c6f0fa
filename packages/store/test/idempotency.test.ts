import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../src/sqlite/migrate.js';
import { openTempStore, query, workflow, workflowDef } from './helpers.js';
import { forEachStore } from './support/stores.js';

forEachStore(
  'executions are found by name and idempotency key, newest first, with their status',
  async (t, { store }) => {
    const def = workflowDef('orders');
    await store.transact(async (tx) => {
      await tx.createWorkflow(workflow('old', def, { idempotencyKey: 'k1', startTime: 1_000 }));
      await tx.createWorkflow(workflow('new', def, { idempotencyKey: 'k1', startTime: 2_000 }));
      await tx.createWorkflow(workflow('other-key', def, { idempotencyKey: 'k2' }));
      await tx.createWorkflow(workflow('no-key', def));
      await tx.createWorkflow(workflow('other-name', workflowDef('billing'), { idempotencyKey: 'k1' }));
      // Inside the transaction the batch's own insert is visible: the start check and insert are atomic.
      assert.deepEqual(
        (await tx.workflowsByIdempotencyKey('orders', 'k1')).map((w) => w.workflowId),
        ['new', 'old'],
      );
    });
    const old = (await store.getWorkflow('old', false))!;
    await store.transact((tx) => tx.updateWorkflow({ ...old, status: 'COMPLETED' }, []));
    assert.deepEqual(await store.workflowsByIdempotencyKey('orders', 'k1'), [
      { workflowId: 'new', status: 'RUNNING' },
      { workflowId: 'old', status: 'COMPLETED' },
    ]);
    assert.deepEqual(await store.workflowsByIdempotencyKey('orders', 'nope'), []);
    assert.equal((await store.getWorkflow('new', false))?.idempotencyKey, 'k1');
  },
);

forEachStore('followers of a workflow are recorded once and removed with it', async (t, { store }) => {
  await store.transact(async (tx) => {
    await tx.createWorkflow(workflow('shared', workflowDef('orders'), { idempotencyKey: 'k' }));
    await tx.followWorkflow('shared', { workflowId: 'p1', taskId: 't1' });
    await tx.followWorkflow('shared', { workflowId: 'p1', taskId: 't1' });
    await tx.followWorkflow('shared', { workflowId: 'p2', taskId: 't2' });
  });
  const followers = await store.workflowFollowers('shared');
  assert.deepEqual(
    followers.sort((a, b) => a.taskId.localeCompare(b.taskId)),
    [
      { workflowId: 'p1', taskId: 't1' },
      { workflowId: 'p2', taskId: 't2' },
    ],
  );
  await store.transact((tx) => tx.removeWorkflow('shared'));
  assert.deepEqual(await store.workflowFollowers('shared'), []);
});

void test('migration 004 fills the key column of executions stored before it [sqlite]', async (t) => {
  const { store, path } = await openTempStore(t);
  await store.transact((tx) =>
    tx.createWorkflow(workflow('before', workflowDef('orders'), { idempotencyKey: 'k' })),
  );
  await store.close();
  const db = new Database(path);
  t.after(() => db.close());
  // Back to the schema before 004, with the key only in the JSON, then migrate again.
  db.exec(`DROP INDEX workflows_by_idempotency_key; DROP TABLE workflow_followers;
    ALTER TABLE workflows DROP COLUMN idempotency_key; DELETE FROM schema_migrations WHERE version = 4`);
  assert.deepEqual(migrate(db, loadMigrations()), [4]);
  assert.deepEqual(query(path, 'SELECT workflow_id, idempotency_key FROM workflows'), [
    { workflow_id: 'before', idempotency_key: 'k' },
  ]);
});
