/**
 * Numbered plain-SQL migrations (`migrations/NNN_name.sql`), applied in order in one transaction and recorded in
 * `schema_migrations`. Re-running on an up-to-date file changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Connection } from './open.js';

/** Both src/sqlite/ (tests) and dist/sqlite/ (built) sit two levels below the package's migrations/. */
export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const fileName = /^(\d+)_([\w-]+)\.sql$/;

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const match = fileName.exec(file);
    if (!match) continue;
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw new Error(`two migrations share version ${migrations[i]?.version} in ${dir}`);
    }
  }
  return migrations;
}

/** Applies the migrations this database has not seen yet; returns their versions. */
export function migrate(db: Connection, migrations: readonly Migration[] = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // A migration may rebuild a table (create, copy, drop, rename: SQLite's way to reorder columns), and dropping a
  // table with foreign keys on deletes its rows first, cascading to other tables. SQLite's documented procedure:
  // foreign keys off outside the transaction, and their check before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE: two processes opening the same new file apply the migrations once, one after the other.
    return db
      .transaction(() => {
        const done = new Set(applied.all().map((row) => row.version));
        const fresh = migrations.filter((m) => !done.has(m.version));
        for (const m of fresh) {
          db.exec(m.sql);
          record.run(m.version, m.name, Date.now());
        }
        const broken = fresh.length > 0 ? (db.pragma('foreign_key_check') as unknown[]) : [];
        if (broken.length > 0) {
          throw new Error(
            `the migrations left rows that break foreign keys: ${JSON.stringify(broken.slice(0, 5))}`,
          );
        }
        return fresh.map((m) => m.version);
      })
      .immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
