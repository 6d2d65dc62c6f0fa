/**
 * Databases for server tests: a fresh SQLite file or a fresh PostgreSQL database per test, dropped when it
 * ends. `STORES` lists the stores each both-store test runs on (env BATON_TEST_STORES=sqlite narrows it); the
 * PostgreSQL server is BATON_TEST_PG (default: this machine's, trust auth).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

export const STORES: readonly StoreKind[] = (process.env.BATON_TEST_STORES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is StoreKind => s === 'sqlite' || s === 'postgres');

export const ADMIN_PG_URL = process.env.BATON_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** A file path or a postgres:// URL, as `--db` takes it. */
  db: string;
  /** Deletes the file or drops the database (close the store first). */
  drop(): Promise<void>;
}

export async function createDatabase(kind: StoreKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
    return { db: join(dir, 'baton.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return { db: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A database for one test, deleted (dropped) when it ends. */
export async function freshDatabase(t: Pick<TestContext, 'after'>, kind: StoreKind): Promise<string> {
  const database = await createDatabase(kind);
  t.after(() => database.drop());
  return database.db;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
