/**
 * The one place the UI talks HTTP. Every failure becomes an `ApiError` that carries the server's Conductor
 * error body (message and `validationErrors` with field paths), so pages can show exactly what it said.
 */
import { currentToken, logOut } from '../auth/session.js';
import type { ErrorResponse, ValidationError } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly validationErrors: ValidationError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The same error with `prefix` taken off its field paths (`[0].tasks` → `tasks`). */
  withoutPathPrefix(prefix: string): ApiError {
    const strip = (path: string): string =>
      path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path === prefix ? '' : path;
    return new ApiError(
      this.status,
      this.message,
      this.validationErrors.map((e) => ({ ...e, path: strip(e.path) })),
    );
  }
}

type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body (objects and arrays) or a raw string sent as text/plain. */
  body?: unknown;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const { body, query, signal } = options;
  const headers: Record<string, string> = { accept: 'application/json, text/plain' };
  const token = currentToken();
  if (token !== undefined) headers['x-authorization'] = token;
  let payload: string | undefined;
  if (typeof body === 'string') {
    headers['content-type'] = 'text/plain';
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { method, headers, body: payload, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      `The server did not answer (${error instanceof Error ? error.message : 'network error'})`,
    );
  }
  // An expired or revoked token: sign in again.
  if (response.status === 401 && token !== undefined) logOut();
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<ErrorResponse>;
    if (typeof body.message === 'string') {
      return new ApiError(response.status, body.message, body.validationErrors ?? []);
    }
  } catch {
    // Not Conductor's error body (a proxy, say): fall through to the raw text.
  }
  return new ApiError(response.status, text || `${response.status} ${response.statusText}`);
}

/** A JSON answer; `undefined` for the empty bodies Conductor uses for "nothing" (204, empty 200). */
export async function requestJson<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T | undefined> {
  const response = await send(method, path, options);
  const text = await response.text();
  return text === '' ? undefined : (JSON.parse(text) as T);
}

/** A plain-text answer, such as the workflow id `POST /api/workflow` returns. */
export async function requestText(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<string> {
  return (await send(method, path, options)).text();
}

/** For endpoints whose answer carries nothing (200 empty, 204). */
export async function requestVoid(method: string, path: string, options: RequestOptions = {}): Promise<void> {
  await (await send(method, path, options)).arrayBuffer();
}

/** GET of a value that must be there. */
export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const value = await requestJson<T>('GET', path, options);
  if (value === undefined) throw new ApiError(204, `The server returned nothing for ${path}`);
  return value;
}
