/**
 * The HTTP task follows redirects itself, hop by hop, so each hop's connection passes the egress policy and
 * credentials never travel to another origin: like fetch, a cross-origin hop drops the credential headers.
 */

/** Dropped on a cross-origin redirect, besides the ones the operator names. */
export const DEFAULT_CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'proxy-authorization',
  'x-api-key',
];

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

export interface Hop {
  url: URL;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * The request a redirect response leads to, or undefined when `statusCode` is not a redirect (or has no
 * Location). Throws for a Location that is not an http(s) URL.
 */
export function redirectedHop(
  from: Hop,
  statusCode: number,
  location: string | undefined,
  credentialHeaders: ReadonlySet<string>,
): Hop | undefined {
  if (!REDIRECT_STATUSES.has(statusCode) || !location) return undefined;
  let url: URL;
  try {
    url = new URL(location, from.url);
  } catch {
    throw new Error(`invalid redirect location "${location}" (${from.url.href})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`redirect to an unsupported scheme: ${url.href}`);

  const headers = { ...from.headers };
  // As browsers do: 303 turns anything but HEAD into a GET, 301 and 302 turn a POST into a GET.
  const toGet = statusCode === 303 ? from.method !== 'HEAD' : statusCode <= 302 && from.method === 'POST';
  if (toGet) for (const name of BODY_HEADERS) delete headers[name];
  if (url.origin !== from.url.origin) {
    delete headers.host;
    for (const name of credentialHeaders) delete headers[name];
  }
  return {
    url,
    method: toGet ? 'GET' : from.method,
    headers,
    body: toGet ? undefined : from.body,
  };
}
