/** WAL checkpoints run on a worker thread, not inside commits, and closing leaves a complete database file. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Checkpointer } from '../src/sqlite/checkpointer.js';
import { openConnection } from '../src/sqlite/open.js';
import { openTempStore, query } from './helpers.js';

/** Writes `count` task definitions, one commit each, with a payload that fills pages. */
async function writeTaskDefs(
  store: Awaited<ReturnType<typeof openTempStore>>['store'],
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.transact((tx) => tx.putTaskDef({ name: `t${i}`, description: 'x'.repeat(2000) }));
  }
}

void test('commits do not checkpoint: the database file grows only through the background worker', async (t) => {
  const { store, path } = await openTempStore(t, { backgroundCheckpoints: false });
  const before = statSync(path).size;
  await writeTaskDefs(store, 200);
  // Without the worker and with SQLite's own checkpoint at 1000 pages, 200 small commits stay in the WAL.
  assert.equal(statSync(path).size, before);

  const background = await openTempStore(t);
  const initial = statSync(background.path).size;
  await writeTaskDefs(background.store, 200);
  for (let i = 0; i < 100 && statSync(background.path).size === initial; i++) await sleep(20);
  assert.ok(statSync(background.path).size > initial, 'the worker copied pages into the database file');
});

void test('closing a store checkpoints everything and removes the WAL; the data is all there', async (t) => {
  const { store, path, reopen } = await openTempStore(t);
  await writeTaskDefs(store, 300);
  await store.close();
  assert.equal(existsSync(`${path}-wal`), false);
  assert.equal(query<{ n: number }>(path, 'SELECT count(*) AS n FROM task_defs')[0]!.n, 300);
  const again = await reopen();
  assert.equal((await again.listTaskDefs()).length, 300);
});

void test('the checkpointer never takes the write lock while a reader keeps it from copying the whole WAL', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-ckpt-'));
  const path = join(dir, 'ckpt.db');
  const writer = openConnection({ path, readonly: false, synchronous: 'NORMAL', busyTimeoutMs: 0 });
  writer.exec('CREATE TABLE rows (body TEXT NOT NULL)');
  const checkpointer = new Checkpointer(writer, path, { intervalMs: 5, restartFrames: 10 });
  // A reader in the middle of a read: the frames written after its snapshot cannot be copied until it ends.
  const reader = new Database(path, { readonly: true });
  t.after(async () => {
    if (reader.inTransaction) reader.exec('COMMIT');
    reader.close();
    await checkpointer.stop();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM rows').get();

  const insert = writer.prepare('INSERT INTO rows (body) VALUES (?)');
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    try {
      writer.exec('BEGIN IMMEDIATE');
      insert.run('x'.repeat(8000));
      writer.exec('COMMIT');
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      refused++;
    }
    // Turns for the worker's checkpoints, each of which finds more frames than restartFrames.
    await sleep(10);
  }
  const wal = writer.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
  assert.equal(refused, 0, 'a RESTART held the write lock while it waited for the reader');
  assert.ok(wal[0]!.log > 10, `the WAL holds ${wal[0]!.log} frames`);
});
