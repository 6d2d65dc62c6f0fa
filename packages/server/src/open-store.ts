/**
 * Opens the store a `--db` value names: a `postgres://` (or `postgresql://`) URL is a PostgreSQL database that
 * several servers may share; anything else is the path of an SQLite file this server owns.
 */
import { openPostgresStore, openSqliteStore, type Store } from '@baton/store';

export interface StoreOptions {
  /** An SQLite file path or a PostgreSQL URL. */
  db: string;
  /** SQLite: NORMAL survives a process crash; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL: connections per server. */
  poolSize?: number;
  /** PostgreSQL: a statement running longer than this is cancelled (ms; 0 = no limit). Default 30000. */
  statementTimeoutMs?: number;
  /** PostgreSQL: a background connection failed (it recovers by itself); for the log. */
  onBackgroundError?: (err: unknown) => void;
  /** Count the statements the store runs (`store.statements`, `/metrics`); for benches. */
  countStatements?: boolean;
}

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export function openStore(options: StoreOptions): Promise<Store> {
  if (isPostgresUrl(options.db)) {
    return openPostgresStore({
      connectionString: options.db,
      poolSize: options.poolSize,
      statementTimeoutMs:
        options.statementTimeoutMs === 0 ? undefined : (options.statementTimeoutMs ?? 30_000),
      onBackgroundError: options.onBackgroundError,
      countStatements: options.countStatements,
    });
  }
  return openSqliteStore({
    path: options.db,
    synchronous: options.synchronous ?? 'NORMAL',
    countStatements: options.countStatements,
  });
}

/** The database as a log line may show it: a URL without its password. */
export function describeDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const url = new URL(db);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
