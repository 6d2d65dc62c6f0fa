/**
 * Numbered plain-SQL migrations (`migrations-pg/NNN_name.sql`), applied in one transaction and recorded in
 * `schema_migrations`. A transaction-scoped advisory lock makes N servers starting together apply them once:
 * the first applies them, the others wait for its commit and then find nothing left to do.
 */
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadMigrations, type Migration } from '../sqlite/migrate.js';

/** Both src/postgres/ (tests) and dist/postgres/ (built) sit two levels below the package's migrations-pg/. */
export const pgMigrationsDir = fileURLToPath(new URL('../../migrations-pg/', import.meta.url));

/** Any fixed number: the key of the advisory lock that serializes migrations across servers. */
const MIGRATION_LOCK = 7_432_001;

export function loadPgMigrations(dir: string = pgMigrationsDir): Migration[] {
  return loadMigrations(dir);
}

/** Applies the migrations this database has not seen yet; returns their versions. */
export async function migratePg(
  client: pg.ClientBase,
  migrations: readonly Migration[] = loadPgMigrations(),
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at BIGINT  NOT NULL
    )`);
    const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(applied.rows.map((row) => row.version));
    const fresh = migrations.filter((m) => !done.has(m.version));
    for (const m of fresh) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    return fresh.map((m) => m.version);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
