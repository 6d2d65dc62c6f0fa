// PostgreSQL out of reach: a clear error at open, 503-style StoreUnavailableError on calls, and a store that
// recovers by itself once the database is back. "Down" is simulated without touching the machine's PostgreSQL:
// a closed port, and sessions terminated the way a restart terminates them.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import pg from 'pg';
import { openPostgresStore, type StoreSignal, StoreUnavailableError } from '../src/index.js';
import { storeError } from '../src/postgres/errors.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** Terminates the database's sessions (pool and listener alike), as a PostgreSQL restart does. */
async function terminateSessions(database: TestDatabase, which = ''): Promise<number> {
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() ${which}`,
    );
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

void test('opening a store on an unreachable database fails with one clear line', async () => {
  const port = await closedPort();
  const error = await openPostgresStore({
    connectionString: `postgres://baton:secret@127.0.0.1:${port}/baton`,
  }).then(
    () => assert.fail('opened'),
    (err: unknown) => err,
  );
  assert.ok(error instanceof StoreUnavailableError);
  assert.equal(error.retryable, true);
  assert.match(error.message, new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/baton: `));
  assert.doesNotMatch(error.message, /secret|\n/);
});

void test('a store survives its sessions being terminated: calls fail as unavailable, then work again', async (t) => {
  const database = await createTestDatabase(t);
  const errors: unknown[] = [];
  const a = await database.open({ onBackgroundError: (err) => errors.push(err) });
  const b = await database.open();
  const heard: StoreSignal[] = [];
  a.signals.subscribe((s) => heard.push(s));
  await a.transact((tx) => tx.putTaskDef({ name: 'before' }));

  assert.ok((await terminateSessions(database, "AND application_name LIKE 'baton%'")) >= 2);
  // No crash; every call either works or says the database is unavailable, and soon they work again.
  await until('a transaction commits again', async () => {
    try {
      await a.transact((tx) => tx.putTaskDef({ name: 'after' }));
      return true;
    } catch (err) {
      assert.ok(err instanceof StoreUnavailableError, `unexpected ${String(err)}`);
      return false;
    }
  });
  assert.deepEqual(await a.getTaskDef('after'), { name: 'after' });
  assert.ok(errors.length > 0, 'the lost connections were reported');

  // The listening connection came back by itself: signals flow again.
  await until('A listens again', () => a.signals.reliable);
  await b.transact((tx) => tx.notify([{ type: 'definitionsChanged' }]));
  await until('A hears B', () => heard.length > 0);
  assert.deepEqual(heard, [{ type: 'definitionsChanged' }]);
});

void test('a transaction whose connection dies fails as unavailable, and the next one works', async (t) => {
  const database = await createTestDatabase(t);
  const store = await database.open();
  const attempt = store.transact(async (tx) => {
    await tx.putTaskDef({ name: 'lost' });
    await tx.getTaskDef('lost');
    // This transaction's session sits idle in its transaction now: end it as a restart would.
    assert.equal(await terminateSessions(database, "AND state = 'idle in transaction'"), 1);
    await tx.getTaskDef('lost');
  });
  await assert.rejects(attempt, StoreUnavailableError);
  assert.equal(store.health().healthy, false);
  assert.match(store.health().reason ?? '', /unavailable/);
  assert.equal(await store.getTaskDef('lost'), undefined);
  // Reading, or a transaction that changes nothing, proves nothing; a write that commits does.
  await store.transact((tx) => tx.getTaskDef('lost'));
  assert.equal(store.health().healthy, false);
  await store.transact((tx) => tx.putTaskDef({ name: 'kept' }));
  assert.deepEqual(store.health(), { healthy: true });
  assert.deepEqual(await store.getTaskDef('kept'), { name: 'kept' });
});

void test('insufficient resources (class 53, e.g. disk full) and system errors (58) are unavailable; others not', () => {
  const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code });
  for (const code of ['53100', '53200', '53300', '53400', '58000', '58030', '08006', '57P01']) {
    const error = storeError(pgError(code));
    assert.ok(error instanceof StoreUnavailableError, code);
    assert.equal(error.message, `the database is unavailable: error ${code}`);
  }
  for (const code of ['23505', '22P02', '42P01', '40001']) {
    assert.ok(!(storeError(pgError(code)) instanceof StoreUnavailableError), code);
  }
});

void test('no free connection within the connect timeout is unavailable too', async (t) => {
  const database = await createTestDatabase(t);
  const store = await database.open({ poolSize: 1, connectTimeoutMs: 100 });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const isHolding = new Promise<void>((resolve) => (holding = resolve));
  const holder = store.transact(async (tx) => {
    await tx.getTaskDef('x');
    holding();
    await held;
  });
  await isHolding;
  await assert.rejects(
    store.transact((tx) => tx.getTaskDef('y')),
    (err: unknown) => err instanceof StoreUnavailableError && /timeout/.test(err.message),
  );
  release();
  await holder;
});
