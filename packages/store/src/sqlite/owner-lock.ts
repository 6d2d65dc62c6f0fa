/**
 * One owner per database file. The store keeps executions, definitions and timers cached in memory and commits
 * in groups, which is only correct while one process writes the file; a second server on the same file would
 * silently lose updates. So the owner holds an exclusive lock on a small side file (`<db>.lock`, itself a
 * SQLite database: its locks are the operating system's and vanish when the process dies, even by kill -9) for
 * as long as the store is open, and records its pid beside it (`<db>.lock.pid`) for the refusal message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export class DatabaseInUseError extends Error {
  constructor(
    readonly path: string,
    readonly ownerPid: number | undefined,
  ) {
    super(
      `${path} is in use by another Baton server (${ownerPid === undefined ? 'pid unknown' : `pid ${ownerPid}`}): ` +
        'stop that server, or give this one its own --db (several servers share a PostgreSQL database, not a file)',
    );
    this.name = 'DatabaseInUseError';
  }
}

export interface OwnerLock {
  release(): void;
}

/** Takes the lock or throws DatabaseInUseError, before anything touches the database file itself. */
export function acquireOwnerLock(dbPath: string): OwnerLock {
  const lockPath = `${dbPath}.lock`;
  const pidPath = `${lockPath}.pid`;
  const db = new Database(lockPath);
  try {
    db.pragma('busy_timeout = 0');
    // Exclusive locking mode keeps the lock after the first write's commit, until the connection closes.
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL)');
    db.prepare('DELETE FROM owner').run();
    db.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid);
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new DatabaseInUseError(dbPath, readPid(pidPath));
    throw err;
  }
  writeFileSync(pidPath, `${process.pid}\n`);
  return { release: () => db.close() };
}

function readPid(pidPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
