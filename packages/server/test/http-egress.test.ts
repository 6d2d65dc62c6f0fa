// The HTTP task's egress policy against real local HTTP servers: every way around a denied address (a
// redirect, DNS, decimal/octal/hex IPv4, IPv4-mapped IPv6) is refused before the target sees a request,
// and credential headers never follow a redirect to another origin.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@baton/protocol';
import { httpExecutor, type HttpExecutor } from '../src/executors/http.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

/** The service an attacker wants to reach; it records every request it receives. */
let target: Server;
let targetPort: number;
let received: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
/** An allowed service that redirects wherever `?to=` says. */
let front: Server;
let frontPort: number;

const open = httpExecutor();
let guarded: HttpExecutor;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function shut(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

before(async () => {
  target = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.url === '/same-origin-hop') {
      res.writeHead(302, { location: '/echo' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ reached: true }));
  });
  front = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
      return;
    }
    res.writeHead(Number(url.searchParams.get('status') ?? 302), {
      location: url.searchParams.get('to') ?? '/',
    });
    res.end();
  });
  targetPort = await listen(target);
  frontPort = await listen(front);
  guarded = httpExecutor({ denyPrivate: true, allow: [`127.0.0.1:${frontPort}`], maxRedirects: 3 });
});

after(async () => {
  await Promise.all([open.close(), guarded.close()]);
  await Promise.all([shut(target), shut(front)]);
});

beforeEach(() => {
  received = [];
});

const call = (executor: HttpExecutor, uri: string, extra: JsonObject = {}) =>
  executor.execute(systemTask('HTTP', { http_request: { uri, method: 'GET', ...extra } }), neverAborted);

const redirectTo = (location: string, status = 302) =>
  `http://127.0.0.1:${frontPort}/?status=${status}&to=${encodeURIComponent(location)}`;

async function assertRefused(uri: string, reason: RegExp): Promise<void> {
  const outcome = await call(guarded, uri);
  assert.equal(outcome.status, 'FAILED', uri);
  assert.match(
    outcome.reasonForIncompletion!,
    /^Failed to invoke HTTP task due to: the HTTP egress policy refuses /,
  );
  assert.match(outcome.reasonForIncompletion!, reason);
  assert.deepEqual(received, [], `${uri} reached the target`);
}

void describe('with private addresses denied', () => {
  test('an allowed address is called; a loopback one is refused before any request', async () => {
    const allowed = await call(guarded, redirectTo('/', 200));
    assert.equal(allowed.status, 'COMPLETED');
    await assertRefused(
      `http://127.0.0.1:${targetPort}/`,
      new RegExp(`127\\.0\\.0\\.1:${targetPort}: 127\\.0\\.0\\.1 is a loopback address$`),
    );
  });

  test('a host name is judged by the address it resolves to', async () => {
    await assertRefused(`http://localhost:${targetPort}/`, /\(localhost\): .* is a loopback address$/);
  });

  test('a redirect from an allowed service to a denied address is refused', async () => {
    await assertRefused(redirectTo(`http://127.0.0.1:${targetPort}/`), /is a loopback address$/);
    await assertRefused(redirectTo(`http://localhost:${targetPort}/`, 307), /is a loopback address$/);
    await assertRefused(redirectTo(`http://2130706433:${targetPort}/`, 301), /is a loopback address$/);
  });

  test('decimal, octal and hex IPv4 notations are the same loopback address', async () => {
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '0x7f000001', '127.1']) {
      await assertRefused(`http://${host}:${targetPort}/`, /127\.0\.0\.1 is a loopback address$/);
    }
  });

  test('an IPv4-mapped IPv6 address is the IPv4 address it maps', async () => {
    const mapped = `http://[::ffff:127.0.0.1]:${targetPort}/`;
    // Without the policy the mapped address does reach the IPv4 service, so the refusal below is real.
    assert.equal((await call(open, mapped)).status, 'COMPLETED');
    assert.equal(received.length, 1);
    received = [];
    await assertRefused(mapped, /is a loopback address$/);
    await assertRefused(`http://[::ffff:7f00:1]:${targetPort}/`, /is a loopback address$/);
  });

  test('more redirects than the limit fail the task', async () => {
    const outcome = await call(guarded, `http://127.0.0.1:${frontPort}/loop`);
    assert.equal(outcome.status, 'FAILED');
    assert.equal(
      outcome.reasonForIncompletion,
      `Failed to invoke HTTP task due to: more than 3 redirects (http://127.0.0.1:${frontPort}/loop)`,
    );
  });

  test('a redirect to another scheme fails the task', async () => {
    const outcome = await call(guarded, redirectTo('file:///etc/passwd'));
    assert.equal(outcome.status, 'FAILED');
    assert.match(
      outcome.reasonForIncompletion!,
      /redirect to an unsupported scheme: file:\/\/\/etc\/passwd$/,
    );
  });
});

void describe('credential headers on redirects', () => {
  const headers = {
    Authorization: 'Bearer secret-token',
    Cookie: 'session=secret',
    'X-Api-Key': 'secret-key',
    'X-Vault-Token': 'secret-vault',
    'X-Trace': 'trace-1',
  };

  test('a cross-origin redirect drops Authorization, Cookie, X-Api-Key and operator-named headers', async () => {
    const executor = httpExecutor({ credentialHeaders: ['X-Vault-Token'] });
    try {
      const outcome = await call(executor, redirectTo(`http://localhost:${targetPort}/echo`), { headers });
      assert.equal(outcome.status, 'COMPLETED');
      assert.equal(received.length, 1);
      const seen = received[0]!.headers;
      assert.equal(seen['x-trace'], 'trace-1');
      for (const name of ['authorization', 'cookie', 'x-api-key', 'x-vault-token']) {
        assert.equal(seen[name], undefined, `${name} was forwarded`);
      }
    } finally {
      await executor.close();
    }
  });

  test('a same-origin redirect keeps them', async () => {
    const outcome = await call(open, `http://127.0.0.1:${targetPort}/same-origin-hop`, { headers });
    assert.equal(outcome.status, 'COMPLETED');
    assert.deepEqual(
      received.map((r) => [r.url, r.headers.authorization, r.headers['x-api-key']]),
      [
        ['/same-origin-hop', 'Bearer secret-token', 'secret-key'],
        ['/echo', 'Bearer secret-token', 'secret-key'],
      ],
    );
  });

  test('a 303 after a POST is a GET without the body', async () => {
    const outcome = await call(open, redirectTo(`http://127.0.0.1:${targetPort}/after-post`, 303), {
      method: 'POST',
      body: { order: 1 },
    });
    assert.equal(outcome.status, 'COMPLETED');
    assert.equal(received.length, 1);
    assert.equal(received[0]!.method, 'GET');
    assert.equal(received[0]!.headers['content-length'], undefined);
    assert.equal(received[0]!.headers['content-type'], undefined);
  });
});
