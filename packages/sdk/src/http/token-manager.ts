/**
 * Fetches and caches the access token of key/secret authentication (Orkes: POST /api/token → {token}, sent as
 * X-Authorization). A token is renewed a minute before it expires (its JWT `exp`, else the configured TTL) and
 * whenever the server answers 401. Concurrent callers share one token request.
 */
import { ConductorConnectionError, ConductorError } from '../errors.js';
import type { Transport, TransportResponse } from './transport.js';

const RENEW_MARGIN_MS = 60_000;

export class TokenManager {
  private token?: string;
  private renewAt = 0;
  private pending?: Promise<string>;

  constructor(
    private readonly credentials: { keyId: string; keySecret: string },
    private readonly ttlSeconds: number,
    private readonly transport: Transport,
    private readonly timeoutMs: number,
  ) {}

  /** A valid token, fetching a new one when none is cached or the cached one is about to expire. */
  async getToken(): Promise<string> {
    if (this.token !== undefined && Date.now() < this.renewAt) return this.token;
    return (this.pending ??= this.fetchToken().finally(() => (this.pending = undefined)));
  }

  /** Forgets `token` (the server refused it) so the next call fetches a fresh one. */
  invalidate(token: string): void {
    if (this.token === token) {
      this.token = undefined;
      this.renewAt = 0;
    }
  }

  private async fetchToken(): Promise<string> {
    let response: TransportResponse;
    try {
      response = await this.transport.send({
        method: 'POST',
        path: '/token',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.credentials),
        timeoutMs: this.timeoutMs,
      });
    } catch (cause) {
      throw new ConductorConnectionError('POST', '/token', cause);
    }
    const text = response.text;
    const body = parseJson(text);
    if (response.status < 200 || response.status >= 300) {
      throw new ConductorError('POST', '/token', response.status, body ?? {}, text);
    }
    const token = (body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new ConductorError(
        'POST',
        '/token',
        response.status,
        { message: 'Token response has no token' },
        text,
      );
    }
    const expiresAt = jwtExpiry(token) ?? Date.now() + this.ttlSeconds * 1000;
    this.token = token;
    this.renewAt = Math.max(Date.now(), expiresAt - RENEW_MARGIN_MS);
    return token;
  }
}

/** The `exp` claim of a JWT in epoch ms, or undefined when the token is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
