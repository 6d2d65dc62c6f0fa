/**
 * Reads an HTTP task's request (§5 HTTP) from its input: the `http_request` object, or the same keys directly
 * in the input (newer Conductor). Defaults: contentType and accept `application/json`, connectionTimeOut and
 * readTimeOut 3000 ms.
 */
import type { JsonObject } from '@baton/protocol';

export interface HttpRequestSpec {
  uri: string;
  method: string;
  headers: Record<string, string>;
  /** Already encoded; undefined when there is nothing to send. */
  body: string | undefined;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 3000;
const JSON_TYPE = 'application/json';

export function readHttpRequest(
  input: JsonObject,
): { ok: true; spec: HttpRequestSpec } | { ok: false; error: string } {
  const raw = isObject(input.http_request) ? input.http_request : input;
  const uri = raw.uri;
  if (typeof uri !== 'string' || uri.trim() === '') {
    return {
      ok: false,
      error: 'Missing HTTP URI. See documentation for HttpTask for required input parameters',
    };
  }
  try {
    const protocol = new URL(uri).protocol;
    if (protocol !== 'http:' && protocol !== 'https:')
      return { ok: false, error: `Unsupported URI scheme: ${uri}` };
  } catch {
    return { ok: false, error: `Invalid HTTP URI: ${uri}` };
  }
  const method = raw.method;
  if (typeof method !== 'string' || method.trim() === '')
    return { ok: false, error: 'No HTTP method specified' };

  const contentType =
    typeof raw.contentType === 'string' && raw.contentType !== '' ? raw.contentType : JSON_TYPE;
  const accept = Array.isArray(raw.accept)
    ? raw.accept.map(String).join(', ')
    : stringOr(raw.accept, JSON_TYPE);
  // Explicit headers win over contentType/accept (header names are case-insensitive).
  const headers: Record<string, string> = { 'content-type': contentType, accept };
  if (isObject(raw.headers)) {
    for (const [name, value] of Object.entries(raw.headers)) {
      if (value === null || value === undefined) continue;
      headers[name.toLowerCase()] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }

  const upperMethod = method.trim().toUpperCase();
  const sendsBody =
    raw.body !== undefined && raw.body !== null && upperMethod !== 'GET' && upperMethod !== 'HEAD';
  return {
    ok: true,
    spec: {
      uri,
      method: upperMethod,
      headers,
      body: sendsBody ? encodeBody(raw.body) : undefined,
      connectTimeoutMs: positiveOr(raw.connectionTimeOut, DEFAULT_TIMEOUT_MS),
      readTimeoutMs: positiveOr(raw.readTimeOut, DEFAULT_TIMEOUT_MS),
    },
  };
}

/**
 * The host a task calls (`host:port`), read from its stored input: the lane its calls share. A URI that is not
 * one yet (a secret reference filled in only when the task runs) counts as its text up to the path.
 */
export function hostOf(input: JsonObject): string {
  const raw = isObject(input.http_request) ? input.http_request : input;
  const uri = typeof raw.uri === 'string' ? raw.uri : '';
  try {
    return new URL(uri).host;
  } catch {
    return (/^[^/]*(\/\/[^/]*)?/.exec(uri)?.[0] ?? uri).slice(0, 256);
  }
}

/** Strings go as they are (they may be pre-encoded JSON, form data, text); anything else as JSON. */
function encodeBody(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function positiveOr(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
}
