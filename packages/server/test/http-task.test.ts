// HTTP (§5) against a real local HTTP server: statuses, bodies, headers, timeouts and connection failures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@baton/protocol';
import { httpExecutor } from '../src/executors/http.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

const http = httpExecutor();
let server: Server;
let base: string;
let requestArrived: (path: string) => void = () => {};

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  requestArrived(req.url ?? '');
  switch (req.url) {
    case '/json':
      res.writeHead(200, { 'content-type': 'application/json', 'x-reply': 'yes' });
      res.end(JSON.stringify({ hello: 'world', list: [1, 2] }));
      return;
    case '/text':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain words');
      return;
    case '/number':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('42.5');
      return;
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('nothing here');
      return;
    case '/broken':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'boom' }));
      return;
    case '/echo':
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
      return;
    case '/moved':
      res.writeHead(302, { location: '/json' });
      res.end();
      return;
    case '/hang':
      return; // never answers
    default:
      res.writeHead(400);
      res.end();
  }
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await http.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const call = (request: JsonObject, workflowTask = {}, signal = neverAborted) =>
  http.execute(systemTask('HTTP', { http_request: request }, workflowTask), signal);

void test('200 with a JSON body completes with the parsed body, status, reason phrase and headers', async () => {
  assert.equal(http.type, 'HTTP');
  const outcome = await call({ uri: `${base}/json`, method: 'GET' });
  assert.equal(outcome.status, 'COMPLETED');
  const response = outcome.outputData!.response as JsonObject;
  assert.equal(response.statusCode, 200);
  assert.equal(response.reasonPhrase, 'OK');
  assert.deepEqual(response.body, { hello: 'world', list: [1, 2] });
  const headers = response.headers as Record<string, string[]>;
  assert.deepEqual(headers['x-reply'], ['yes']);
  assert.deepEqual(headers['content-type'], ['application/json']);
});

void test('text stays text, a number is parsed; the request keys may sit directly in the input', async () => {
  const text = await http.execute(systemTask('HTTP', { uri: `${base}/text`, method: 'GET' }), neverAborted);
  assert.equal(text.status, 'COMPLETED');
  assert.equal((text.outputData!.response as JsonObject).body, 'plain words');
  const number = await call({ uri: `${base}/number`, method: 'get' });
  assert.equal((number.outputData!.response as JsonObject).body, 42.5);
});

void test('POST sends a JSON-encoded body with content type, accept and custom headers', async () => {
  const outcome = await call({
    uri: `${base}/echo`,
    method: 'POST',
    body: { order: 7, items: ['a'] },
    headers: { 'X-Trace': 'abc', 'X-Count': 3 },
    accept: ['application/json', 'text/plain'],
  });
  assert.equal(outcome.status, 'COMPLETED');
  const response = outcome.outputData!.response as JsonObject;
  assert.equal(response.statusCode, 201);
  assert.equal(response.reasonPhrase, 'Created');
  assert.deepEqual((response.headers as Record<string, string[]>)['set-cookie'], ['a=1', 'b=2']);
  const echo = response.body as { method: string; headers: Record<string, string>; body: string };
  assert.equal(echo.method, 'POST');
  assert.deepEqual(JSON.parse(echo.body), { order: 7, items: ['a'] });
  assert.equal(echo.headers['content-type'], 'application/json');
  assert.equal(echo.headers.accept, 'application/json, text/plain');
  assert.equal(echo.headers['x-trace'], 'abc');
  assert.equal(echo.headers['x-count'], '3');
});

void test('a string body goes as it is, with the given content type', async () => {
  const outcome = await call({
    uri: `${base}/echo`,
    method: 'PUT',
    body: 'a=1&b=2',
    contentType: 'text/plain',
  });
  const echo = (outcome.outputData!.response as JsonObject).body as {
    headers: Record<string, string>;
    body: string;
  };
  assert.equal(echo.body, 'a=1&b=2');
  assert.equal(echo.headers['content-type'], 'text/plain');
});

void test('404 and 500 FAIL with the body as the reason and the response in the output', async () => {
  const missing = await call({ uri: `${base}/missing`, method: 'GET' });
  assert.equal(missing.status, 'FAILED');
  assert.equal(missing.reasonForIncompletion, 'nothing here');
  assert.equal((missing.outputData!.response as JsonObject).statusCode, 404);
  assert.equal((missing.outputData!.response as JsonObject).reasonPhrase, 'Not Found');

  const broken = await call({ uri: `${base}/broken`, method: 'GET' });
  assert.equal(broken.status, 'FAILED');
  assert.equal(broken.reasonForIncompletion, '{"error":"boom"}');
  assert.deepEqual((broken.outputData!.response as JsonObject).body, { error: 'boom' });
});

void test('a redirect is followed', async () => {
  const outcome = await call({ uri: `${base}/moved`, method: 'GET' });
  assert.equal(outcome.status, 'COMPLETED');
  assert.deepEqual((outcome.outputData!.response as JsonObject).body, { hello: 'world', list: [1, 2] });
});

void test('asyncComplete keeps a successful call IN_PROGRESS', async () => {
  const outcome = await call({ uri: `${base}/json`, method: 'GET' }, { asyncComplete: true });
  assert.equal(outcome.status, 'IN_PROGRESS');
  assert.equal((outcome.outputData!.response as JsonObject).statusCode, 200);
});

void test('a server that never answers FAILS after readTimeOut', async () => {
  const outcome = await call({ uri: `${base}/hang`, method: 'GET', readTimeOut: 200 });
  assert.equal(outcome.status, 'FAILED');
  assert.equal(
    outcome.reasonForIncompletion,
    `Failed to invoke HTTP task due to: read timed out after 200 ms (${base}/hang)`,
  );
});

void test('a refused connection FAILS with the cause', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const outcome = await call({ uri: `http://127.0.0.1:${port}/`, method: 'GET' });
  assert.equal(outcome.status, 'FAILED');
  assert.match(outcome.reasonForIncompletion!, /^Failed to invoke HTTP task due to: .*ECONNREFUSED/);
});

void test('aborting the signal ends a pending call', async () => {
  const controller = new AbortController();
  requestArrived = (path) => {
    if (path === '/hang') controller.abort();
  };
  try {
    const outcome = await call(
      { uri: `${base}/hang`, method: 'GET', readTimeOut: 30_000 },
      {},
      controller.signal,
    );
    assert.equal(outcome.status, 'FAILED');
    assert.equal(
      outcome.reasonForIncompletion,
      'Failed to invoke HTTP task due to: the request was canceled',
    );
  } finally {
    requestArrived = () => {};
  }
});

void test('a missing uri or method FAILS without calling anything', async () => {
  const noUri = await call({ method: 'GET' });
  assert.equal(noUri.status, 'FAILED');
  assert.match(noUri.reasonForIncompletion!, /Missing HTTP URI/);
  const noMethod = await call({ uri: `${base}/json` });
  assert.equal(noMethod.status, 'FAILED');
  assert.equal(noMethod.reasonForIncompletion, 'No HTTP method specified');
  const badUri = await call({ uri: 'not a uri', method: 'GET' });
  assert.equal(badUri.status, 'FAILED');
  assert.equal(badUri.reasonForIncompletion, 'Invalid HTTP URI: not a uri');
});
