import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore, type Store } from '../src/index.js';
import { sqlKind } from '../src/statement-counts.js';
import { storeKinds } from './support/stores.js';
import { createTestDatabase } from './support/postgres.js';

void test('an SQL text is counted by its verb and the table it writes or reads first', () => {
  assert.equal(sqlKind('INSERT INTO tasks (a) VALUES (1)'), 'INSERT tasks');
  assert.equal(sqlKind('insert or replace into timers values (1)'), 'INSERT timers');
  assert.equal(sqlKind('DELETE FROM queue_messages WHERE x = 1 RETURNING task_id'), 'DELETE queue_messages');
  assert.equal(sqlKind('UPDATE workflows SET a = 1'), 'UPDATE workflows');
  assert.equal(sqlKind('SELECT json FROM tasks WHERE task_id = ?'), 'SELECT tasks');
  assert.equal(sqlKind('BEGIN IMMEDIATE'), 'BEGIN');
  assert.equal(sqlKind('COMMIT'), 'COMMIT');
});

for (const kind of storeKinds) {
  void test(`a store opened with countStatements counts what it runs, by kind [${kind}]`, async (t) => {
    let store: Store;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'baton-count-'));
      store = await openSqliteStore({ path: join(dir, 'baton.db'), countStatements: true });
      t.after(async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      });
    } else {
      store = await (await createTestDatabase(t)).open({ countStatements: true });
    }
    assert.ok(store.statements);
    const before = store.statements.snapshot();
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 0);
      await tx.queuePush('q', 'b', 0, 0);
    });
    const after = store.statements.snapshot();
    const grew = (key: string): number => (after[key] ?? 0) - (before[key] ?? 0);
    // SQLite names the table and runs one insert per message; PostgreSQL statements go by their prepared names,
    // and the two held writes go as one (see held-writes.ts).
    if (kind === 'sqlite') assert.equal(grew('INSERT queue_messages'), 2, JSON.stringify(after));
    else assert.equal(grew('baton_small_writes_1'), 1, JSON.stringify(after));
    assert.equal(grew('BEGIN'), 1);
    assert.equal(grew('COMMIT'), 1);
  });
}

void test('a store opened without countStatements counts nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-count-'));
  const store = await openSqliteStore({ path: join(dir, 'baton.db') });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  assert.equal(store.statements, undefined);
});
