/**
 * With `--auth`, every `/api` route needs `X-Authorization: <token>` and the right its entry in the rights
 * table names. Runs on `onRequest`, before any body is read. Requests no route takes (the UI's pages, 404s) pass.
 */
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationService, Identity } from './applications.js';
import { routeAccess } from './rights.js';
import type { TokenSigner } from './tokens.js';

const instance = hostname();
const identities = new WeakMap<FastifyRequest, Identity>();
const routeLists = new WeakMap<FastifyInstance, string[]>();

/** The identity of an authenticated request; undefined when auth is off or the route is public. */
export function identityOf(request: FastifyRequest): Identity | undefined {
  return identities.get(request);
}

/** Every `METHOD /pattern` registered on `app` since its auth hook (HEAD included): the route-table test reads it. */
export function routesOf(app: FastifyInstance): readonly string[] {
  return routeLists.get(app) ?? [];
}

export function registerAuthHook(
  app: FastifyInstance,
  applications: ApplicationService,
  tokens: TokenSigner,
): void {
  const routes: string[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push(`${method} ${route.url}`);
      if (routeAccess(method, route.url) === undefined)
        app.log.warn(
          `${method} ${route.url} is not in the rights table (auth/rights.ts): refused to everyone`,
        );
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const access = routeAccess(request.method, url);
    if (access === 'public') return;
    const token = request.headers['x-authorization'];
    if (typeof token !== 'string' || token === '')
      return unauthorized(reply, 'INVALID_TOKEN', 'Missing X-Authorization token');
    const checked = tokens.check(token);
    if (!checked.ok) return unauthorized(reply, checked.error, checked.message);
    const identity = await applications.identity(checked.claims.sub);
    if (!identity) return unauthorized(reply, 'INVALID_TOKEN', 'The access key of this token is revoked');
    if (access === undefined)
      return forbidden(reply, `${request.method} ${url} is not in the rights table: refused to everyone`);
    if (access !== 'authenticated' && !identity.rights.has(access))
      return forbidden(
        reply,
        `Application ${identity.application.name} may not ${request.method} ${url}: needs ${access}`,
      );
    identities.set(request, identity);
  });
}

/** Conductor's error body plus `error`: the field the Orkes SDKs read to decide to fetch a new token. */
export function sendAuthError(reply: FastifyReply, status: 401 | 403, error: string, message: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ status, code: error, error, message, instance, retryable: false });
}

const unauthorized = (reply: FastifyReply, error: 'INVALID_TOKEN' | 'EXPIRED_TOKEN', message: string) =>
  sendAuthError(reply, 401, error, message);

const forbidden = (reply: FastifyReply, message: string) =>
  sendAuthError(reply, 403, 'ACCESS_DENIED', message);
