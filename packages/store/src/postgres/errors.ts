/**
 * What a PostgreSQL failure means for the caller: the database being unreachable or out of resources (disk full)
 * becomes StoreUnavailableError (the server answers 503, retryable); a serialization failure or deadlock means "run the unit again".
 */
import { StoreUnavailableError } from '../contract.js';

/** SQLSTATEs of a database that is down, restarting or refusing connections. */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
]);

/**
 * SQLSTATE classes: 08 connection exceptions, and the database's environment: 53 insufficient resources (53100 disk_full, 53200
 * out_of_memory, 53300 too_many_connections, 53400 configuration_limit_exceeded), 58 system errors (58030
 * io_error ...). The statement did not happen and may succeed once the operator has made room.
 */
const UNAVAILABLE_CLASSES = ['08', '53', '58'];

/** Socket errors of a server that is not there (any more). */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool say when a connection dies or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error and is not queryable/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
];

/** Re-run the unit on a fresh transaction: serialization_failure, deadlock_detected. */
const RETRY_CODES = new Set(['40001', '40P01']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const code = codeOf(err);
  if (
    code !== undefined &&
    (UNAVAILABLE_CODES.has(code) ||
      UNAVAILABLE_CLASSES.some((sqlClass) => code.startsWith(sqlClass)) ||
      UNAVAILABLE_ERRNOS.has(code))
  )
    return true;
  if (err instanceof AggregateError) return err.errors.some(isUnavailable);
  const message = err instanceof Error ? err.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** What baton_lock_workflow_expecting says when an execution kept by this server changed since. */
const STALE_EXECUTION = 'baton:stale-execution:';

/**
 * The execution a transaction went on with as this server had kept it, when the row lock found that another
 * server had changed it since (see execution-cache.ts); the unit runs again, reading it.
 */
export function staleExecutionOf(err: unknown): string | undefined {
  const detail = (err as { detail?: unknown } | null)?.detail;
  return typeof detail === 'string' && detail.startsWith(STALE_EXECUTION)
    ? detail.slice(STALE_EXECUTION.length)
    : undefined;
}

export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && RETRY_CODES.has(code);
}

/** The error a caller sees: StoreUnavailableError when the database is out of reach, else `err` itself. */
export function storeError(err: unknown): Error {
  if (err instanceof StoreUnavailableError) return err;
  if (isUnavailable(err)) {
    const reason = err instanceof Error && err.message !== '' ? err.message : String(err);
    return new StoreUnavailableError(`the database is unavailable: ${reason}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
