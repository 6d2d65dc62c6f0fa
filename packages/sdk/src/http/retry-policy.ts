/** How often and how patiently transient failures are retried, and the backoff between attempts. */
import { ConductorConnectionError, ConductorError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  maxRetries: number;
  /** First backoff; doubles per retry, with full jitter. Default 200 ms. */
  baseDelayMs: number;
  /** Cap of one backoff. Default 5 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 5000 };

/** Exponential backoff with full jitter: a random wait in [base/2, base·2^attempt], capped. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

// The request certainly never reached the server: retrying cannot do anything twice.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNRESET_STALE',
]);

/**
 * Whether a failed request is worth another attempt. Failures where the server surely did nothing (refused
 * connection, 429, 503) are retried for every method; ambiguous ones (reset connection, gateway errors, a
 * retryable 500) only for requests that are safe to repeat.
 */
export function isTransient(error: unknown, idempotent: boolean): boolean {
  if (error instanceof ConductorError) {
    if (error.status === 429 || error.status === 503) return true;
    if (error.status === 502 || error.status === 504) return idempotent;
    return error.status >= 500 && error.retryable && idempotent;
  }
  if (error instanceof ConductorConnectionError) {
    return NOT_SENT_CODES.has(errorCode(error.cause) ?? '') || idempotent;
  }
  return false;
}

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
