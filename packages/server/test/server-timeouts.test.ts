// Slow and silent clients cannot hold a socket: a body or headers that stop arriving, and a connection that
// sends nothing, get 408 and a closed socket; an idle keep-alive connection is closed. Waiting for an answer
// is not limited: a long-poll and an execute wait longer than the request timeout still answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type BatonServer } from '@baton/server';
import { httpApi } from './http-api.js';

const TIMEOUT_MS = 300;
let dir: string;
let server: BatonServer;
const { ok } = httpApi(() => server.url);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-timeouts-'));
  server = await startServer({
    port: 0,
    dbPath: join(dir, 'baton.db'),
    logLevel: 'silent',
    timeouts: { requestMs: TIMEOUT_MS, headersMs: TIMEOUT_MS, keepAliveMs: TIMEOUT_MS },
  });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw connection that writes `text` and collects what the server sends until it closes the socket. */
async function rawExchange(text: string): Promise<string> {
  const socket: Socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.write(text);
  await once(socket, 'close');
  return received;
}

void test('a body that stops arriving gets 408 and its request never runs', async () => {
  const answer = await rawExchange(
    'POST /api/metadata/taskdefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100\r\n\r\n[{"name":"half_sent"',
  );
  assert.match(answer, /^HTTP\/1\.1 408 /);
  const defs = (await ok('GET', '/metadata/taskdefs')).json as { name: string }[];
  assert.equal(
    defs.some((d) => d.name === 'half_sent'),
    false,
  );
});

void test('headers that stop arriving, or no request at all, get the connection closed', async () => {
  assert.match(await rawExchange('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n'), /^HTTP\/1\.1 408 /);
  assert.match(await rawExchange(''), /^HTTP\/1\.1 408 /);
});

void test('an idle keep-alive connection is closed after an answer', async () => {
  const answer = await rawExchange(
    'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
  );
  assert.match(answer, /^HTTP\/1\.1 200 /);
  assert.match(answer, /"healthy":true/);
});

void test('a long-poll and an execute wait longer than the request timeout still answer', async () => {
  const polled = await ok('GET', `/tasks/poll/batch/nobody_serves_this?timeout=${TIMEOUT_MS * 4}`);
  assert.deepEqual(polled.json, []);

  await ok('POST', '/metadata/workflow', {
    name: 'timeouts_wait',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'wait', taskReferenceName: 'hold', type: 'WAIT', inputParameters: { duration: '1 hour' } },
    ],
  });
  const waitForSeconds = Math.ceil((TIMEOUT_MS * 4) / 1000);
  const executed = await ok(
    'POST',
    `/workflow/execute/timeouts_wait/1?requestId=r1&waitForSeconds=${waitForSeconds}`,
    {},
  );
  // A WAIT with a timer does not end the wait early: this answer comes at the deadline.
  const run = executed.json as { status: string; signalTimeout: boolean };
  assert.equal(run.status, 'RUNNING');
  assert.equal(run.signalTimeout, true);
});
