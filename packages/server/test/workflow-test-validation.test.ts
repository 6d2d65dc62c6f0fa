// POST /api/workflow/test with bad input (§0, §2.10): Conductor's error body with field paths, 404 for an
// unknown definition, and never a crash or a stored execution.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Answer } from './http-api.js';
import { simple, startTestServer, type TestServer } from './workflow-test-fixture.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
});

after(() => t?.close());

const def = { name: 'wv_flow', version: 1, schemaVersion: 2, tasks: [simple('greet_ref', 'greet')] };

function assertValidation(answer: Answer, ...paths: string[]): void {
  assert.equal(answer.status, 400, answer.text);
  const body = answer.json as {
    message: string;
    validationErrors?: Array<{ path: string; message: string }>;
  };
  assert.equal(body.message, 'Validation failed, check below errors for detail.');
  assert.deepEqual(
    body.validationErrors?.map((e) => e.path),
    paths,
  );
}

void test('a mock status that is not a TaskResult status is a 400 naming the field', async () => {
  const answer = await t.send('POST', '/workflow/test', {
    workflowDef: def,
    correlationId: 'wv-refused',
    taskRefToMockOutput: { greet_ref: [{ status: 'COMPLETED' }, { status: 'DONE' }] },
  });
  assertValidation(answer, 'taskRefToMockOutput.greet_ref[1].status');
  const error = (answer.json as { validationErrors: Array<{ message: string; invalidValue: unknown }> })
    .validationErrors[0]!;
  assert.match(error.message, /one of IN_PROGRESS, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, CANCELED/);
  assert.equal(error.invalidValue, 'DONE');
});

void test('mock lists, times and nested sub-workflow requests are checked to the field', async () => {
  assertValidation(
    await t.send('POST', '/workflow/test', {
      workflowDef: def,
      correlationId: 'wv-refused',
      taskRefToMockOutput: {
        greet_ref: { status: 'COMPLETED' },
        other: [{ executionTime: -5, output: 'text' }],
      },
      subWorkflowTestRequest: { sub: { taskRefToMockOutput: { inner: [{ queueWaitTime: 1.5 }] } } },
    }),
    'taskRefToMockOutput.greet_ref',
    'taskRefToMockOutput.other[0].output',
    'taskRefToMockOutput.other[0].executionTime',
    'subWorkflowTestRequest.sub.taskRefToMockOutput.inner[0].queueWaitTime',
  );
});

void test('the start request is checked as for POST /api/workflow', async () => {
  assertValidation(await t.send('POST', '/workflow/test', { taskRefToMockOutput: {} }), 'name');
  assertValidation(
    await t.send('POST', '/workflow/test', { workflowDef: { ...def, tasks: [] }, priority: 100 }),
    'priority',
    'workflowDef.tasks',
  );
  assertValidation(await t.send('POST', '/workflow/test', []), '');
});

void test('an unknown registered definition is a 404', async () => {
  const answer = await t.send('POST', '/workflow/test', { name: 'wv_missing', version: 3 });
  assert.equal(answer.status, 404, answer.text);
  assert.equal(
    (answer.json as { message: string }).message,
    'No such workflow found by name: wv_missing, version: 3',
  );
});

void test('malformed JSON is a 400, and the server goes on serving', async () => {
  const broken = await t.send('POST', '/workflow/test', '{"workflowDef": ');
  assert.equal(broken.status, 400);
  assert.match((broken.json as { message: string }).message, /not valid JSON/);
  const health = await fetch(`${t.server.url}/health`);
  assert.equal(health.status, 200);
  const run = await t.testRun({
    workflowDef: def,
    correlationId: 'wv-accepted',
    taskRefToMockOutput: { greet_ref: [{ output: { hi: 1 } }] },
  });
  assert.equal(run.status, 'COMPLETED');
  // The accepted run was stored; the refused requests stored nothing.
  const stored = async (id: string): Promise<unknown> =>
    (await t.send('GET', `/workflow/wv_flow/correlated/${id}?includeClosed=true`)).json;
  assert.equal(((await stored('wv-accepted')) as unknown[]).length, 1);
  assert.deepEqual(await stored('wv-refused'), []);
});
