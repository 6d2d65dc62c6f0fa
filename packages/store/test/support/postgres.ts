/**
 * Throw-away PostgreSQL databases for tests. Each test gets its own database, cloned from a template that holds
 * the migrated schema (`baton_tpl_<hash of the migrations>`), so a test costs one CREATE DATABASE instead of a
 * migration run. The template is built once per migration content, race-safe across test processes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../../src/index.js';
import { loadPgMigrations, migratePg } from '../../src/postgres/migrate.js';

/** The server the tests use: trust auth on the machine's PostgreSQL unless BATON_TEST_PG says otherwise. */
export const adminUrl = process.env.BATON_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Any fixed number: the session lock held while the template is built. */
const TEMPLATE_LOCK = 7_432_002;

/** The connection string of `database` on the test server. */
export function databaseUrl(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a short-lived connection to the test server's admin database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function templateName(): string {
  const hash = createHash('sha256');
  for (const m of loadPgMigrations()) hash.update(`${m.version}:${m.name}\n${m.sql}\n`);
  return `baton_tpl_${hash.digest('hex').slice(0, 16)}`;
}

let template: Promise<string> | undefined;

/**
 * The migrated template, built when missing. It is built under another name and renamed when complete, so a
 * process that died half-way never leaves a template that looks ready.
 */
export function migratedTemplate(): Promise<string> {
  template ??= withAdmin(async (admin) => {
    const name = templateName();
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await databaseExists(admin, name)) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const client = new pg.Client({ connectionString: databaseUrl(building) });
      await client.connect();
      try {
        await migratePg(client);
      } finally {
        await client.end();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

export interface TestDatabase {
  connectionString: string;
  /** Opens a store (one "server") on this database; every store opened here is closed before the drop. */
  open(options?: Omit<PostgresStoreOptions, 'connectionString'>): Promise<PostgresStore>;
}

/**
 * A new database for this test, migrated (a clone of the template) unless `migrated` is false; when the test
 * ends, the stores opened through it are closed and it is dropped.
 */
export async function createTestDatabase(t: TestContext, { migrated = true } = {}): Promise<TestDatabase> {
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  const from = migrated ? ` TEMPLATE ${await migratedTemplate()}` : '';
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}${from}`));
  const connectionString = databaseUrl(name);
  const opened: PostgresStore[] = [];
  t.after(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    connectionString,
    open: async (options = {}) => {
      const store = await openPostgresStore({ poolSize: 4, ...options, connectionString });
      opened.push(store);
      return store;
    },
  };
}

async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return found.rowCount === 1;
}
