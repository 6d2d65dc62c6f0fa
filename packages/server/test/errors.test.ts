// Bad requests get a 4xx with Conductor's error body, change nothing, and leave the server answering.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorResponse } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';

let server: BatonServer;
let dir: string;
let definitionsBefore: string;

const baseline = {
  name: 'err_baseline',
  tasks: [{ name: 'work', taskReferenceName: 'work_ref', type: 'SIMPLE' }],
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-errors-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
  await send('POST', '/api/metadata/workflow', JSON.stringify(baseline), 'application/json');
  await send('POST', '/api/metadata/taskdefs', JSON.stringify([{ name: 'err_task' }]), 'application/json');
  definitionsBefore = await definitions();
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function send(method: string, path: string, body?: string, contentType?: string): Promise<Response> {
  // fetch labels a string body text/plain; bytes go out without any content type.
  return fetch(`${server.url}${path}`, {
    method,
    body: body !== undefined && !contentType ? Buffer.from(body) : body,
    headers: contentType ? { 'content-type': contentType } : {},
  });
}

/** Everything registered, as one comparable string. */
async function definitions(): Promise<string> {
  const workflows = await (await fetch(`${server.url}/api/metadata/workflow`)).json();
  const tasks = await (await fetch(`${server.url}/api/metadata/taskdefs`)).json();
  return JSON.stringify({ workflows, tasks });
}

/** Checks Conductor's error body, that the server still answers, and that no definition changed. */
async function expectRejected(response: Promise<Response>, status: number): Promise<ErrorResponse> {
  const res = await response;
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await res.json()) as ErrorResponse;
  assert.equal(body.status, status);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  assert.equal(body.instance, hostname());
  assert.equal(body.retryable, false);

  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
  assert.equal(await definitions(), definitionsBefore);
  return body;
}

void describe('bad input', () => {
  void test('malformed JSON is a 400 that says the body is not JSON', async () => {
    const body = await expectRejected(
      send('POST', '/api/metadata/workflow', '{"name": "x", "tasks": [', 'application/json'),
      400,
    );
    assert.match(body.message, /not valid JSON/);
  });

  void test('a JSON body without a content type is read as JSON (and validated)', async () => {
    const body = await expectRejected(send('POST', '/api/metadata/workflow', '{"name": "err_no_ct"}'), 400);
    assert.deepEqual(
      body.validationErrors?.map((e) => e.path),
      ['tasks'],
    );
    await expectRejected(send('POST', '/api/metadata/workflow', 'not json at all'), 400);
  });

  void test('wrong types name the field', async () => {
    const body = await expectRejected(
      send(
        'POST',
        '/api/metadata/workflow',
        JSON.stringify({ name: 'err_types', tasks: 'abc' }),
        'application/json',
      ),
      400,
    );
    assert.equal(body.message, 'Validation failed, check below errors for detail.');
    assert.deepEqual(body.validationErrors, [
      { path: 'tasks', message: 'must be an array', invalidValue: 'abc' },
    ]);
  });

  void test('duplicate task reference names are reported with their path', async () => {
    const def = {
      name: 'err_dupes',
      tasks: [
        { name: 'a', taskReferenceName: 'same', type: 'SIMPLE' },
        { name: 'b', taskReferenceName: 'same', type: 'SIMPLE' },
      ],
    };
    const body = await expectRejected(
      send('POST', '/api/metadata/workflow', JSON.stringify(def), 'application/json'),
      400,
    );
    assert.equal(body.validationErrors?.[0]?.path, 'tasks[1].taskReferenceName');
    assert.match(body.validationErrors?.[0]?.message ?? '', /should be unique/);
  });

  void test('an invalid definition in a bulk PUT rejects the whole array, with indexed paths', async () => {
    const good = { ...baseline, name: 'err_bulk_good' };
    const bad = { name: 'err_bulk_bad', tasks: [] };
    const body = await expectRejected(
      send('PUT', '/api/metadata/workflow', JSON.stringify([good, bad]), 'application/json'),
      400,
    );
    assert.deepEqual(
      body.validationErrors?.map((e) => e.path),
      ['[1].tasks'],
    );
    await expectRejected(
      send('PUT', '/api/metadata/workflow', JSON.stringify(good), 'application/json'),
      400,
    );
  });

  void test('task definitions out of bounds, or not in an array, are 400s', async () => {
    const outOfBounds = [{ name: 'err_task', responseTimeoutSeconds: 0 }];
    const body = await expectRejected(
      send('POST', '/api/metadata/taskdefs', JSON.stringify(outOfBounds), 'application/json'),
      400,
    );
    assert.equal(body.validationErrors?.[0]?.path, '[0].responseTimeoutSeconds');
    await expectRejected(
      send('POST', '/api/metadata/taskdefs', JSON.stringify({ name: 'err_task' }), 'application/json'),
      400,
    );
    await expectRejected(
      send('PUT', '/api/metadata/taskdefs', JSON.stringify({ retryCount: 1 }), 'application/json'),
      400,
    );
  });

  void test('an empty body where a definition is required is a 400, not a crash', async () => {
    await expectRejected(send('POST', '/api/metadata/workflow', '', 'application/json'), 400);
    await expectRejected(send('POST', '/api/metadata/workflow'), 400);
  });

  void test('a "__proto__" key is refused', async () => {
    const poisoned =
      '{"name":"err_proto","tasks":[{"name":"a","taskReferenceName":"a"}],"__proto__":{"x":1}}';
    await expectRejected(send('POST', '/api/metadata/workflow', poisoned, 'application/json'), 400);
  });

  void test('a query parameter of the wrong type names it', async () => {
    const body = await expectRejected(send('GET', '/api/metadata/workflow/err_baseline?version=abc'), 400);
    assert.equal(body.validationErrors?.[0]?.path, 'querystring.version');
    await expectRejected(send('DELETE', '/api/metadata/workflow/err_baseline/one'), 400);
  });

  void test('an unknown workflow name is a 404', async () => {
    const body = await expectRejected(send('GET', '/api/metadata/workflow/err_unknown'), 404);
    assert.equal(body.message, 'No such workflow found by name: err_unknown, version: null');
  });

  void test('an unknown route is a 404 with the same body', async () => {
    const body = await expectRejected(send('GET', '/api/no/such/route?secret=1'), 404);
    assert.equal(body.message, 'No endpoint GET /api/no/such/route');
  });

  void test('a text/plain body stays a raw string, so a JSON endpoint rejects it', async () => {
    const body = await expectRejected(
      send('POST', '/api/metadata/workflow', JSON.stringify({ ...baseline, name: 'err_text' }), 'text/plain'),
      400,
    );
    assert.equal(body.validationErrors?.[0]?.message, 'must be an object');
  });

  void test('an unsupported content type is a 415', async () => {
    await expectRejected(send('POST', '/api/metadata/workflow', '<def/>', 'application/xml'), 415);
  });

  void test('a body over the 10 MiB default limit is a 413', async () => {
    const huge = JSON.stringify({ ...baseline, description: 'x'.repeat(10 * 1024 * 1024) });
    const body = await expectRejected(send('POST', '/api/metadata/workflow', huge, 'application/json'), 413);
    assert.equal(body.code, 'PAYLOAD_TOO_LARGE');
  });
});

void test('the body limit is an option: a body under it is accepted, one over it is a 413', async () => {
  const dir2 = await mkdtemp(join(tmpdir(), 'baton-errors-limit-'));
  const small = await startServer({
    port: 0,
    dbPath: join(dir2, 'baton.db'),
    logLevel: 'silent',
    bodyLimit: 4096,
  });
  try {
    const def = JSON.stringify({ ...baseline, description: 'x'.repeat(3000) });
    const ok = await fetch(`${small.url}/api/metadata/workflow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: def,
    });
    assert.equal(ok.status, 200);
    const tooBig = await fetch(`${small.url}/api/metadata/workflow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...baseline, name: 'other', description: 'x'.repeat(5000) }),
    });
    assert.equal(tooBig.status, 413);
    assert.equal((await fetch(`${small.url}/api/metadata/workflow/other`)).status, 404);
  } finally {
    await small.close();
    await rm(dir2, { recursive: true, force: true });
  }
});
