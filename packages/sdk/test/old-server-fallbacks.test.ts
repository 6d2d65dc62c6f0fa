/**
 * Servers older than Conductor 3.22 have neither /tasks/update-v2 nor /workflow/execute. Stood in for by a
 * scripted HTTP server answering the way Spring does for a missing route.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { Configuration, OrkesClients, silentLogger, TaskHandler, worker, type Task } from '../src/index.js';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

const servers: ScriptedServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

const springNotFound = (path: string) => ({
  status: 404,
  body: { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path },
});

// The fields a worker reads; a real server sends more (the rest of Task), which the SDK ignores.
const task = (id: string): Task => {
  const sent: Partial<Task> = {
    taskId: id,
    taskType: 'old',
    taskDefName: 'old',
    referenceTaskName: 'old_ref',
    status: 'IN_PROGRESS',
    inputData: { n: Number(id) },
    outputData: {},
    workflowInstanceId: 'wf-1',
    workflowType: 'w',
    retryCount: 0,
    pollCount: 1,
  };
  return sent as Task;
};

void it('reports results with POST /api/tasks when update-v2 is missing, and stops trying it', async () => {
  const queue = [task('1'), task('2'), task('3')];
  const reported: unknown[] = [];
  const server = await startScriptedServer((r) => {
    if (r.url.startsWith('/api/tasks/poll/batch/old')) return { status: 200, body: queue.splice(0, 1) };
    if (r.url === '/api/tasks/update-v2') return springNotFound(r.url);
    if (r.url === '/api/tasks' && r.method === 'POST') {
      reported.push(JSON.parse(r.body));
      return { status: 200, text: 'ok' };
    }
    return springNotFound(r.url);
  });
  servers.push(server);
  const handler = new TaskHandler({
    configuration: new Configuration({ baseUrl: server.url, env: {} }),
    workers: [worker({ taskDefName: 'old', pollIntervalMs: 10 }, ({ n }: { n: number }) => n * 10)],
    logger: silentLogger,
    handleSignals: false,
  });
  await handler.start();
  while (reported.length < 3) await new Promise((r) => setTimeout(r, 10));
  await handler.stop();
  assert.deepEqual(
    reported.map((r) => (r as { outputData: unknown }).outputData),
    [{ result: 10 }, { result: 20 }, { result: 30 }],
  );
  assert.equal(server.requests.filter((r) => r.url === '/api/tasks/update-v2').length, 1);
});

void it('executes a workflow by starting and polling it when /workflow/execute is missing', async () => {
  let reads = 0;
  const server = await startScriptedServer((r) => {
    if (r.url.startsWith('/api/workflow/execute/')) return springNotFound(r.url);
    if (r.url === '/api/workflow' && r.method === 'POST') return { status: 200, text: 'wf-9' };
    if (r.url.startsWith('/api/workflow/wf-9')) {
      reads++;
      return {
        status: 200,
        body: {
          workflowId: 'wf-9',
          status: reads < 3 ? 'RUNNING' : 'COMPLETED',
          input: {},
          output: { done: reads >= 3 },
          tasks: [],
        },
      };
    }
    return springNotFound(r.url);
  });
  servers.push(server);
  const clients = new OrkesClients(new Configuration({ baseUrl: server.url, env: {} }));
  const run = await clients.getWorkflowExecutor().execute('old_wf', 1, { a: 1 });
  assert.equal(run.workflowId, 'wf-9');
  assert.equal(run.status, 'COMPLETED');
  assert.deepEqual(run.output, { done: true });
  const start = server.requests.find((r) => r.url === '/api/workflow');
  assert.deepEqual(JSON.parse(start!.body), { input: { a: 1 }, name: 'old_wf', version: 1 });
});

void it('a 404 for a missing workflow is not mistaken for a missing endpoint', async () => {
  const server = await startScriptedServer(() => ({
    status: 404,
    body: { status: 404, message: 'No such workflow found by name: nope, version: 1', retryable: false },
  }));
  servers.push(server);
  const clients = new OrkesClients(new Configuration({ baseUrl: server.url, env: {} }));
  await assert.rejects(clients.getWorkflowExecutor().execute('nope', 1, {}), /No such workflow/);
  assert.equal(server.requests.length, 1);
});
