// POST /api/workflow/execute/{name}/{version} (§1.2, §2.12): returns when the workflow ends, blocks on a WAIT
// or HUMAN task (also inside a running sub-workflow), or a waitUntilTaskRef task ended; at the deadline with
// signalTimeout. Every return strategy's body, bad input, and no listener left behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task, WorkflowDef, WorkflowTask } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, resultOf } from './http-api.js';

let server: BatonServer;
let database: TestDatabase;
const { send, ok, workflow } = httpApi(() => server.url);

const def = (name: string, tasks: WorkflowTask[]): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks,
  outputParameters: { done: true },
});
const simple = (ref: string): WorkflowTask => ({
  name: `exe_${ref}`,
  taskReferenceName: ref,
  type: 'SIMPLE',
});
const wait = (ref: string, inputParameters: Record<string, unknown> = {}): WorkflowTask => ({
  name: 'wait',
  taskReferenceName: ref,
  type: 'WAIT',
  inputParameters,
});

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      await ok('POST', '/metadata/taskdefs', [
        { name: 'exe_a', retryCount: 0 },
        { name: 'exe_b', retryCount: 0 },
      ]);
      for (const d of [
        def('exe_two_steps', [simple('a'), simple('b')]),
        def('exe_waits', [wait('hold')]),
        def('exe_human', [{ name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' }]),
        def('exe_timer', [wait('nap', { duration: '1 hour' })]),
        def('exe_noop', [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }]),
        {
          ...def('exe_child', [wait('inner_hold', { reason: '${workflow.input.why}' })]),
          outputParameters: {},
        },
        def('exe_parent', [
          {
            name: 'exe_child',
            taskReferenceName: 'child',
            type: 'SUB_WORKFLOW',
            subWorkflowParam: { name: 'exe_child', version: 1 },
            inputParameters: { why: 'approval' },
          },
        ]),
      ]) {
        await ok('POST', '/metadata/workflow', d);
      }
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    /** A worker for one task of `type`: waits for it, completes it with `output`. */
    async function completeNext(type: string, output: Record<string, unknown> = {}): Promise<Task> {
      for (;;) {
        const [task] = (await ok('GET', `/tasks/poll/batch/${type}?timeout=1000`)).json as Task[];
        if (task) {
          await ok('POST', '/tasks', { ...resultOf(task, 'COMPLETED'), outputData: output });
          return task;
        }
      }
    }

    type Body = Record<string, unknown>;
    const execute = async (path: string, body: unknown = {}): Promise<Body> =>
      (await ok('POST', `/workflow/execute/${path}`, body)).json as Body;

    const WORKFLOW_RUN_KEYS = [
      'createTime',
      'input',
      'output',
      'priority',
      'responseType',
      'signalTimeout',
      'status',
      'targetWorkflowId',
      'targetWorkflowStatus',
      'tasks',
      'updateTime',
      'variables',
      'workflowId',
    ];
    const TASK_RUN_KEYS = [
      'createTime',
      'input',
      'output',
      'priority',
      'referenceTaskName',
      'responseType',
      'retryCount',
      'signalTimeout',
      'status',
      'targetWorkflowId',
      'targetWorkflowStatus',
      'taskDefName',
      'taskId',
      'taskType',
      'updateTime',
      'workflowId',
      'workflowType',
    ];
    const keys = (body: Body): string[] => Object.keys(body).sort();

    void describe('returns', () => {
      void test('when the workflow completes, with the target workflow (TARGET_WORKFLOW by default)', async () => {
        const worker = (async () => {
          await completeNext('exe_a', { n: 1 });
          await completeNext('exe_b', { n: 2 });
        })();
        const run = await execute('exe_two_steps/1?requestId=req-7', {
          input: { who: 'Ada' },
          correlationId: 'c-1',
        });
        await worker;
        assert.deepEqual(keys(run), [...WORKFLOW_RUN_KEYS, 'correlationId', 'requestId'].sort());
        assert.equal(run.responseType, 'TARGET_WORKFLOW');
        assert.equal(run.status, 'COMPLETED');
        assert.equal(run.targetWorkflowStatus, 'COMPLETED');
        assert.equal(run.targetWorkflowId, run.workflowId);
        assert.equal(run.requestId, 'req-7');
        assert.equal(run.correlationId, 'c-1');
        assert.equal(run.signalTimeout, false);
        assert.deepEqual(run.input, { who: 'Ada' });
        assert.deepEqual(run.output, { done: true });
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => t.referenceTaskName),
          ['a', 'b'],
        );
        const stored = await workflow(String(run.workflowId));
        assert.equal(run.createTime, stored.createTime);
        assert.equal(run.updateTime, stored.updateTime);
      });

      void test('at once when a workflow ends in its first decide', async () => {
        const run = await execute('exe_noop/0');
        assert.equal(run.status, 'COMPLETED');
        assert.equal(run.signalTimeout, false);
      });

      void test('when a WAIT task without a timer waits, or a HUMAN task', async () => {
        for (const name of ['exe_waits', 'exe_human']) {
          const run = await execute(`${name}/1`);
          assert.equal(run.status, 'RUNNING', name);
          assert.equal(run.signalTimeout, false, name);
          assert.equal((run.tasks as Task[])[0]!.status, 'IN_PROGRESS', name);
          await ok('DELETE', `/workflow/${String(run.workflowId)}`);
        }
      });

      void test('when a task of waitUntilTaskRef ended, the workflow still running', async () => {
        const worker = completeNext('exe_a');
        const run = await execute('exe_two_steps/1?waitUntilTaskRef=x,a&waitForSeconds=20');
        await worker;
        assert.equal(run.status, 'RUNNING');
        assert.equal(run.signalTimeout, false);
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => `${t.referenceTaskName}=${t.status}`),
          ['a=COMPLETED', 'b=SCHEDULED'],
        );
        await ok('DELETE', `/workflow/${String(run.workflowId)}`);
      });

      void test('when a WAIT task waits inside a running sub-workflow', async () => {
        const run = await execute('exe_parent/1');
        assert.equal(run.status, 'RUNNING');
        assert.equal(run.signalTimeout, false);
        const [child] = run.tasks as Task[];
        assert.equal(child!.status, 'IN_PROGRESS');
        assert.equal((await workflow(child!.subWorkflowId!)).tasks[0]!.status, 'IN_PROGRESS');
        await ok('DELETE', `/workflow/${String(run.workflowId)}`);
      });

      void test('at the deadline with signalTimeout when nothing blocks (a WAIT with a timer does not)', async () => {
        const run = await execute('exe_timer/1?waitForSeconds=1');
        assert.equal(run.status, 'RUNNING');
        assert.equal(run.signalTimeout, true);
        assert.equal((run.tasks as Task[])[0]!.status, 'IN_PROGRESS');
        await ok('DELETE', `/workflow/${String(run.workflowId)}`);
      });

      void test('waitForSeconds=0 means the default wait, not none', async () => {
        const worker = (async () => {
          await completeNext('exe_a');
          await completeNext('exe_b');
        })();
        const run = await execute('exe_two_steps/1?waitForSeconds=0');
        await worker;
        assert.equal(run.status, 'COMPLETED');
        assert.equal(run.signalTimeout, false);
      });
    });

    void describe('return strategies on a WAIT inside a sub-workflow', () => {
      const strategy = (name: string) => execute(`exe_parent/1?returnStrategy=${name}&requestId=r1`);

      void test('BLOCKING_WORKFLOW: the sub-workflow holding the blocking task', async () => {
        const run = await strategy('BLOCKING_WORKFLOW');
        const parentId = String(run.targetWorkflowId);
        const childId = String(run.workflowId);
        assert.notEqual(childId, parentId);
        assert.deepEqual(keys(run), [...WORKFLOW_RUN_KEYS, 'requestId'].sort());
        assert.equal(run.responseType, 'BLOCKING_WORKFLOW');
        assert.equal(run.targetWorkflowStatus, 'RUNNING');
        const child = await workflow(childId);
        assert.equal(child.parentWorkflowId, parentId);
        assert.deepEqual(run.input, { why: 'approval' });
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => t.referenceTaskName),
          ['inner_hold'],
        );
        await ok('DELETE', `/workflow/${parentId}`);
      });

      for (const name of ['BLOCKING_TASK', 'BLOCKING_TASK_INPUT']) {
        void test(`${name}: the blocking task, its input and output`, async () => {
          const run = await strategy(name);
          assert.deepEqual(keys(run), [...TASK_RUN_KEYS, 'requestId'].sort());
          assert.equal(run.responseType, name);
          const child = await workflow(String(run.workflowId));
          const task = child.tasks[0]!;
          assert.equal(child.parentWorkflowId, run.targetWorkflowId);
          assert.equal(run.taskId, task.taskId);
          assert.equal(run.taskType, 'WAIT');
          assert.equal(run.referenceTaskName, 'inner_hold');
          assert.equal(run.taskDefName, 'wait');
          assert.equal(run.workflowType, 'exe_child');
          assert.equal(run.status, 'IN_PROGRESS');
          assert.equal(run.retryCount, 0);
          assert.equal(run.createTime, task.startTime);
          assert.deepEqual(run.input, { reason: 'approval' });
          assert.deepEqual(run.output, {});
          assert.equal(run.signalTimeout, false);
          await ok('DELETE', `/workflow/${String(run.targetWorkflowId)}`);
        });
      }

      void test('a task strategy with no blocking task answers with an empty body', async () => {
        const answer = await ok('POST', '/workflow/execute/exe_noop/1?returnStrategy=BLOCKING_TASK');
        assert.equal(answer.text, '');
      });

      void test('BLOCKING_WORKFLOW with no blocking task is the target workflow', async () => {
        const run = await execute('exe_noop/1?returnStrategy=BLOCKING_WORKFLOW');
        assert.equal(run.workflowId, run.targetWorkflowId);
        assert.equal(run.status, 'COMPLETED');
      });
    });

    void describe('bad input', () => {
      const refused = async (query: string, path: string) => {
        const before = (await server.store.runningWorkflowIds('exe_waits', 1)).length;
        const answer = await send('POST', `/workflow/execute/exe_waits/${query}`, {});
        assertError(answer, 400, new RegExp(path));
        const body = answer.json as { validationErrors: Array<{ path: string }> };
        assert.deepEqual(
          body.validationErrors.map((e) => e.path),
          [path],
        );
        assert.equal(
          (await server.store.runningWorkflowIds('exe_waits', 1)).length,
          before,
          'nothing started',
        );
      };

      void test('an unknown returnStrategy, a negative or non-numeric waitForSeconds, a bad version are 400s', async () => {
        await refused('1?returnStrategy=SOMETHING', 'returnStrategy');
        await refused('1?returnStrategy=target_workflow', 'returnStrategy');
        await refused('1?waitForSeconds=-1', 'waitForSeconds');
        await refused('1?waitForSeconds=soon', 'waitForSeconds');
        await refused('1?waitForSeconds=1.5', 'waitForSeconds');
        await refused('one', 'version');
      });

      void test('an unknown workflow is a 404; a bad body a 400 with the field', async () => {
        assertError(await send('POST', '/workflow/execute/exe_nope/1', {}), 404, /exe_nope/);
        const answer = await send('POST', '/workflow/execute/exe_waits/1', { priority: 500 });
        assertError(answer, 400, /Validation failed/);
        assert.equal(
          (answer.json as { validationErrors: Array<{ path: string }> }).validationErrors[0]!.path,
          'priority',
        );
      });
    });

    void describe('waiting', () => {
      void test('listens while it waits and leaves no listener behind', async () => {
        const events = server.runtime.events;
        assert.equal(events.listenerCount('workflowChanged'), 0);
        const pending = execute('exe_two_steps/1?waitForSeconds=20');
        // While the execute waits for the worker, exactly one listener serves it.
        const task = await completeNext('exe_a');
        while (server.runtime.watch.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(events.listenerCount('workflowChanged'), 1);
        assert.equal(server.runtime.watch.size, 1);
        await completeNext('exe_b');
        const run = await pending;
        assert.equal(run.workflowId, task.workflowInstanceId);
        assert.equal(run.status, 'COMPLETED');
        assert.equal(events.listenerCount('workflowChanged'), 0);
        assert.equal(server.runtime.watch.size, 0);

        await Promise.all([
          execute('exe_waits/1'),
          execute('exe_timer/1?waitForSeconds=1'),
          execute('exe_parent/1'),
        ]);
        assert.equal(events.listenerCount('workflowChanged'), 0);
        assert.equal(server.runtime.watch.size, 0);
      });

      void test('a server that stops answers the waiting calls with the workflow as it stands', async (t) => {
        const ownDatabase = await createDatabase(kind);
        t.after(() => ownDatabase.drop());
        const own = await startServer({ port: 0, db: ownDatabase.db, logLevel: 'silent' });
        const api = httpApi(() => own.url);
        await api.ok('POST', '/metadata/workflow', def('exe_timer', [wait('nap', { duration: '1 hour' })]));
        const pending = api.send('POST', '/workflow/execute/exe_timer/1?waitForSeconds=600', {});
        while (own.runtime.watch.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        await own.close();
        const answer = await pending;
        assert.equal(answer.status, 200, answer.text);
        const run = answer.json as Body;
        assert.equal(run.status, 'RUNNING');
        assert.equal(run.signalTimeout, true);
      });
    });
  });
