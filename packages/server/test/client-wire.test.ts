// The requests the official Conductor clients send that Baton used to refuse or answer wrongly (issue 15): each
// test sends exactly what the client sends, against a real server on port 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task, WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let dir: string;
const { send, ok, workflow, work } = httpApi(() => server.url);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-client-wire-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const noopFlow = (name: string, description = ''): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  description,
  tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
});

void describe('boolean query parameters as Spring reads them', () => {
  void test('the Python client registers with overwrite=True', async () => {
    await ok('POST', '/metadata/workflow?overwrite=True', noopFlow('wire_bool', 'first'));
    await ok('POST', '/metadata/workflow?overwrite=True', noopFlow('wire_bool', 'second'));
    const def = (await ok('GET', '/metadata/workflow/wire_bool')).json as WorkflowDef;
    assert.equal(def.description, 'second');
  });

  void test('on/off, yes/no, 1/0 in any case; anything else is a 400 naming the parameter', async () => {
    for (const word of ['ON', 'yes', '1', ' TRUE ']) {
      await ok('POST', `/metadata/workflow?overwrite=${encodeURIComponent(word)}`, noopFlow('wire_bool'));
    }
    for (const word of ['Off', 'NO', '0', 'False']) {
      assertError(
        await send('POST', `/metadata/workflow?overwrite=${word}`, noopFlow('wire_bool')),
        409,
        /already exists/,
      );
    }
    const bad = await send('POST', '/metadata/workflow?overwrite=maybe', noopFlow('wire_bool'));
    assertError(bad, 400, /overwrite/);
  });
});

void describe('validation no stricter than Conductor', () => {
  void test('a FORK_JOIN as the last task, with no JOIN, registers and runs to completion', async () => {
    await ok('POST', '/metadata/workflow', {
      name: 'wire_fork_last',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'fork',
          taskReferenceName: 'fork',
          type: 'FORK_JOIN',
          forkTasks: [
            [{ name: 'a', taskReferenceName: 'a', type: 'NOOP' }],
            [{ name: 'wait', taskReferenceName: 'b', type: 'WAIT' }],
          ],
        },
      ],
    });
    const id = (await ok('POST', '/workflow/wire_fork_last', {})).text;
    assert.equal((await workflow(id)).status, 'RUNNING');
    await ok('POST', `/tasks/${id}/COMPLETED/signal`, {});
    const wf = await workflow(id);
    assert.equal(wf.status, 'COMPLETED');
    assert.deepEqual(refs(wf), ['fork=COMPLETED', 'a=COMPLETED', 'b=COMPLETED']);
  });

  void test('an inline taskDefinition without a name is accepted and used', async () => {
    await ok('POST', '/metadata/workflow', {
      name: 'wire_inline_def',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'wire_inline_worker',
          taskReferenceName: 'work',
          type: 'SIMPLE',
          taskDefinition: { enforceSchema: false, retryCount: 0 },
        },
      ],
    });
    const id = (await ok('POST', '/workflow/wire_inline_def', {})).text;
    await work(id, 'wire_inline_worker', 'FAILED');
    const wf = await workflow(id);
    assert.equal(wf.status, 'FAILED');
    assert.deepEqual(refs(wf), ['work=FAILED']); // retryCount 0 from the inline definition: no retry
  });
});

const workerFlow = (name: string, taskName: string): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: taskName, taskReferenceName: 'work', type: 'SIMPLE' }],
});

/** Polls `type` once (batch, so an empty queue answers []), as a worker would. */
async function pollOnce(type: string): Promise<Task[]> {
  return (await ok('GET', `/tasks/poll/batch/${type}?workerid=w1&count=5&timeout=100`)).json as Task[];
}

void describe('task logs', () => {
  void test('a raw string body (Java client), a JSON string (JavaScript, Python) and text/plain are logged', async () => {
    await ok('POST', '/metadata/workflow', workerFlow('wire_logs', 'wire_log_worker'));
    const id = (await ok('POST', '/workflow/wire_logs', {})).text;
    const [task] = await pollOnce('wire_log_worker');
    assert.equal(task?.workflowInstanceId, id);
    assert.deepEqual((await ok('GET', `/tasks/${task.taskId}/log`)).json, []);

    await ok('POST', `/tasks/${task.taskId}/log`, 'step 1: fetched {3} rows');
    await ok('POST', `/tasks/${task.taskId}/log`, JSON.stringify('step 2: "quoted"'));
    const plain = await fetch(`${server.url}/api/tasks/${task.taskId}/log`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'step 3',
    });
    assert.equal(plain.status, 200);
    const logs = (await ok('GET', `/tasks/${task.taskId}/log`)).json as { log: string; taskId: string }[];
    assert.deepEqual(
      logs.map((l) => l.log),
      ['step 1: fetched {3} rows', 'step 2: "quoted"', 'step 3'],
    );
    assert.ok(logs.every((l) => l.taskId === task.taskId));
  });
});

void describe('routing', () => {
  void test('an unknown endpoint is a 404 whatever its body', async () => {
    assertError(await send('POST', '/no/such/endpoint', 'not json at all'), 404, /No endpoint POST/);
    const xml = await fetch(`${server.url}/api/no/such/endpoint`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    assert.equal(xml.status, 404);
  });

  void test('externalstoragelocation is answered as such, not read as an id', async () => {
    for (const path of ['/workflow/externalstoragelocation', '/tasks/externalstoragelocation']) {
      const location = await ok('GET', `${path}?path=x.json&operation=WRITE&payloadType=WORKFLOW_INPUT`);
      const { uri, path: stored } = location.json as { uri: string; path: string };
      assert.match(uri, /\/api\/external-payloads\//);
      assert.ok(uri.endsWith(stored));
    }
  });

  void test('sort=startTime:ASC,workflowId:DESC sorts by both keys', async () => {
    const ids = [
      (await ok('POST', '/workflow/wire_bool', {})).text,
      (await ok('POST', '/workflow/wire_bool', {})).text,
    ];
    const page = (
      await ok(
        'GET',
        '/workflow/search?query=workflowType%3D%22wire_bool%22&sort=startTime:ASC,workflowId:DESC',
      )
    ).json as { totalHits: number; results: { workflowId: string; startTime: string }[] };
    assert.equal(page.totalHits, 2);
    const expected = [...page.results].sort(
      (a, b) => a.startTime.localeCompare(b.startTime) || b.workflowId.localeCompare(a.workflowId),
    );
    assert.deepEqual(page.results, expected);
    assert.deepEqual(page.results.map((r) => r.workflowId).sort(), [...ids].sort());
  });
});

void describe('worker queue', () => {
  void test('POST /api/tasks/queue/requeue/{taskType} hands a polled-and-lost task out again', async () => {
    await ok('POST', '/metadata/workflow', workerFlow('wire_requeue', 'wire_requeue_worker'));
    const id = (await ok('POST', '/workflow/wire_requeue', {})).text;
    const [first] = await pollOnce('wire_requeue_worker');
    assert.equal(first?.workflowInstanceId, id);
    assert.deepEqual(await pollOnce('wire_requeue_worker'), []); // the worker went away with it

    const answer = await ok('POST', '/tasks/queue/requeue/wire_requeue_worker');
    assert.equal(answer.text, '1');
    const [again] = await pollOnce('wire_requeue_worker');
    assert.equal(again?.taskId, first.taskId);
    assert.equal(again.pollCount, 2);
    assert.equal((await ok('POST', '/tasks/queue/requeue/HTTP')).text, '0');
  });

  void test('IN_PROGRESS with callbackAfterSeconds 0 keeps the task IN_PROGRESS; the next poll counts', async () => {
    await ok('POST', '/metadata/workflow', workerFlow('wire_progress', 'wire_progress_worker'));
    const id = (await ok('POST', '/workflow/wire_progress', {})).text;
    const [task] = await pollOnce('wire_progress_worker');
    assert.equal(task?.workflowInstanceId, id);
    await ok('POST', '/tasks', {
      workflowInstanceId: id,
      taskId: task.taskId,
      status: 'IN_PROGRESS',
      callbackAfterSeconds: 0,
      outputData: { step: 1 },
    });
    const stored = (await ok('GET', `/tasks/${task.taskId}`)).json as Task;
    assert.equal(stored.status, 'IN_PROGRESS');
    assert.deepEqual(stored.outputData, { step: 1 });
    const [again] = await pollOnce('wire_progress_worker');
    assert.equal(again?.taskId, task.taskId);
    assert.equal(again.status, 'IN_PROGRESS');
    assert.equal(again.pollCount, 2);
  });
});

void describe('event handlers as the official JavaScript client manages them', () => {
  const handler = (name: string, actions?: unknown[]) => ({
    name,
    event: `conductor:wire:${name}`,
    active: true,
    ...(actions && { actions }),
  });

  void test('POST /api/event takes a list; a handler may have no actions; GET /api/event/handler/{name}', async () => {
    await ok('POST', '/event', [
      handler('wire_h1'),
      handler('wire_h2', [{ action: 'start_workflow', start_workflow: { name: 'wire_bool' } }]),
    ]);
    await ok('POST', '/event', handler('wire_h3', []));
    const h1 = (await ok('GET', '/event/handler/wire_h1')).json as { actions: unknown[]; active: boolean };
    assert.deepEqual(h1.actions, []);
    assert.equal(h1.active, true);
    const h2 = (await ok('GET', '/event/handler/wire_h2')).json as { actions: { action: string }[] };
    assert.deepEqual(
      h2.actions.map((a) => a.action),
      ['start_workflow'],
    );
    assertError(await send('GET', '/event/handler/wire_nope'), 404, /wire_nope not found/);

    // A list is added whole or not at all; errors name the handler's index.
    const taken = await send('POST', '/event', [handler('wire_h4'), handler('wire_h1')]);
    assertError(taken, 409, /wire_h1 already exists/);
    assertError(await send('GET', '/event/handler/wire_h4'), 404, /not found/);
    const invalid = await send('POST', '/event', [handler('wire_h5'), { event: 'x' }]);
    assertError(invalid, 400, /Validation failed/);
    assert.deepEqual(
      (invalid.json as { validationErrors: { path: string }[] }).validationErrors.map((e) => e.path),
      ['[1].name'],
    );
  });
});

void describe('small endpoints', () => {
  void test('GET /api/version answers the version as text', async () => {
    const res = await fetch(`${server.url}/api/version`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await res.text(), /^\d+\.\d+\.\d+/);
  });

  void test('POST /api/workflow/correlated/batch finds each correlation id over the names', async () => {
    const start = async (name: string, correlationId: string) =>
      (await ok('POST', `/workflow/${name}?correlationId=${correlationId}`, {})).text;
    const a = await start('wire_bool', 'wire-c1');
    const b = await start('wire_progress', 'wire-c1');
    const c = await start('wire_progress', 'wire-c2');
    await start('wire_requeue', 'wire-c2'); // a name not asked for
    const body = {
      correlationIds: ['wire-c1', 'wire-c2', 'wire-none'],
      workflowNames: ['wire_bool', 'wire_progress'],
    };
    const found = (await ok('POST', '/workflow/correlated/batch?includeClosed=true&includeTasks=false', body))
      .json as Record<string, { workflowId: string }[]>;
    assert.deepEqual(Object.keys(found).sort(), ['wire-c1', 'wire-c2', 'wire-none']);
    assert.deepEqual(found['wire-c1']!.map((w) => w.workflowId).sort(), [a, b].sort());
    assert.deepEqual(
      found['wire-c2']!.map((w) => w.workflowId),
      [c],
    );
    assert.deepEqual(found['wire-none'], []);
    // wire_bool completed at once: without includeClosed only the running one is found.
    const open = (await ok('POST', '/workflow/correlated/batch', body)).json as Record<string, unknown[]>;
    assert.equal(open['wire-c1']!.length, 1);
    assertError(
      await send('POST', '/workflow/correlated/batch', { correlationIds: 'x' }),
      400,
      /correlationIds/,
    );
  });

  void test('POST /api/workflow/{id}/state sets variables and completes a task in one call', async () => {
    await ok('POST', '/metadata/workflow', {
      name: 'wire_state',
      version: 1,
      schemaVersion: 2,
      variables: { stage: 'new' },
      tasks: [
        { name: 'wire_state_worker', taskReferenceName: 'work', type: 'SIMPLE' },
        {
          name: 'hold',
          taskReferenceName: 'hold',
          type: 'WAIT',
          inputParameters: { stage: '${workflow.variables.stage}' },
        },
      ],
    });
    const id = (await ok('POST', '/workflow/wire_state', {})).text;
    const update = {
      taskReferenceName: 'work',
      taskResult: { status: 'COMPLETED', outputData: { done: true } },
      variables: { stage: 'reviewed' },
    };
    const run = (await ok('POST', `/workflow/${id}/state?requestId=r-9&waitForSeconds=5`, update)).json as {
      workflowId: string;
      requestId: string;
      status: string;
      variables: Record<string, unknown>;
      tasks: { referenceTaskName: string; status: string; inputData: Record<string, unknown> }[];
    };
    assert.equal(run.workflowId, id);
    assert.equal(run.requestId, 'r-9');
    assert.equal(run.status, 'RUNNING');
    assert.deepEqual(run.variables, { stage: 'reviewed' });
    assert.deepEqual(
      run.tasks.map((t) => `${t.referenceTaskName}=${t.status}`),
      ['work=COMPLETED', 'hold=IN_PROGRESS'],
    );
    assert.deepEqual(
      run.tasks[1]!.inputData,
      { stage: 'reviewed' },
      'the variables were set before the task',
    );

    const missing = await send('POST', `/workflow/${id}/state`, {
      taskReferenceName: 'work',
      taskResult: {},
    });
    assertError(missing, 404, /No pending task found with reference name work/);
    assertError(await send('POST', `/workflow/${id}/state`, { taskResult: {} }), 400, /taskReferenceName/);
  });
});
