// The fetch client against a real server: Conductor's error bodies become ApiErrors carrying the server's
// message and field paths; list endpoints report paths relative to the one definition the UI sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type BatonServer } from '@baton/server';
import { ApiError } from '../src/api/client.js';
import { registerTaskDef, updateWorkflowDef, validateWorkflowDef } from '../src/api/metadata.js';
import { getTaskLogs } from '../src/api/tasks.js';
import { getWorkflow } from '../src/api/workflows.js';

let server: BatonServer;
let dir: string;
const realFetch = globalThis.fetch;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-ui-client-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent', uiDir: false });
  // The client speaks in site-relative URLs (`/api/...`), as it does in the browser.
  globalThis.fetch = (input, init) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return realFetch(new URL(path, server.url), init);
  };
});

after(async () => {
  globalThis.fetch = realFetch;
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected a rejection');
}

void test('a 404 carries the server message', async () => {
  const error = await rejection(getWorkflow('no-such-run'));
  assert.equal(error.status, 404);
  assert.equal(error.message, 'No such workflow found by id: no-such-run');
});

void test('validation errors keep their field paths', async () => {
  const error = await rejection(validateWorkflowDef({ name: 'x', schemaVersion: 2, tasks: [{ name: 'a' }] }));
  assert.equal(error.status, 400);
  assert.deepEqual(
    error.validationErrors.map((e) => e.path),
    ['tasks[0].taskReferenceName'],
  );
});

void test('list endpoints answer about the one definition sent, without the [0] prefix', async () => {
  const workflow = await rejection(
    updateWorkflowDef({ name: 'x', schemaVersion: 2, tasks: [{ name: 'a' }] }),
  );
  assert.deepEqual(
    workflow.validationErrors.map((e) => e.path),
    ['tasks[0].taskReferenceName'],
  );
  const task = await rejection(registerTaskDef({ name: 't', responseTimeoutSeconds: 0 }));
  assert.deepEqual(
    task.validationErrors.map((e) => e.path),
    ['responseTimeoutSeconds'],
  );
});

void test('"no logs" (204) is an empty list', async () => {
  assert.deepEqual(await getTaskLogs('no-such-task'), []);
});
