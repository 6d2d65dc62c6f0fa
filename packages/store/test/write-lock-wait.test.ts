/**
 * While another connection holds SQLite's write lock (the checkpointer's RESTART, another process), the store's
 * transactions wait for it on timers, not in SQLite's busy handler, which would sleep on the event loop.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../src/index.js';
import { openTempStore, query } from './helpers.js';

/** A second, plain connection on `path` that holds the write lock until `release`. */
function holdWriteLock(path: string): { release: () => void } {
  const other = new Database(path);
  other.pragma('busy_timeout = 0');
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
  };
}

const taskDefNames = (path: string): string[] =>
  query<{ name: string }>(path, 'SELECT name FROM task_defs ORDER BY name').map((r) => r.name);

void test('transactions wait for another connection’s write lock while the event loop keeps running; none is lost', async (t) => {
  const { store, path } = await openTempStore(t, { backgroundCheckpoints: false });
  const lock = holdWriteLock(path);
  const order: string[] = [];
  const writes = ['a', 'b', 'c'].map((name) =>
    store.transact((tx) => tx.putTaskDef({ name })).then(() => order.push(`committed ${name}`)),
  );
  // Queued after the group commit's first attempt at BEGIN: runs only if that attempt did not block the loop.
  await new Promise((resolve) => setImmediate(resolve));
  order.push('loop turned');
  // More attempts meanwhile, each refused by the lock.
  await sleep(100);
  order.push('lock released');
  lock.release();
  await Promise.all(writes);

  assert.deepEqual(order, ['loop turned', 'lock released', 'committed a', 'committed b', 'committed c']);
  assert.deepEqual(taskDefNames(path), ['a', 'b', 'c']);
  assert.deepEqual(store.health(), { healthy: true });
});

void test('past the busy timeout the transaction is refused as retryable (503), writes nothing, and the next one commits', async (t) => {
  const { store, path } = await openTempStore(t, { backgroundCheckpoints: false, busyTimeoutMs: 50 });
  const lock = holdWriteLock(path);
  const order: string[] = [];
  const refused = store
    .transact((tx) => tx.putTaskDef({ name: 'refused' }))
    .then(
      () => order.push('committed'),
      (err: unknown) => {
        order.push('refused');
        return err;
      },
    );
  setImmediate(() => order.push('loop turned'));
  const err = await refused;

  assert.deepEqual(order, ['loop turned', 'refused']);
  assert.ok(err instanceof StoreUnavailableError, String(err));
  assert.equal(err.retryable, true);
  assert.match(err.message, /SQLITE_BUSY/);
  assert.equal(store.health().healthy, false);

  lock.release();
  await store.transact((tx) => tx.putTaskDef({ name: 'after' }));
  assert.deepEqual(taskDefNames(path), ['after']);
  assert.deepEqual(store.health(), { healthy: true });
});

void test('the payload writer’s thread waits for another connection’s write lock; its put and sweep then go through', async (t) => {
  const { store, path } = await openTempStore(t, { backgroundCheckpoints: false });
  await store.storeExternalPayload('task/output/old.json', Buffer.from('{"old":1}'), 1, true);
  const lock = holdWriteLock(path);
  const order: string[] = [];
  // The sweep reads before it deletes: begun deferred, it would fail at once on the taken lock (SQLITE_BUSY).
  const sweep = store.sweepPendingPayloads(10, 100).then((n) => order.push(`swept ${n}`));
  const put = store
    .storeExternalPayload('task/output/new.json', Buffer.from('{"new":1}'), 20, true)
    .then(() => order.push('stored'));
  await sleep(100);
  order.push('lock released');
  lock.release();
  await Promise.all([sweep, put]);

  assert.deepEqual(order, ['lock released', 'swept 1', 'stored']);
  assert.equal(await store.getExternalPayload('task/output/old.json'), undefined);
  assert.equal((await store.getExternalPayload('task/output/new.json'))?.toString(), '{"new":1}');
  assert.deepEqual(store.health(), { healthy: true });
});
