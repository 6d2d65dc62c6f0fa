// The seeds' hello world end to end over HTTP: register `greetings`, start it both ways, work its `greet` task
// like the Python SDK does (a returned string becomes {result}), and read the finished workflow back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { startServer } from '@baton/server';

// The seeds' greetings workflow as the JSON the SDK registers. It has no outputParameters, so the workflow's output
// is its last task's output (Conductor's default).
const GREETINGS_JSON =
  '{"name":"greetings","description":"Sample greetings workflow","version":1,"tasks":[{"name":"greet","taskReferenceName":"greet_ref","type":"SIMPLE","inputParameters":{"name":"${workflow.input.name}"}}],"timeoutPolicy":"TIME_OUT_WF","timeoutSeconds":60}';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: { url: string; close(): Promise<void> };
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-e2e-greetings-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function api(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${server.url}/api${path}`, init);
}

function postJson(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The worker function of the seeds: `def greet(name: str) -> str`, wrapped by the SDK as {result}. */
function greet(task: Task): Record<string, unknown> {
  return { result: `Hello ${String(task.inputData.name)}` };
}

async function completeAsWorker(task: Task): Promise<void> {
  const res = await postJson('/tasks', {
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    status: 'COMPLETED',
    workerId: 'w1',
    outputData: greet(task),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await res.text(), task.taskId);
}

async function readStartedId(res: Response): Promise<string> {
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  const id = await res.text();
  assert.match(id, UUID, 'the start response is the bare id, not a JSON string');
  return id;
}

/** Re-reads the workflow until it is no longer RUNNING (bounded, so a stuck workflow fails instead of hanging). */
async function awaitEnd(workflowId: string): Promise<Workflow> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const res = await api(`/workflow/${workflowId}`);
    assert.equal(res.status, 200);
    const wf = (await res.json()) as Workflow;
    if (wf.status !== 'RUNNING') return wf;
    await sleep(25);
  }
  assert.fail(`workflow ${workflowId} still RUNNING`);
}

function assertGreeted(wf: Workflow, workflowId: string): void {
  assert.equal(wf.workflowId, workflowId);
  assert.equal(wf.status, 'COMPLETED');
  assert.deepEqual(wf.input, { name: 'Orkes' });
  assert.deepEqual(wf.output, { result: 'Hello Orkes' });
  assert.equal(wf.tasks.length, 1);
  const [task] = wf.tasks;
  assert.equal(task!.referenceTaskName, 'greet_ref');
  assert.equal(task!.taskType, 'greet');
  assert.equal(task!.status, 'COMPLETED');
  assert.deepEqual(task!.inputData, { name: 'Orkes' });
  assert.deepEqual(task!.outputData, { result: 'Hello Orkes' });
  assert.equal(task!.workerId, 'w1');
}

void describe('greetings hello world over HTTP', () => {
  void test('registers the seeds workflow JSON verbatim and reads it back', async () => {
    const res = await api('/metadata/workflow', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: GREETINGS_JSON,
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(await res.text(), '');

    const def = (await (await api('/metadata/workflow/greetings')).json()) as WorkflowDef;
    assert.equal(def.name, 'greetings');
    assert.equal(def.version, 1);
    assert.equal(def.timeoutPolicy, 'TIME_OUT_WF');
    assert.equal(def.timeoutSeconds, 60);
    assert.deepEqual(def.tasks[0]!.inputParameters, { name: '${workflow.input.name}' });
  });

  void test('an empty queue answers 204 to a poll and [] to a batch poll', async () => {
    const poll = await api('/tasks/poll/greet?workerid=w1');
    assert.equal(poll.status, 204);
    assert.equal(await poll.text(), '');

    const batch = await api('/tasks/poll/batch/greet?workerid=w1&count=5&timeout=10');
    assert.equal(batch.status, 200);
    assert.deepEqual(await batch.json(), []);
  });

  void test('POST /api/workflow/greetings with the input as body, worker polls singly', async () => {
    const workflowId = await readStartedId(await postJson('/workflow/greetings', { name: 'Orkes' }));

    const poll = await api('/tasks/poll/greet?workerid=w1');
    assert.equal(poll.status, 200);
    const task = (await poll.json()) as Task;
    assert.equal(task.workflowInstanceId, workflowId);
    assert.equal(task.status, 'IN_PROGRESS');
    assert.equal(task.referenceTaskName, 'greet_ref');
    assert.deepEqual(task.inputData, { name: 'Orkes' });

    await completeAsWorker(task);
    assertGreeted(await awaitEnd(workflowId), workflowId);

    // The task was handed out once; nothing is left for the worker.
    assert.equal((await api('/tasks/poll/greet?workerid=w1')).status, 204);
  });

  void test('POST /api/workflow with a StartWorkflowRequest, worker batch-polls', async () => {
    const workflowId = await readStartedId(
      await postJson('/workflow', { name: 'greetings', version: 1, input: { name: 'Orkes' } }),
    );

    const poll = await api('/tasks/poll/batch/greet?workerid=w1&count=10&timeout=100');
    assert.equal(poll.status, 200);
    const tasks = (await poll.json()) as Task[];
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]!.workflowInstanceId, workflowId);
    assert.deepEqual(tasks[0]!.inputData, { name: 'Orkes' });

    await completeAsWorker(tasks[0]!);
    assertGreeted(await awaitEnd(workflowId), workflowId);
  });

  void test('a waiting batch long-poll is answered by a workflow started after it', async () => {
    const timeoutMs = 2000;
    const pollStartedAt = Date.now();
    const pending = api(`/tasks/poll/batch/greet?workerid=w1&count=1&timeout=${timeoutMs}`);
    // Give the poll time to reach the server and park before there is anything to hand out.
    await sleep(200);
    const workflowId = await readStartedId(await postJson('/workflow/greetings', { name: 'Orkes' }));

    const res = await pending;
    const answeredAfter = Date.now() - pollStartedAt;
    assert.equal(res.status, 200);
    const tasks = (await res.json()) as Task[];
    assert.equal(tasks.length, 1, 'the long-poll returned the task scheduled while it waited');
    assert.equal(tasks[0]!.workflowInstanceId, workflowId);
    assert.ok(
      answeredAfter < timeoutMs,
      `answered after ${answeredAfter} ms, i.e. not woken before its timeout`,
    );

    await completeAsWorker(tasks[0]!);
    assertGreeted(await awaitEnd(workflowId), workflowId);
  });
});
