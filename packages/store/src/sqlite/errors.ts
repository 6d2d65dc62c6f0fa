/**
 * SQLite failures the environment causes (disk full, I/O error, a file that cannot be opened, another process
 * holding the lock): nothing was written and the same write may succeed later, so the caller gets
 * StoreUnavailableError (503, retryable) instead of a bare SQLite error (500).
 */
import { StoreUnavailableError } from '../contract.js';

/** better-sqlite3 reports extended codes (SQLITE_IOERR_WRITE ...); a plain SQLITE_READONLY is our own mistake. */
const ENVIRONMENTAL = /^SQLITE_(FULL|IOERR|CANTOPEN|BUSY|READONLY_)/;

/** The SQLite error the environment caused, looking through `cause` (a rolled-back batch wraps its reason). */
function environmentalCause(err: unknown): (Error & { code: string }) | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && ENVIRONMENTAL.test(code)) return e as Error & { code: string };
  }
  return undefined;
}

/** StoreUnavailableError when the environment made the write fail, else `err` itself. */
export function storeError(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  const cause = environmentalCause(err);
  if (!cause) return err;
  return new StoreUnavailableError(`the database could not write (${cause.code}): ${cause.message}`, {
    cause: err,
  });
}
