// Fair executors on a real server, on each store: HTTP tasks against a real tarpit (a port that accepts and
// never answers) hold only their host's share, so another host's call completes; one workflow's endless
// INLINE scripts hold only their share of the script sandbox, so another workflow's SWITCH and INLINE run.
// The HTTP task's timeout caps are shown on the executor against the same tarpit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer, type StartServerOptions } from '@baton/server';
import { httpExecutor } from '../src/executors/http.js';
import { freshDatabase, STORES } from './support/databases.js';
import { httpApi } from './http-api.js';
import { killHard, spawnServer } from './support/server-process.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

/** Fails a test that would otherwise wait for ever under unfair scheduling. */
const DEADLINE_MS = 60_000;

interface Tarpit {
  url: string;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/** Accepts every connection and never sends a byte. */
async function tarpit(): Promise<Tarpit> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createTcpServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const giveUp = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > giveUp) assert.fail(`${what}: still ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function serverOn(
  t: { after(fn: () => Promise<void>): void },
  kind: (typeof STORES)[number],
  options: StartServerOptions,
): Promise<{ server: BatonServer; api: ReturnType<typeof httpApi> }> {
  const db = await freshDatabase(t, kind);
  const server = await startServer({ port: 0, db, logLevel: 'silent', ...options });
  t.after(() => server.close());
  return { server, api: httpApi(() => server.url) };
}

const httpCall = (name: string, uri: string): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'call',
      taskReferenceName: 'call',
      type: 'HTTP',
      inputParameters: { http_request: { uri, method: 'GET', readTimeOut: 3_600_000 } },
    },
  ],
});

const pending = (task: Task): boolean => task.status === 'SCHEDULED' || task.status === 'IN_PROGRESS';

for (const kind of STORES) {
  void test(`${kind}: an HTTP call to another host completes while 40 calls hang on a tarpit (more than the server runs at once)`, async (t) => {
    const trap = await tarpit();
    t.after(() => trap.close());
    const fast = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"fast":true}');
    });
    const fastUrl = await listening(fast);
    t.after(() => new Promise<void>((resolve) => fast.close(() => resolve())));
    const { api } = await serverOn(t, kind, {});
    await api.ok('PUT', '/metadata/workflow', [
      httpCall('tarpit_call', trap.url),
      httpCall('fast_call', `${fastUrl}/ok`),
    ]);

    const trapped = await Promise.all(
      Array.from({ length: 40 }, async () => (await api.ok('POST', '/workflow/tarpit_call', {})).text),
    );
    // The tarpit's host takes its share (8 calls at once by default), more than the whole server ran before.
    await until(
      'tarpit connections',
      () => Promise.resolve(trap.accepted()),
      (n) => n >= 8,
    );
    const fastId = (await api.ok('POST', '/workflow/fast_call', {})).text;
    const done = await until(
      'the fast call',
      () => api.workflow(fastId),
      (wf) => wf.status !== 'RUNNING',
    );
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual((done.tasks[0]?.outputData.response as { body: unknown }).body, { fast: true });

    const stuck: Workflow[] = await Promise.all(trapped.map((id) => api.workflow(id)));
    assert.ok(stuck.every((wf) => wf.status === 'RUNNING' && wf.tasks.every(pending)));
    const calling = stuck.filter((wf) => wf.tasks[0]?.status === 'IN_PROGRESS').length;
    assert.ok(calling <= 8, `${calling} calls to one host at once`);
    assert.ok(trap.accepted() <= 8, `${trap.accepted()} connections to one host`);
    assert.equal(stuck.filter((wf) => wf.tasks[0]?.status === 'SCHEDULED').length, 40 - calling);
  });

  void test(`${kind}: another workflow's SWITCH and INLINE complete while one workflow runs 20 endless INLINE scripts`, async (t) => {
    // Scripts run a minute each: nothing here ends by the time limit.
    const { api } = await serverOn(t, kind, { sandboxes: { script: { timeLimitMs: 60_000 } } });
    const loops = Array.from({ length: 20 }, (_, i) => `loop_${i}`);
    await api.ok('PUT', '/metadata/workflow', [
      {
        name: 'endless_loops',
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'fork',
            taskReferenceName: 'fork',
            type: 'FORK_JOIN',
            forkTasks: loops.map((ref) => [
              {
                name: ref,
                taskReferenceName: ref,
                type: 'INLINE',
                inputParameters: { evaluatorType: 'javascript', expression: 'while (true) {}' },
              },
            ]),
          },
          { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: loops },
        ],
      },
      {
        name: 'choose_and_double',
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'choose',
            taskReferenceName: 'choose',
            type: 'SWITCH',
            evaluatorType: 'javascript',
            expression: "$.n > 1 ? 'big' : 'small'",
            inputParameters: { n: '${workflow.input.n}' },
            decisionCases: {
              big: [
                {
                  name: 'double',
                  taskReferenceName: 'double',
                  type: 'INLINE',
                  inputParameters: {
                    evaluatorType: 'javascript',
                    expression: '$.n * 2',
                    n: '${workflow.input.n}',
                  },
                },
              ],
            },
          },
        ],
      },
    ]);
    const loopsId = (await api.ok('POST', '/workflow/endless_loops', {})).text;
    const inlineTasks = (wf: Workflow): Task[] => wf.tasks.filter((task) => task.taskType === 'INLINE');
    await until(
      'the loops to start',
      () => api.workflow(loopsId),
      (wf) => inlineTasks(wf).some((task) => task.status === 'IN_PROGRESS'),
    );

    const otherId = (await api.ok('POST', '/workflow/choose_and_double', { n: 2 })).text;
    const other = await until(
      'the other workflow',
      () => api.workflow(otherId),
      (wf) => wf.status !== 'RUNNING',
    );
    assert.equal(other.status, 'COMPLETED');
    assert.equal(other.tasks.find((task) => task.referenceTaskName === 'double')?.outputData.result, 4);

    const looping = await api.workflow(loopsId);
    assert.equal(looping.status, 'RUNNING');
    assert.equal(inlineTasks(looping).length, 20);
    assert.ok(inlineTasks(looping).every(pending), 'no loop ended');
    // The server runs at most 4 INLINE tasks of one workflow at once; the rest wait SCHEDULED.
    const running = inlineTasks(looping).filter((task) => task.status === 'IN_PROGRESS').length;
    assert.ok(running >= 1 && running <= 4, `${running} loops handed out`);
  });
}

void test('a SWITCH is not delayed by INLINE loops of several workflows filling every INLINE worker', async (t) => {
  const { api } = await serverOn(t, 'sqlite', { sandboxes: { script: { timeLimitMs: 60_000 } } });
  await api.ok('PUT', '/metadata/workflow', [
    {
      name: 'one_loop',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'loop',
          taskReferenceName: 'loop',
          type: 'INLINE',
          inputParameters: { evaluatorType: 'javascript', expression: 'while (true) {}' },
        },
      ],
    },
    {
      name: 'only_choose',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'choose',
          taskReferenceName: 'choose',
          type: 'SWITCH',
          evaluatorType: 'javascript',
          expression: "$.n > 1 ? 'big' : 'small'",
          inputParameters: { n: '${workflow.input.n}' },
          decisionCases: {
            big: [
              { name: 'big', taskReferenceName: 'big', type: 'SET_VARIABLE', inputParameters: { big: true } },
            ],
          },
        },
      ],
    },
  ]);
  // Four workflows, one loop each: more than the two INLINE workers.
  const loopIds = await Promise.all(
    Array.from({ length: 4 }, async () => (await api.ok('POST', '/workflow/one_loop', {})).text),
  );
  await until(
    'the loops to start',
    () => Promise.all(loopIds.map((id) => api.workflow(id))),
    (wfs) => wfs.filter((wf) => wf.tasks[0]?.status === 'IN_PROGRESS').length >= 2,
  );
  const chooseId = (await api.ok('POST', '/workflow/only_choose', { n: 2 })).text;
  const chosen = await until(
    'the SWITCH',
    () => api.workflow(chooseId),
    (wf) => wf.status !== 'RUNNING',
  );
  assert.equal(chosen.status, 'COMPLETED');
  assert.equal(chosen.tasks[0]?.outputData.selectedCase, 'big');
  const loops = await Promise.all(loopIds.map((id) => api.workflow(id)));
  assert.ok(
    loops.every((wf) => wf.status === 'RUNNING' && wf.tasks.every(pending)),
    'no loop ended',
  );
});

void test("an HTTP task's timeouts are capped: a task asking for an hour gets the server's limit", async (t) => {
  const trap = await tarpit();
  t.after(() => trap.close());
  const http = httpExecutor({ maxReadTimeoutMs: 300 });
  t.after(() => http.close());
  const task = systemTask('HTTP', { http_request: { uri: trap.url, method: 'GET', readTimeOut: 3_600_000 } });
  const outcome = await http.execute(task, neverAborted);
  assert.equal(outcome.status, 'FAILED');
  assert.match(outcome.reasonForIncompletion!, /read timed out after 300 ms/);
});

void test('baton server --http-max-read-timeout caps the read timeout of the tasks it runs', async (t) => {
  const trap = await tarpit();
  t.after(() => trap.close());
  const database = await freshDatabase(t, 'sqlite');
  const server = await spawnServer(database, ['--http-max-read-timeout', '200', '--log-level', 'silent']);
  t.after(() => killHard(server));
  const api = httpApi(() => server.url);
  await api.ok('PUT', '/metadata/workflow', [httpCall('tarpit_call', trap.url)]);
  const id = (await api.ok('POST', '/workflow/tarpit_call', {})).text;
  const ended = await until(
    'the capped call',
    () => api.workflow(id),
    (wf) => wf.status !== 'RUNNING',
  );
  assert.equal(ended.status, 'FAILED');
  assert.match(ended.tasks[0]!.reasonForIncompletion!, /read timed out after 200 ms/);
});

void test('a response that drips forever ends when both caps together have passed', async (t) => {
  const drip = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 50);
    res.on('close', () => clearInterval(timer));
  });
  const url = await listening(drip);
  t.after(() => {
    drip.closeAllConnections();
    return new Promise<void>((resolve) => drip.close(() => resolve()));
  });
  const http = httpExecutor({ maxConnectTimeoutMs: 200, maxReadTimeoutMs: 300 });
  t.after(() => http.close());
  const outcome = await http.execute(
    systemTask('HTTP', { http_request: { uri: url, method: 'GET' } }),
    neverAborted,
  );
  assert.equal(outcome.status, 'FAILED');
  assert.match(outcome.reasonForIncompletion!, /took longer than 500 ms, the most an HTTP task may take/);
});

void test('HTTP limits must be positive integers', () => {
  assert.throws(
    () => httpExecutor({ concurrencyPerHost: 0 }),
    /concurrencyPerHost must be a positive integer/,
  );
  assert.throws(() => httpExecutor({ maxReadTimeoutMs: 1.5 }), /maxReadTimeoutMs must be a positive integer/);
});
