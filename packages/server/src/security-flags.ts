/**
 * `baton server`'s security flags: auth, secrets, the environment allow-list, the HTTP task's egress policy and
 * the Host names served (docs/security.md). Kept apart from cli.ts so that the server's other flags stay short.
 */
import { readFileSync } from 'node:fs';
import { parseEgressEntry } from './executors/egress-policy.js';
import { isLoopbackBind } from './http/host-check.js';
import type { StartServerOptions } from './start-server.js';

export const securityFlags = {
  'http-allow': { type: 'string', multiple: true },
  'http-deny': { type: 'string', multiple: true },
  'http-deny-private': { type: 'boolean' },
  'http-max-redirects': { type: 'string' },
  'http-credential-header': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  auth: { type: 'boolean' },
  insecure: { type: 'boolean' },
  'token-ttl': { type: 'string' },
  'secrets-key-file': { type: 'string' },
  'env-allow': { type: 'string', multiple: true },
} as const;

export const securityHelp = `
Access (see docs/security.md):
  --auth                        Every /api call needs a token from an application's access key (also BATON_AUTH=true).
                                The first admin key comes from BATON_ADMIN_KEY_ID and BATON_ADMIN_KEY_SECRET, or is
                                generated on the first start and printed once.
  --insecure                    Allow a non-loopback --host without --auth (anyone reaching the port controls Baton).
  --token-ttl <seconds>         Lifetime of the tokens POST /api/token issues. Default: 3600.
  --secrets-key-file <path>     The key sealing secrets (32 bytes, hex or base64); or BATON_SECRETS_KEY. Default: none,
                                and then secrets cannot be stored.
  --env-allow <name>            A server environment variable shown as \${workflow.env.NAME} and in /api/environment;
                                repeatable (or BATON_ENV_ALLOW=A,B).

HTTP task egress:
  --http-deny-private           Refuse loopback, link-local, private ranges and this machine's addresses. Default: off, on with --auth.
  --http-allow <entry>          Always allow a host name (*.example.com for subdomains), host:port, IP or CIDR; repeatable.
  --http-deny <entry>           Refuse a host name, host:port, IP or CIDR unless allowed; repeatable.
  --http-max-redirects <n>      Redirects an HTTP task follows; one more fails it. Default: 5.
  --http-credential-header <h>  A header dropped on a cross-origin redirect, besides Authorization, Cookie, X-Api-Key; repeatable.

HTTP surface:
  --allowed-host <name>         A host name the server answers to besides localhost, 127.0.0.1 and [::1]; repeatable.
`;

export interface SecurityFlagValues {
  'http-allow'?: string[];
  'http-deny'?: string[];
  'http-deny-private'?: boolean;
  'http-max-redirects'?: string;
  'http-credential-header'?: string[];
  'allowed-host'?: string[];
  auth?: boolean;
  insecure?: boolean;
  'token-ttl'?: string;
  'secrets-key-file'?: string;
  'env-allow'?: string[];
  /** `--host`, to refuse an exposed bind without auth. */
  host?: string;
}

/** The server options the flags set; throws an Error saying which value is wrong. */
export function securityOptions(
  values: SecurityFlagValues,
  env: NodeJS.ProcessEnv = process.env,
): Pick<StartServerOptions, 'httpEgress' | 'allowedHosts' | 'auth' | 'secretsKey' | 'envAllow'> {
  const auth = values.auth ?? env.BATON_AUTH === 'true';
  const host = values.host ?? '127.0.0.1';
  if (!auth && !values.insecure && !isLoopbackBind(host))
    throw new Error(
      `Refusing to bind ${host} without --auth: anyone reaching the port could read and change everything. Add --auth, or --insecure to accept that.`,
    );
  const ttl = values['token-ttl'];
  if (ttl !== undefined && !/^[1-9]\d*$/.test(ttl)) throw new Error(`Invalid --token-ttl "${ttl}".`);
  const keyFile = values['secrets-key-file'];
  const adminId = env.BATON_ADMIN_KEY_ID;
  const adminSecret = env.BATON_ADMIN_KEY_SECRET;
  if (Boolean(adminId) !== Boolean(adminSecret))
    throw new Error('Set both BATON_ADMIN_KEY_ID and BATON_ADMIN_KEY_SECRET, or neither.');
  const allow = values['http-allow'] ?? [];
  const deny = values['http-deny'] ?? [];
  // Read now, so a bad entry is a usage error rather than a failed start.
  for (const entry of [...allow, ...deny]) parseEgressEntry(entry);
  const redirects = values['http-max-redirects'];
  if (redirects !== undefined && !/^\d+$/.test(redirects))
    throw new Error(`Invalid --http-max-redirects "${redirects}".`);
  return {
    httpEgress: {
      allow,
      deny,
      // Unset: the server decides (on with --auth).
      denyPrivate: values['http-deny-private'],
      maxRedirects: redirects === undefined ? undefined : Number(redirects),
      credentialHeaders: values['http-credential-header'],
    },
    allowedHosts: values['allowed-host'],
    auth: auth && {
      tokenTtlSeconds: ttl === undefined ? undefined : Number(ttl),
      adminKey: adminId && adminSecret ? { id: adminId, secret: adminSecret } : undefined,
    },
    secretsKey: keyFile === undefined ? env.BATON_SECRETS_KEY || undefined : readKeyFile(keyFile),
    envAllow: [
      ...(values['env-allow'] ?? []),
      ...(env.BATON_ENV_ALLOW ?? '').split(',').filter((name) => name.trim() !== ''),
    ].map((name) => name.trim()),
  };
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read --secrets-key-file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
