/**
 * `baton server`'s security flags: the HTTP task's egress policy and the Host names served
 * (docs/security.md). Kept apart from cli.ts so that the server's other flags stay short to read.
 */
import { parseEgressEntry } from './executors/egress-policy.js';
import type { StartServerOptions } from './start-server.js';

export const securityFlags = {
  'http-allow': { type: 'string', multiple: true },
  'http-deny': { type: 'string', multiple: true },
  'http-deny-private': { type: 'boolean' },
  'http-max-redirects': { type: 'string' },
  'http-credential-header': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
} as const;

export const securityHelp = `
HTTP task egress (see docs/security.md):
  --http-deny-private           Refuse loopback, link-local, private ranges and this machine's addresses. Default: off (--auth will turn it on).
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
}

/** The server options the flags set; throws an Error saying which value is wrong. */
export function securityOptions(
  values: SecurityFlagValues,
): Pick<StartServerOptions, 'httpEgress' | 'allowedHosts'> {
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
      denyPrivate: values['http-deny-private'] ?? false,
      maxRedirects: redirects === undefined ? undefined : Number(redirects),
      credentialHeaders: values['http-credential-header'],
    },
    allowedHosts: values['allowed-host'],
  };
}
