// DNS rebinding and cross-site requests against a server bound to loopback: a Host or an Origin naming
// another site is refused with Conductor's error body before any route runs; this machine's names pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type BatonServer, type StartServerOptions } from '@baton/server';
import { assertError, type Answer } from './http-api.js';

let dir: string;
let server: BatonServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-host-check-'));
  server = await start({ allowedHosts: ['baton.internal'] });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function start(options: StartServerOptions): Promise<BatonServer> {
  return startServer({ port: 0, dbPath: join(dir, `${Math.random()}.db`), logLevel: 'silent', ...options });
}

/** node:http, because fetch does not let a caller choose the Host header. */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

void test('a Host naming another site gets 421 with the error body, for the API, health and the UI', async () => {
  for (const host of [
    `evil.example:${server.port}`,
    'evil.example',
    `127.0.0.1.evil.example:${server.port}`,
  ]) {
    for (const path of ['/api/metadata/taskdefs', '/health', '/']) {
      const answer = await send(server.port, path, { host });
      assertError(
        answer,
        421,
        new RegExp(`^Host "${host.replaceAll('.', '\\.')}" is not a name of this server`),
      );
    }
  }
});

void test("this machine's names and the configured ones pass, with any port and in any case", async () => {
  for (const host of [
    `localhost:${server.port}`,
    `127.0.0.1:${server.port}`,
    `[::1]:${server.port}`,
    'LOCALHOST',
    'localhost.:5173',
    `baton.internal:${server.port}`,
  ]) {
    assert.equal((await send(server.port, '/health', { host })).status, 200, host);
  }
});

void test('a request from a page on another site gets 403 and changes nothing', async () => {
  const host = `127.0.0.1:${server.port}`;
  const taskDef = JSON.stringify([{ name: 'planted_by_a_page', retryCount: 0 }]);
  for (const origin of ['http://evil.example', 'null']) {
    const answer = await send(
      server.port,
      '/api/metadata/taskdefs',
      { host, origin, 'content-type': 'application/json' },
      'POST',
      taskDef,
    );
    assertError(answer, 403, new RegExp(`^Requests from pages on ${origin} are not accepted$`));
  }
  assert.equal((await send(server.port, '/api/metadata/taskdefs/planted_by_a_page', { host })).status, 404);

  // A GET from another site's page carries no Origin; the browser marks it cross-site.
  assertError(
    await send(server.port, '/api/tasks/poll/batch/any_task', {
      host,
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'no-cors',
    }),
    403,
    /^Requests from pages on other sites are not accepted$/,
  );
  // A link from elsewhere to a page still opens it.
  const navigation = await send(server.port, '/health', {
    host,
    'sec-fetch-site': 'cross-site',
    'sec-fetch-mode': 'navigate',
  });
  assert.equal(navigation.status, 200);

  const local = await send(server.port, '/api/metadata/taskdefs', {
    host,
    origin: 'http://localhost:5173',
  });
  assert.equal(local.status, 200);
});

void test('bound to all interfaces with no names given, any Host is answered', async () => {
  const open = await start({ host: '0.0.0.0' });
  try {
    assert.equal((await send(open.port, '/health', { host: 'baton.example.com' })).status, 200);
  } finally {
    await open.close();
  }
});
