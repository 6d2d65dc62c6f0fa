/**
 * The conformance suite's factory: a test written once runs against every store, SQLite on a temp file and
 * PostgreSQL in a fresh database of its own (see postgres.ts).
 *
 * @example
 * forEachStore('task definitions round-trip', async (t, { store }) => {
 *   await store.transact((tx) => tx.putTaskDef({ name: 'greet' }));
 *   assert.deepEqual(await store.getTaskDef('greet'), { name: 'greet' });
 * });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openSqliteStore, type Store } from '../../src/index.js';
import { createTestDatabase } from './postgres.js';

export type StoreKind = 'sqlite' | 'postgres';
export const storeKinds: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface TestStore {
  kind: StoreKind;
  store: Store;
  /** Opens another store on the same data (another server, for PostgreSQL); closed when the test ends. */
  reopen: () => Promise<Store>;
  /** Runs one SQL query (no parameters; valid on both) on a separate connection, to see what is really stored. */
  rows: <T>(sql: string) => Promise<T[]>;
}

/** A new, empty store of `kind`, closed and deleted when the test ends. */
export async function openTestStore(t: TestContext, kind: StoreKind): Promise<TestStore> {
  return kind === 'sqlite' ? openSqlite(t) : openPostgres(t);
}

/** Registers `title [sqlite]` and `title [postgres]`, each on a new, empty store. */
export function forEachStore(title: string, body: (t: TestContext, ts: TestStore) => Promise<void>): void {
  for (const kind of storeKinds) {
    void test(`${title} [${kind}]`, async (t) => body(t, await openTestStore(t, kind)));
  }
}

async function openSqlite(t: TestContext): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  const path = join(dir, 'baton.db');
  const opened: Store[] = [];
  t.after(async () => {
    for (const s of opened) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = async (): Promise<Store> => {
    const store = await openSqliteStore({ path });
    opened.push(store);
    return store;
  };
  return {
    kind: 'sqlite',
    store: await open(),
    reopen: open,
    rows: <T>(sql: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return Promise.resolve(db.prepare<[], T>(sql).all());
      } finally {
        db.close();
      }
    },
  };
}

async function openPostgres(t: TestContext): Promise<TestStore> {
  const database = await createTestDatabase(t);
  return {
    kind: 'postgres',
    store: await database.open(),
    reopen: () => database.open(),
    rows: async <T>(sql: string) => {
      const client = new pg.Client({ connectionString: database.connectionString });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    },
  };
}
