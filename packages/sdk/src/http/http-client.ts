/**
 * The one place requests are made: base URL, JSON in and out, auth header, typed errors and retries of
 * transient failures. Sends through node:http with keep-alive connections, or through `configuration.fetch`.
 */
import type { Configuration } from '../config/configuration.js';
import { ConductorConnectionError, ConductorError } from '../errors.js';
import type { ErrorResponse } from '../model/responses.js';
import { queryString, type QueryValue } from './query-string.js';
import { FetchTransport } from './fetch-transport.js';
import { NodeTransport } from './node-transport.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, isTransient, type RetryPolicy } from './retry-policy.js';
import { TokenManager } from './token-manager.js';
import type { Transport, TransportResponse } from './transport.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim as text/plain (task logs). */
  textBody?: string;
  /** Safe to repeat after an ambiguous failure. Default: true for GET, PUT and DELETE. */
  idempotent?: boolean;
  /** Extra time this request may take beyond the configured timeout (long polls). */
  extraTimeoutMs?: number;
  /** false: one attempt only (the caller has its own retry loop). */
  retry?: boolean;
}

export class HttpClient {
  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly tokens?: TokenManager;

  constructor(readonly configuration: Configuration) {
    this.baseUrl = configuration.serverApiUrl;
    this.transport = configuration.fetch
      ? new FetchTransport(this.baseUrl, configuration.fetch)
      : new NodeTransport(this.baseUrl);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...configuration.retry };
    this.timeoutMs = configuration.requestTimeoutMs;
    if (configuration.authentication) {
      this.tokens = new TokenManager(
        configuration.authentication,
        configuration.tokenTtlSeconds,
        this.transport,
        this.timeoutMs,
      );
    }
  }

  /** A JSON response body; an empty one (204) is an error. */
  async json<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.text === '') {
      throw new ConductorError(method, path, response.status, {
        message: `Empty response to ${method} ${path}`,
      });
    }
    return JSON.parse(response.text) as T;
  }

  /** A JSON response body, or undefined for 204 / an empty body ("nothing there"). */
  async optionalJson<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<T | undefined> {
    const response = await this.send(method, path, options);
    if (response.text === '') return undefined;
    return JSON.parse(response.text) as T;
  }

  /** A plain-text response (ids returned by start, update and rerun). Tolerates servers that quote it as JSON. */
  async text(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<string> {
    const { text, contentType } = await this.send(method, path, options);
    if (contentType.includes('json') && text.startsWith('"')) return JSON.parse(text) as string;
    return text;
  }

  /** A request whose response body does not matter. */
  async void(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<void> {
    await this.send(method, path, options);
  }

  private async send(method: HttpMethod, path: string, options: RequestOptions): Promise<TransportResponse> {
    const idempotent = options.idempotent ?? method !== 'POST';
    const maxRetries = options.retry === false ? 0 : this.retry.maxRetries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendAuthenticated(method, path, options);
      } catch (error) {
        if (attempt >= maxRetries || !isTransient(error, idempotent)) throw error;
        await sleep(backoffDelay(attempt, this.retry.baseDelayMs, this.retry.maxDelayMs));
      }
    }
  }

  private async sendAuthenticated(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
  ): Promise<TransportResponse> {
    if (this.tokens === undefined) return this.sendOnce(method, path, options, undefined);
    const token = await this.tokens.getToken();
    try {
      return await this.sendOnce(method, path, options, token);
    } catch (error) {
      // An expired or revoked token: fetch a new one and try once more.
      if (!(error instanceof ConductorError) || error.status !== 401) throw error;
      this.tokens.invalidate(token);
      return this.sendOnce(method, path, options, await this.tokens.getToken());
    }
  }

  private async sendOnce(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    token: string | undefined,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*' };
    let body: string | undefined;
    if (options.textBody !== undefined) {
      headers['content-type'] = 'text/plain';
      body = options.textBody;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (token !== undefined) headers['x-authorization'] = token;

    let response: TransportResponse;
    try {
      response = await this.transport.send({
        method,
        path: path + queryString(options.query),
        headers,
        body,
        timeoutMs: this.timeoutMs + (options.extraTimeoutMs ?? 0),
      });
    } catch (cause) {
      throw new ConductorConnectionError(method, path, cause);
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw errorFromResponse(method, path, response.status, response.text);
  }

  /** Closes pooled connections (idle ones never keep the process alive anyway). */
  close(): void {
    this.transport.close();
  }
}

function errorFromResponse(method: string, path: string, status: number, text: string): ConductorError {
  try {
    const parsed = JSON.parse(text) as Partial<ErrorResponse> & { error?: string };
    // Conductor's ErrorResponse always has `retryable`; anything else (a proxy's or framework's page) is kept raw.
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.retryable === 'boolean') {
      return new ConductorError(method, path, status, parsed);
    }
    const message = parsed?.message ?? parsed?.error;
    return new ConductorError(method, path, status, message ? { message } : {}, text);
  } catch {
    return new ConductorError(method, path, status, text ? { message: text.slice(0, 500) } : {}, text);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
