/** Opens one better-sqlite3 connection with Baton's pragmas. */
import Database from 'better-sqlite3';

export type Synchronous = 'NORMAL' | 'FULL';
export type Connection = Database.Database;

export interface ConnectionOptions {
  path: string;
  readonly: boolean;
  /** NORMAL survives a process crash (our promise); FULL also fsyncs every commit for power loss. */
  synchronous: Synchronous;
  busyTimeoutMs: number;
  /** Called with every statement run (better-sqlite3's `verbose`): for counting only, it costs a call each. */
  onStatement?: (sql: string) => void;
}

export function openConnection(options: ConnectionOptions): Connection {
  const db = new Database(options.path, {
    readonly: options.readonly,
    fileMustExist: options.readonly,
    ...(options.onStatement && { verbose: options.onStatement as (sql?: unknown) => void }),
  });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
    if (!options.readonly) {
      // WAL lets the read connection see the last commit while the write connection holds a transaction open.
      db.pragma('journal_mode = WAL');
      // Keep the WAL file from growing without bound after a burst.
      db.pragma('journal_size_limit = 67108864');
    }
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    // Negative: KiB, so 32 MiB of page cache per connection.
    db.pragma('cache_size = -32768');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
