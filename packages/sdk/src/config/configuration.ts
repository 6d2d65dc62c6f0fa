/**
 * Where the server is and how to authenticate, read from the environment (as every Conductor SDK does) or given
 * in code. Environment: CONDUCTOR_SERVER_URL (includes /api), CONDUCTOR_AUTH_KEY, CONDUCTOR_AUTH_SECRET,
 * CONDUCTOR_UI_SERVER_URL. Values given in code win over the environment.
 */
import type { RetryPolicy } from '../http/retry-policy.js';

export const DEFAULT_SERVER_API_URL = 'http://localhost:8080/api';

export interface ConfigurationOptions {
  /** Server root **without** `/api` (the SDK appends it), e.g. `https://play.orkes.io`. */
  baseUrl?: string;
  /** Full API URL **with** `/api`, as CONDUCTOR_SERVER_URL holds it. Wins over `baseUrl`. */
  serverApiUrl?: string;
  /** Application key id; with a secret it turns on token authentication (Orkes). */
  authKey?: string;
  authSecret?: string;
  /** Where execution links point; default CONDUCTOR_UI_SERVER_URL, else the server URL without `/api`. */
  uiHost?: string;
  /** Token lifetime assumed when the token's own expiry cannot be read. Default 45 minutes. */
  tokenTtlSeconds?: number;
  /** Retries of transient failures (connection errors, 429, 502–504). */
  retry?: Partial<RetryPolicy>;
  /** Abort a request after this long (long polls add their own wait). Default 60 s. */
  requestTimeoutMs?: number;
  /**
   * Send requests with this fetch (e.g. undici's with a tuned dispatcher, or one going through a proxy).
   * Default: node:http(s) with keep-alive connections, which costs far less CPU per request.
   */
  fetch?: typeof globalThis.fetch;
  /** Environment to read instead of `process.env` (handy in tests). */
  env?: Record<string, string | undefined>;
}

/**
 * SDK configuration.
 *
 * @example
 * // reads CONDUCTOR_SERVER_URL (with /api), CONDUCTOR_AUTH_KEY and CONDUCTOR_AUTH_SECRET
 * const config = new Configuration();
 * // or, in code, without /api:
 * const local = new Configuration({ baseUrl: 'http://localhost:8080' });
 */
export class Configuration {
  /** The API root requests go to, e.g. `http://localhost:8080/api` (no trailing slash). */
  readonly serverApiUrl: string;
  readonly uiHost: string;
  /** Present when a key and secret are configured: the SDK then fetches tokens from POST /api/token. */
  readonly authentication?: { keyId: string; keySecret: string };
  readonly tokenTtlSeconds: number;
  readonly retry: Partial<RetryPolicy>;
  readonly requestTimeoutMs: number;
  readonly fetch: typeof globalThis.fetch | undefined;

  constructor(options: ConfigurationOptions = {}) {
    const env = options.env ?? process.env;
    const apiUrl =
      options.serverApiUrl ??
      (options.baseUrl !== undefined ? `${trimSlash(options.baseUrl)}/api` : undefined) ??
      nonEmpty(env.CONDUCTOR_SERVER_URL) ??
      DEFAULT_SERVER_API_URL;
    this.serverApiUrl = trimSlash(apiUrl);
    this.uiHost = trimSlash(
      options.uiHost ?? nonEmpty(env.CONDUCTOR_UI_SERVER_URL) ?? this.serverApiUrl.replace(/\/api$/, ''),
    );
    const keyId = options.authKey ?? nonEmpty(env.CONDUCTOR_AUTH_KEY);
    const keySecret = options.authSecret ?? nonEmpty(env.CONDUCTOR_AUTH_SECRET);
    if (keyId !== undefined && keySecret !== undefined) this.authentication = { keyId, keySecret };
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 45 * 60;
    this.retry = options.retry ?? {};
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.fetch = options.fetch;
  }

  /** The UI page of one execution, e.g. `http://localhost:8080/execution/<id>`. */
  executionUrl(workflowId: string): string {
    return `${this.uiHost}/execution/${workflowId}`;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
