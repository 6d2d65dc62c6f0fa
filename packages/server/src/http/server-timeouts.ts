/**
 * Socket timeouts, so slow or silent clients cannot hold connections forever: a request's headers must
 * arrive within `headersMs` and the whole request, body included, within `requestMs` (else 408); an idle
 * keep-alive connection closes after `keepAliveMs`. Nothing limits how long the answer takes, so long-polls
 * and `execute` waits, which are response time, are unaffected.
 */
import type { ServerOptions } from 'node:http';

export interface ServerTimeouts {
  /** Time to receive a whole request, headers and body [60 s]. */
  requestMs?: number;
  /** Time to receive a request's headers, counted from its first byte or from the connection [30 s]. */
  headersMs?: number;
  /** An idle keep-alive connection closes after this long [72 s: longer than load balancers' usual 60 s]. */
  keepAliveMs?: number;
}

const DEFAULT_SERVER_TIMEOUTS: Required<ServerTimeouts> = {
  requestMs: 60_000,
  headersMs: 30_000,
  keepAliveMs: 72_000,
};

/** Node checks the request and header deadlines on an interval (30 s by default): check often enough. */
const MAX_CHECK_INTERVAL_MS = 1000;

/** Fastify's options for `timeouts`. */
export function serverTimeoutOptions(timeouts: ServerTimeouts = {}): {
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionTimeout: number;
  http: ServerOptions;
} {
  const requestMs = timeouts.requestMs ?? DEFAULT_SERVER_TIMEOUTS.requestMs;
  // Node refuses a header deadline later than the request deadline.
  const headersMs = Math.min(timeouts.headersMs ?? DEFAULT_SERVER_TIMEOUTS.headersMs, requestMs);
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: timeouts.keepAliveMs ?? DEFAULT_SERVER_TIMEOUTS.keepAliveMs,
    // No inactivity timeout while a request is being answered: a long-poll is a silent socket.
    connectionTimeout: 0,
    http: {
      headersTimeout: headersMs,
      connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, headersMs),
    },
  };
}
