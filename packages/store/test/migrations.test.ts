import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../src/sqlite/migrate.js';
import { openTempStore, query } from './helpers.js';

void test('opening a new file applies every migration once and records it', async (t) => {
  const { path } = await openTempStore(t);
  const recorded = query<{ version: number }>(path, 'SELECT version FROM schema_migrations ORDER BY version');
  const expected = loadMigrations().map((m) => m.version);
  assert.ok(expected.length > 0);
  assert.deepEqual(
    recorded.map((r) => r.version),
    expected,
  );
  const tables = query<{ name: string }>(path, "SELECT name FROM sqlite_schema WHERE type = 'table'").map(
    (r) => r.name,
  );
  for (const name of [
    'workflow_defs',
    'task_defs',
    'workflows',
    'tasks',
    'queue_messages',
    'timers',
    'task_logs',
  ]) {
    assert.ok(tables.includes(name), `table ${name} exists`);
  }
});

void test('opening an already migrated file is a no-op and keeps the data', async (t) => {
  const { store, path, reopen } = await openTempStore(t);
  await store.transact((tx) => tx.putTaskDef({ name: 'greet' }));
  await store.close();
  const again = await reopen();
  assert.deepEqual(await again.getTaskDef('greet'), { name: 'greet' });
  const recorded = query<{ n: number }>(path, 'SELECT count(*) AS n FROM schema_migrations');
  assert.equal(recorded[0]?.n, loadMigrations().length);
});

void test('only migrations the file has not seen are applied', async (t) => {
  const { store, path } = await openTempStore(t);
  await store.close();
  const db = new Database(path);
  t.after(() => db.close());
  const extra = { version: 999, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' };
  assert.deepEqual(migrate(db, [...loadMigrations(), extra]), [999]);
  assert.deepEqual(migrate(db, [...loadMigrations(), extra]), []);
  assert.equal(db.prepare('SELECT count(*) AS n FROM extra').pluck().get(), 0);
});

void test('the file is in WAL mode', async (t) => {
  const { path } = await openTempStore(t);
  assert.equal(query<{ journal_mode: string }>(path, 'PRAGMA journal_mode')[0]?.journal_mode, 'wal');
});
