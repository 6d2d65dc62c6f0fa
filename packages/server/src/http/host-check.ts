/**
 * Against DNS rebinding and cross-site requests to a server on this machine. A web page on evil.example can
 * point its own name at 127.0.0.1 and call a loopback server through the victim's browser, but the browser
 * still sends `Host: evil.example`; and a page may send simple requests to `http://127.0.0.1:8080`, but the
 * browser names the page in `Origin` (POST) or marks them `Sec-Fetch-Site: cross-site` (GET). So a server
 * bound to loopback answers only requests whose Host, and Origin when there is one, is an allowed host name
 * (on any port), and no cross-site request except a navigation (a link to a UI page).
 */
import type { FastifyInstance } from 'fastify';
import { isIP } from 'node:net';
import { ForbiddenError, MisdirectedRequestError } from '../errors.js';

/** The names a loopback server always answers to. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Refuses with Conductor's error body a request whose Host names none of `names` (421), or that comes from
 * a page whose origin is none of them (403).
 */
export function registerHostCheck(app: FastifyInstance, names: readonly string[]): void {
  const allowed = new Set(names.map(normalizeHostName));
  app.addHook('onRequest', (request, _reply, done) => {
    // HTTP/1.1 requires Host and Node refuses a request without one; browsers always send it.
    const { host, origin, 'sec-fetch-site': site, 'sec-fetch-mode': mode } = request.headers;
    if (host !== undefined && !allowed.has(hostNameOf(host))) {
      done(
        new MisdirectedRequestError(
          `Host "${host}" is not a name of this server; add it with --allowed-host to accept it`,
        ),
      );
    } else if (origin !== undefined && !allowed.has(originHostName(origin))) {
      done(new ForbiddenError(`Requests from pages on ${origin} are not accepted`));
    } else if (site === 'cross-site' && mode !== 'navigate') {
      done(new ForbiddenError('Requests from pages on other sites are not accepted'));
    } else {
      done();
    }
  });
}

/** True when binding `host` accepts connections from this machine only. */
export function isLoopbackBind(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** `name:port` or `[v6]:port` to the name, as compared. */
function hostNameOf(host: string): string {
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.lastIndexOf(':');
  return normalizeHostName(end > 0 ? host.slice(0, end) : host);
}

/** `scheme://host[:port]` to the host name; an opaque origin (`null`) has none. */
function originHostName(origin: string): string {
  try {
    return normalizeHostName(new URL(origin).hostname);
  } catch {
    return '';
  }
}

/** Lower case, without a trailing dot, an IPv6 address in brackets as Host writes it. */
function normalizeHostName(name: string): string {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}
