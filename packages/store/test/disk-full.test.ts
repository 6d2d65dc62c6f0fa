// A write SQLite refuses for want of space (SQLITE_FULL, here from `PRAGMA max_page_count`, a real SQLite limit on
// the file's size) rejects as StoreUnavailableError, keeps the write caches in step
// with the file and makes the store unhealthy until a write goes through again. A COMMIT refused by a really full
// disk is shown in the server's packages/server/test/disk-full.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { StoreUnavailableError } from '../src/index.js';
import { GroupCommit } from '../src/sqlite/group-commit.js';
import { type Connection, openConnection } from '../src/sqlite/open.js';
import { StagedMap } from '../src/sqlite/staged-map.js';

interface Fixture {
  db: Connection;
  cache: StagedMap<string, number>;
  commit: GroupCommit<Connection>;
  /** Inserts a row of `bytes` bytes under `key` and caches its size, as the store's write caches do. */
  put: (key: string, bytes: number) => Promise<string>;
  keys: () => string[];
}

function openFixture(t: TestContext): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'baton-full-'));
  const db = openConnection({
    path: join(dir, 'full.db'),
    readonly: false,
    synchronous: 'NORMAL',
    busyTimeoutMs: 1000,
  });
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.exec('CREATE TABLE blobs (key TEXT PRIMARY KEY, body BLOB NOT NULL)');
  const cache = new StagedMap<string, number>(100);
  const commit = new GroupCommit<Connection>(db, () => ({ tx: db, revoke: () => {}, wrote: () => true }), {
    staged: cache,
  });
  const insert = db.prepare('INSERT INTO blobs (key, body) VALUES (?, ?)');
  const put = (key: string, bytes: number): Promise<string> =>
    commit.run((tx) => {
      assert.equal(tx, db);
      insert.run(key, Buffer.alloc(bytes, 7));
      cache.set(key, bytes);
      return Promise.resolve(key);
    });
  const keys = (): string[] =>
    db
      .prepare<[], string>('SELECT key FROM blobs ORDER BY key')
      .pluck()
      .all()
      .filter((k) => k !== 'filler');
  return { db, cache, commit, put, keys };
}

/** Caps the file at its current size: any write that needs a new page fails with SQLITE_FULL. */
function fillUp(db: Connection): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

void test('SQLITE_FULL rejects its batch as StoreUnavailableError; callers after it commit; health follows', async (t) => {
  const { db, cache, commit, put, keys } = openFixture(t);
  await put('filler', 100);
  assert.deepEqual(commit.health.status, { healthy: true });
  fillUp(db);

  const outcomes = await Promise.allSettled([put('small', 10), put('big', 200_000), put('tiny', 10)]);
  // SQLite abandons the whole transaction on SQLITE_FULL: the caller before the refused write loses its (not
  // yet acknowledged) write too, retryable; the caller after it gets a new transaction.
  const [small, big, tiny] = outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.value) as unknown);
  for (const error of [small, big]) {
    assert.ok(error instanceof StoreUnavailableError, String(error));
    assert.equal(error.retryable, true);
    assert.match(error.message, /^the database could not write \(SQLITE_FULL\): database or disk is full$/);
  }
  assert.equal(tiny, 'tiny');

  // Nothing of the refused batch is in the file or in the cache; the next caller's write is in both.
  assert.deepEqual(keys(), ['tiny']);
  assert.equal(cache.get('small'), undefined);
  assert.equal(cache.get('big'), undefined);
  assert.equal(cache.get('tiny'), 10);
  assert.equal(db.inTransaction, false);
  // The batch that met the failure proves nothing: still unhealthy, with why and since when.
  const status = commit.health.status;
  assert.equal(status.healthy, false);
  assert.equal(status.reason, (big as Error).message);
  assert.equal(typeof status.since, 'number');

  // A batch that reads only, or changes nothing, does not make it healthy either.
  await commit.run(() => Promise.resolve(db.prepare('SELECT count(*) FROM blobs').get()));
  assert.equal(commit.health.healthy, false);

  // Room again (the operator freed space): the same write goes through and the store is healthy.
  db.pragma('max_page_count = 1000000');
  assert.equal(await put('big', 200_000), 'big');
  assert.deepEqual(commit.health.status, { healthy: true });
  assert.deepEqual(keys(), ['big', 'tiny']);
  assert.equal(cache.get('big'), 200_000);
});
