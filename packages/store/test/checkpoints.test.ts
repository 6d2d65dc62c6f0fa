/** WAL checkpoints run on a worker thread, not inside commits, and closing leaves a complete database file. */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
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
