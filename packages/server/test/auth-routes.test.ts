/**
 * Every route the server registers, against the rights table: 401 without a token and with an expired or a
 * forged one, 403 for each role lacking the route's right, let through for each role holding it. A route
 * added without a table entry fails here.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APPLICATION_ROLES, type ApplicationRole } from '@baton/protocol';
import { routesOf } from '../src/auth/auth-hook.js';
import { roleRights, routeAccess, routeRights } from '../src/auth/rights.js';
import { TokenSigner } from '../src/auth/tokens.js';
import { startServer, type BatonServer } from '../src/start-server.js';
import { ADMIN_KEY, applicationWith, SECRETS_KEY, token } from './support/auth.js';
import { createDatabase, type TestDatabase } from './support/databases.js';

let server: BatonServer;
let database: TestDatabase;
const tokens = new Map<ApplicationRole, string>();
let expired: string;
let forged: string;

before(async () => {
  database = await createDatabase('sqlite');
  // A UI build of one file, so the UI's static routes are registered (and checked) too.
  const uiDir = join(dirname(database.db), 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>ui</title>');
  server = await startServer({
    port: 0,
    db: database.db,
    logLevel: 'silent',
    uiDir,
    auth: { adminKey: ADMIN_KEY },
    secretsKey: SECRETS_KEY,
  });
  const admin = await token(server.url, ADMIN_KEY);
  for (const role of APPLICATION_ROLES) {
    const { key } = await applicationWith(server.url, admin, `only-${role}`, [role]);
    tokens.set(role, await token(server.url, key));
  }
  // Signed with the server's own key, but an hour ago with a one-second lifetime.
  const signingKey = Buffer.from((await server.store.getServerKey('token-signing-key'))!, 'base64url');
  expired = new TokenSigner(signingKey, 1, () => Date.now() - 3_600_000).issue(ADMIN_KEY.id);
  forged = new TokenSigner(randomBytes(32), 3600).issue(ADMIN_KEY.id);
});

after(async () => {
  await server.close();
  await database.drop();
});

/** A request path for a route pattern: every parameter gets a harmless value. */
function pathOf(pattern: string): string {
  const path = pattern.replace(/:(\w+)/g, (_, name: string) =>
    name === 'status' ? 'COMPLETED' : `x-${name}`,
  );
  // Long-polls answer at once.
  return path.startsWith('/api/tasks/poll/') ? `${path}?timeout=0` : path;
}

async function call(route: string, headers: Record<string, string>) {
  const [method, pattern] = route.split(' ') as [string, string];
  const response = await server.app.inject({
    method: method as 'GET',
    url: pathOf(pattern),
    headers: { ...headers, 'content-type': 'application/json' },
    payload: method === 'GET' || method === 'HEAD' || method === 'DELETE' ? undefined : '{}',
  });
  // HEAD answers carry no body: their status alone must say it.
  return { status: response.statusCode, error: method === 'HEAD' ? 'any' : errorCode(response.body) };
}

const is = (error: string | undefined, code: string): boolean => error === 'any' || error === code;
/** The hook's own refusals (a public route may still answer 401 itself, e.g. a wrong key secret). */
const byAuth = (error: string | undefined): boolean =>
  error === 'INVALID_TOKEN' || error === 'EXPIRED_TOKEN' || error === 'ACCESS_DENIED';

/** The `error` field of a JSON error body; undefined for any other answer. */
function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'error' in parsed
      ? String(parsed.error)
      : undefined;
  } catch {
    return undefined;
  }
}

void describe('the rights table', () => {
  void it('has an entry for every registered route and no entry for a route that does not exist', () => {
    const registered = routesOf(server.app);
    assert.ok(registered.length > 80, `only ${registered.length} routes seen`);
    const missing = registered.filter((route) => {
      const [method, url] = route.split(' ') as [string, string];
      return routeAccess(method, url) === undefined;
    });
    assert.deepEqual(missing, [], 'routes without an entry in auth/rights.ts');
    const stale = Object.keys(routeRights).filter((route) => !registered.includes(route));
    assert.deepEqual(stale, [], 'entries in auth/rights.ts for routes that do not exist');
  });

  void it('answers every route as the table says, for every role', async () => {
    const failures: string[] = [];
    const expect = (route: string, what: string, ok: boolean) => {
      if (!ok) failures.push(`${route}: ${what}`);
    };
    for (const route of routesOf(server.app)) {
      const [method, url] = route.split(' ') as [string, string];
      const access = routeAccess(method, url)!;
      if (access === 'public') {
        const open = await call(route, {});
        expect(route, `public, got ${open.status} ${open.error}`, !byAuth(open.error));
        continue;
      }
      const none = await call(route, {});
      expect(route, `no token: ${none.status}`, none.status === 401 && is(none.error, 'INVALID_TOKEN'));
      const old = await call(route, { 'x-authorization': expired });
      expect(
        route,
        `expired: ${old.status} ${old.error}`,
        old.status === 401 && is(old.error, 'EXPIRED_TOKEN'),
      );
      const fake = await call(route, { 'x-authorization': forged });
      expect(route, `forged: ${fake.status}`, fake.status === 401 && is(fake.error, 'INVALID_TOKEN'));
      for (const role of APPLICATION_ROLES) {
        const allowed = access === 'authenticated' || roleRights[role].includes(access);
        const answer = await call(route, { 'x-authorization': tokens.get(role)! });
        if (allowed)
          expect(route, `${role} refused: ${answer.status}`, answer.status !== 401 && answer.status !== 403);
        else
          expect(
            route,
            `${role} let in: ${answer.status}`,
            answer.status === 403 && is(answer.error, 'ACCESS_DENIED'),
          );
      }
    }
    assert.deepEqual(failures, []);
  });

  void it('refuses some route to every role but ADMIN, and lets some route through for each role', () => {
    // The table is not trivially open or closed: each role has something it may and something it may not do.
    for (const role of APPLICATION_ROLES.filter((r) => r !== 'ADMIN')) {
      const rights = Object.values(routeRights).filter((a) => a !== 'public' && a !== 'authenticated');
      assert.ok(
        rights.some((right) => roleRights[role].includes(right)),
        `${role} may do nothing`,
      );
      assert.ok(
        rights.some((right) => !roleRights[role].includes(right)),
        `${role} may do everything`,
      );
    }
  });
});
