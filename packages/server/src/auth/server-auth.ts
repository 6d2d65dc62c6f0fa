/** Everything `--auth` needs, opened once per server: the token signer (its key from the store) and the admin. */
import { randomBytes } from 'node:crypto';
import type { CreatedAccessKey } from '@baton/protocol';
import type { Store } from '@baton/store';
import { ApplicationService } from './applications.js';
import { bootstrapAdmin } from './bootstrap.js';
import { TokenSigner } from './tokens.js';

export interface AuthOptions {
  /** Lifetime of the tokens `POST /api/token` issues, seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** The bootstrap admin's key (BATON_ADMIN_KEY_ID / BATON_ADMIN_KEY_SECRET). */
  adminKey?: CreatedAccessKey;
}

export interface ServerAuth {
  applications: ApplicationService;
  tokens: TokenSigner;
  /** The admin key generated on this first start, to show once; undefined otherwise. */
  generatedAdminKey?: CreatedAccessKey;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
const SIGNING_KEY = 'token-signing-key';

export async function openServerAuth(store: Store, options: AuthOptions = {}): Promise<ServerAuth> {
  const candidate = randomBytes(32).toString('base64url');
  const signingKey = await store.transact((tx) => tx.ensureServerKey(SIGNING_KEY, candidate));
  const tokens = new TokenSigner(
    Buffer.from(signingKey, 'base64url'),
    options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  );
  const generatedAdminKey = await bootstrapAdmin(store, options.adminKey);
  return { applications: new ApplicationService(store), tokens, generatedAdminKey };
}
