// Limits on hostile or careless input (docs/conductor-api.md §0, "Limits"): JSON nested deeper than MAX_JSON_DEPTH
// is refused with the path, or fails the task that would store it; reasons, log lines and waits are capped.
// Nothing refused changes what is stored, and the workflow concerned carries on or ends; it is never stuck.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_JSON_DEPTH, type Task, type TaskExecLog, type Workflow } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { parseBody } from '../src/executors/http-response.js';
import { expandInlineJson } from '../src/events/payload-templates.js';
import { MAX_WAIT_SECONDS, signalTimeoutMs, waitOptions } from '../src/http/routes/synchronous.js';
import { MAX_LOG_LINE_LENGTH } from '../src/runtime/task-logs.js';
import { assertError, httpApi, resultOf, type Answer } from './http-api.js';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';

/** `levels` maps nested in one another: { a: { a: ... { a: 1 } } }. */
function nestedMaps(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** The same as JSON text, for depths JSON.stringify itself cannot reach. */
const nestedJson = (levels: number): string =>
  `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`;

const TOO_DEEP = nestedMaps(MAX_JSON_DEPTH + 10);

function assertTooDeep(answer: Answer, path: RegExp): void {
  assertError(answer, 400, /^Request body is nested too deeply: more than 256 levels of maps and lists at /);
  const [error] = (answer.json as { validationErrors: { path: string; message: string }[] }).validationErrors;
  assert.match(error!.path, path);
  assert.match(error!.message, /must not nest more than 256 levels/);
}

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    let server: BatonServer;
    let database: TestDatabase;
    let target: Server;
    const { send, ok, workflow, waitFor } = httpApi(() => server.url);

    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent', uiDir: false });
      // An HTTP endpoint answering JSON nested deeper than the limit.
      target = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(nestedJson(MAX_JSON_DEPTH + 10));
      });
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/deep`;
      await ok('POST', '/metadata/taskdefs', [{ name: 'lim_work', retryCount: 0 }]);
      const defs = [
        { name: 'lim_simple', tasks: [{ name: 'lim_work', taskReferenceName: 'work', type: 'SIMPLE' }] },
        {
          name: 'lim_nest',
          tasks: [
            {
              name: 'lim_work',
              taskReferenceName: 'work',
              type: 'SIMPLE',
              inputParameters: { wrap: { w: '${workflow.input.deep}' } },
            },
          ],
        },
        {
          name: 'lim_script',
          tasks: [
            {
              name: 'build',
              taskReferenceName: 'build',
              type: 'INLINE',
              inputParameters: {
                evaluatorType: 'javascript',
                expression:
                  '(function(){ let o = 1; for (let i = 0; i < $.levels; i++) o = { a: o }; return o; })()',
                levels: '${workflow.input.levels}',
              },
            },
          ],
        },
        {
          name: 'lim_http',
          tasks: [
            {
              name: 'call',
              taskReferenceName: 'call',
              type: 'HTTP',
              inputParameters: { http_request: { uri: targetUrl, method: 'GET' } },
            },
          ],
        },
        {
          name: 'lim_terminate',
          tasks: [
            {
              name: 'end',
              taskReferenceName: 'end',
              type: 'TERMINATE',
              inputParameters: { terminationStatus: 'FAILED', terminationReason: '${workflow.input.why}' },
            },
          ],
        },
      ];
      for (const def of defs) await ok('POST', '/metadata/workflow', def);
    });

    after(async () => {
      await server?.close();
      await new Promise((resolve) => target?.close(resolve));
      await database?.drop();
    });

    async function start(name: string, input: Record<string, unknown> = {}): Promise<string> {
      return (await ok('POST', `/workflow/${name}`, input)).text;
    }

    /** Polls lim_work until this workflow's task is handed out (other tests' tasks go back). */
    async function pollWork(id: string): Promise<Task> {
      for (let i = 0; i < 50; i++) {
        const polled = (await ok('GET', '/tasks/poll/batch/lim_work?count=10&timeout=100')).json as Task[];
        for (const other of polled.filter((t) => t.workflowInstanceId !== id)) {
          await ok('POST', '/tasks', { ...resultOf(other, 'IN_PROGRESS'), callbackAfterSeconds: 0 });
        }
        const mine = polled.find((t) => t.workflowInstanceId === id);
        if (mine) return mine;
      }
      assert.fail(`no lim_work task of ${id} was handed out`);
    }

    void test('a start request nested too deeply is a 400 naming the path, and starts nothing', async () => {
      assertTooDeep(await send('POST', '/workflow/lim_simple', { x: TOO_DEEP }), /^x\.a\.a\.a/);
      const request = { name: 'lim_simple', correlationId: 'lim-deep-start', input: { x: TOO_DEEP } };
      assertTooDeep(await send('POST', '/workflow', request), /^input\.x\.a\.a/);
      // Far deeper than the call stack could walk: the same answer.
      assertTooDeep(await send('POST', '/workflow/lim_simple', `{"x":${nestedJson(100_000)}}`), /^x\.a/);
      const started = await ok('GET', '/workflow/lim_simple/correlated/lim-deep-start?includeClosed=true');
      assert.deepEqual(started.json, []);
    });

    void test('a task update nested too deeply is a 400; the task stays as it was and a correct update completes it', async () => {
      const id = await start('lim_simple');
      const task = await pollWork(id);
      const deepResult = { ...resultOf(task, 'COMPLETED'), outputData: { y: TOO_DEEP } };
      assertTooDeep(await send('POST', '/tasks', deepResult), /^outputData\.y\.a/);
      assertTooDeep(await send('POST', '/tasks/update-v2', deepResult), /^outputData\.y\.a/);
      assertTooDeep(await send('POST', `/tasks/${id}/work/COMPLETED`, { y: TOO_DEEP }), /^y\.a\.a/);
      const held = await workflow(id);
      assert.equal(held.status, 'RUNNING');
      assert.equal(held.tasks[0]!.status, 'IN_PROGRESS');
      assert.deepEqual(held.tasks[0]!.outputData, {});

      await ok('POST', '/tasks', { ...resultOf(task, 'COMPLETED'), outputData: { y: 'fine' } });
      const done = await workflow(id);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(done.tasks[0]!.outputData, { y: 'fine' });
    });

    void test('definitions nested too deeply are refused at registration and leave the registry as it was', async () => {
      assertTooDeep(
        await send('POST', '/metadata/taskdefs', [{ name: 'lim_deep_def', inputTemplate: { t: TOO_DEEP } }]),
        /^\[0\]\.inputTemplate\.t\.a/,
      );
      assertTooDeep(
        await send('PUT', '/metadata/taskdefs', { name: 'lim_work', inputTemplate: { t: TOO_DEEP } }),
        /^inputTemplate\.t\.a/,
      );
      const deepDef = {
        name: 'lim_deep_wf',
        tasks: [
          { name: 'lim_work', taskReferenceName: 'w', type: 'SIMPLE', inputParameters: { x: TOO_DEEP } },
        ],
      };
      assertTooDeep(await send('POST', '/metadata/workflow', deepDef), /^tasks\[0\]\.inputParameters\.x\.a/);
      assertTooDeep(
        await send('PUT', '/metadata/workflow', [deepDef]),
        /^\[0\]\.tasks\[0\]\.inputParameters/,
      );

      assert.equal((await send('GET', '/metadata/taskdefs/lim_deep_def')).status, 404);
      assert.equal((await send('GET', '/metadata/workflow/lim_deep_wf')).status, 404);
      const work = (await ok('GET', '/metadata/taskdefs/lim_work')).json as { inputTemplate?: unknown };
      assert.deepEqual(work.inputTemplate ?? {}, {});
    });

    void test('a task whose expressions nest its input too deeply fails with the reason; the workflow ends', async () => {
      const id = await start('lim_nest', { deep: nestedMaps(MAX_JSON_DEPTH - 1) });
      const wf = await workflow(id);
      assert.equal(wf.status, 'FAILED');
      const [task] = wf.tasks;
      assert.equal(task!.status, 'FAILED_WITH_TERMINAL_ERROR');
      assert.deepEqual(task!.inputData, {});
      assert.match(task!.reasonForIncompletion ?? '', /^Task input is nested too deeply: .* at wrap\.w\.a/);
    });

    void test('a script building a result too deep to store fails its task with the reason', async () => {
      const id = await start('lim_script', { levels: MAX_JSON_DEPTH + 10 });
      const wf = await waitFor(id, (w) => w.status !== 'RUNNING');
      assert.equal(wf.status, 'FAILED');
      assert.equal(wf.tasks[0]!.status, 'FAILED_WITH_TERMINAL_ERROR');
      assert.match(
        wf.tasks[0]!.reasonForIncompletion ?? '',
        /^Task output is nested too deeply: .* at result\.a/,
      );

      // Deep enough that JSON.stringify on the server could not have stored it.
      const deeper = await waitFor(
        await start('lim_script', { levels: 5000 }),
        (w) => w.status !== 'RUNNING',
      );
      assert.equal(deeper.status, 'FAILED');
      assert.match(deeper.tasks[0]!.reasonForIncompletion ?? '', /^Task output is nested too deeply/);

      const fine = await start('lim_script', { levels: 10 });
      assert.equal((await waitFor(fine, (w) => w.status !== 'RUNNING')).status, 'COMPLETED');
    });

    void test('an HTTP response nested too deeply is kept as text, as Conductor keeps what Jackson refuses', async () => {
      const id = await start('lim_http');
      const wf = await waitFor(id, (w) => w.status !== 'RUNNING');
      assert.equal(wf.status, 'COMPLETED', wf.reasonForIncompletion);
      const response = wf.tasks[0]!.outputData.response as { body: unknown };
      assert.equal(response.body, nestedJson(MAX_JSON_DEPTH + 10));
    });

    void test("a task keeps the first 500 characters of a worker's reason, a workflow the first 4096 of its own", async () => {
      const long = 'r'.repeat(1_000_000);
      const id = await start('lim_simple');
      const task = await pollWork(id);
      await ok('POST', '/tasks', { ...resultOf(task, 'FAILED'), reasonForIncompletion: long });
      const failed = await workflow(id);
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.tasks[0]!.reasonForIncompletion, long.slice(0, 500));

      const terminated = await workflow(await start('lim_terminate', { why: long }));
      assert.equal(terminated.status, 'FAILED');
      assert.equal(terminated.reasonForIncompletion, long.slice(0, 4096));
    });

    void test('a reason in a body read off the event loop is cut the same way, by both result routes', async () => {
      // Above OFF_THREAD_BYTES: the body reader's thread cuts it (json-body-worker.ts).
      const long = `${'é'.repeat(400)}${'r'.repeat(3_000_000)}`;
      for (const path of ['/tasks', '/tasks/update-v2']) {
        const id = await start('lim_simple');
        const task = await pollWork(id);
        const answer = await send('POST', path, { ...resultOf(task, 'FAILED'), reasonForIncompletion: long });
        // update-v2 answers 204: no next task of the type.
        assert.ok(answer.status === 200 || answer.status === 204, `${path} → ${answer.status}`);
        const failed = await workflow(id);
        assert.equal(failed.status, 'FAILED');
        assert.equal(failed.tasks[0]!.reasonForIncompletion, long.slice(0, 500), path);
      }
    });

    void test('log lines are kept to their first 32768 characters, and 10 per update', async () => {
      const id = await start('lim_simple');
      const task = await pollWork(id);
      const line = 'l'.repeat(100_000);
      await ok('POST', `/tasks/${task.taskId}/log`, line);
      const logs = Array.from({ length: 20 }, (_, i) => ({ log: `${i}${line}` }));
      await ok('POST', '/tasks', { ...resultOf(task, 'COMPLETED'), logs });
      const stored = (await ok('GET', `/tasks/${task.taskId}/log`)).json as TaskExecLog[];
      assert.equal(stored.length, 11);
      assert.deepEqual(
        stored.map((l) => l.log.length),
        Array.from({ length: 11 }, () => MAX_LOG_LINE_LENGTH),
      );
      assert.deepEqual(
        stored.slice(1).map((l) => l.log[0]),
        ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      );
      assert.equal((await workflow(id)).status, 'COMPLETED');
    });

    void test('an external payload nested too deeply is refused at upload', async () => {
      const location = await ok(
        'GET',
        '/workflow/externalstoragelocation?operation=WRITE&payloadType=WORKFLOW_INPUT',
      );
      const { path } = location.json as { path: string };
      const res = await fetch(`${server.url}/api/external-payloads/${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ x: TOO_DEEP }),
      });
      assert.equal(res.status, 400);
      assert.match(
        ((await res.json()) as { message: string }).message,
        /^The external payload is nested too deeply: .* at x\.a/,
      );
      assert.equal((await fetch(`${server.url}/api/external-payloads/${path}`)).status, 404);
    });

    void test('the server still answers and nothing is left running', async () => {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      const running = await ok('GET', '/workflow/search?query=status%3D%22RUNNING%22');
      const results = (running.json as { results: Workflow[] }).results;
      assert.deepEqual(
        results.map((w) => w.workflowId),
        [],
      );
    });
  });

void describe('waits', () => {
  void test(`execute and state-update waits are capped at ${MAX_WAIT_SECONDS} s`, () => {
    assert.equal(waitOptions({ waitForSeconds: '1000000000' }).timeoutMs, MAX_WAIT_SECONDS * 1000);
    assert.equal(waitOptions({ waitForSeconds: '1e9' }).timeoutMs, MAX_WAIT_SECONDS * 1000);
    assert.equal(waitOptions({ waitForSeconds: '30' }).timeoutMs, 30_000);
    assert.equal(waitOptions({}).timeoutMs, 10_000);
  });

  void test('a server started with maxWaitSeconds answers a huge waitForSeconds at that point', async (t) => {
    const database = await createDatabase('sqlite');
    const server = await startServer({
      port: 0,
      db: database.db,
      logLevel: 'silent',
      uiDir: false,
      maxWaitSeconds: 1,
    });
    t.after(async () => {
      await server.close();
      await database.drop();
    });
    const { ok } = httpApi(() => server.url);
    await ok('POST', '/metadata/workflow', {
      name: 'lim_wait',
      tasks: [{ name: 'lim_nobody', taskReferenceName: 'nobody', type: 'SIMPLE' }],
    });
    // Nobody works the task: only the cap can end the wait.
    const answer = (await ok('POST', '/workflow/execute/lim_wait/1?waitForSeconds=1000000000', {})).json as {
      status: string;
      signalTimeout?: boolean;
    };
    assert.equal(answer.status, 'RUNNING');
    assert.equal(answer.signalTimeout, true);
    assert.equal(waitOptions({ waitForSeconds: '1e9' }, 7).timeoutMs, 7000);
    assert.equal(signalTimeoutMs({ timeoutMillis: '1e12' }, 7), 7000);
  });

  void test(`signal waits are capped at ${MAX_WAIT_SECONDS} s`, () => {
    assert.equal(signalTimeoutMs({ timeoutMillis: '1000000000000' }), MAX_WAIT_SECONDS * 1000);
    assert.equal(signalTimeoutMs({ timeoutMillis: '2500' }), 2500);
    assert.equal(signalTimeoutMs({}), 5000);
  });
});

void describe('text that parses to JSON too deep to store stays text', () => {
  void test('an HTTP response body', () => {
    assert.deepEqual(parseBody(nestedJson(10)), nestedMaps(10));
    const deep = nestedJson(MAX_JSON_DEPTH);
    assert.equal(parseBody(deep), deep);
  });

  void test('an inline JSON string in an event payload (expandInlineJSON)', () => {
    const deep = nestedJson(MAX_JSON_DEPTH + 1);
    assert.deepEqual(expandInlineJson({ s: nestedJson(3), d: deep }), { s: nestedMaps(3), d: deep });
  });
});
