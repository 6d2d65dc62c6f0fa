/** How bytes get to the server: one request in, status and body text out. Two implementations: node:http, fetch. */

export interface TransportRequest {
  method: string;
  /** Path below the API root, with its query string (e.g. `/tasks/poll/batch/greet?count=2`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  text: string;
  contentType: string;
}

export interface Transport {
  /** Resolves with any HTTP answer; rejects only when there is none (connection error, timeout). */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections. */
  close(): void;
}

/** An error on a pooled connection the server had already closed: the request was never processed. */
export class StaleConnectionError extends Error {
  readonly code = 'ECONNRESET_STALE';
}
