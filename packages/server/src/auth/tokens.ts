/**
 * Access tokens: compact JWTs (HS256) signed with a key kept in the store, so every server sharing the database
 * accepts them, also after a restart. A token names its access key; the key's application and roles are looked
 * up on use, so a revoked key or a removed role takes effect before the token expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The access key id. */
  sub: string;
  /** Issued at and expiry, epoch seconds (JWT). */
  iat: number;
  exp: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; error: 'INVALID_TOKEN' | 'EXPIRED_TOKEN'; message: string };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    /** Lifetime of a new token, seconds. */
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(keyId: string): string {
    const iat = Math.floor(this.now() / 1000);
    const payload = base64url(JSON.stringify({ sub: keyId, iat, exp: iat + this.ttlSeconds }));
    return `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`;
  }

  check(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER)
      return { ok: false, error: 'INVALID_TOKEN', message: 'Token is not a Baton token' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, error: 'INVALID_TOKEN', message: 'Token signature is invalid' };
    const claims = parseClaims(payload);
    if (!claims) return { ok: false, error: 'INVALID_TOKEN', message: 'Token claims are invalid' };
    if (claims.exp * 1000 <= this.now())
      return { ok: false, error: 'EXPIRED_TOKEN', message: 'Token has expired' };
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function parseClaims(payload: string): TokenClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    const { sub, iat, exp } = claims;
    return typeof sub === 'string' && typeof iat === 'number' && typeof exp === 'number'
      ? { sub, iat, exp }
      : undefined;
  } catch {
    return undefined;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
