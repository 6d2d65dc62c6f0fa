// Workflow management operations over HTTP (§1.2, §4.3): every operation from legal and illegal states,
// with Conductor's status codes and error bodies, against a real server on port 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs, resultOf } from './http-api.js';

let server: BatonServer;
let database: TestDatabase;

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      await send('POST', '/metadata/taskdefs', [
        { name: 'ops_a', retryCount: 0, responseTimeoutSeconds: 3600, timeoutSeconds: 3600 },
        { name: 'ops_b', retryCount: 0, responseTimeoutSeconds: 3600, timeoutSeconds: 3600 },
        { name: 'ops_c', retryCount: 0, responseTimeoutSeconds: 3600, timeoutSeconds: 3600 },
      ]);
      await send('POST', '/metadata/workflow', threeSteps);
      await send('POST', '/metadata/workflow', { ...threeSteps, name: 'ops_once', restartable: false });
      await send('POST', '/metadata/workflow', parentFlow);
      await send('POST', '/metadata/workflow', grandparentFlow);
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    const simple = (name: string): WorkflowDef['tasks'][number] => ({
      name,
      taskReferenceName: name,
      type: 'SIMPLE',
      inputParameters: { v: '${workflow.input.v}' },
    });
    const threeSteps: WorkflowDef = {
      name: 'ops_flow',
      version: 1,
      schemaVersion: 2,
      variables: { n: 0 },
      tasks: [simple('ops_a'), simple('ops_b'), simple('ops_c')],
    };

    const parentFlow: WorkflowDef = {
      name: 'ops_parent',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'ops_flow',
          taskReferenceName: 'child',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: { name: 'ops_flow', version: 1 },
          inputParameters: { v: 5 },
        },
      ],
    };

    const grandparentFlow: WorkflowDef = {
      name: 'ops_grandparent',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'ops_parent',
          taskReferenceName: 'parent',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: { name: 'ops_parent', version: 1 },
        },
      ],
    };

    const { send, ok, workflow, work, waitFor } = httpApi(() => server.url);

    async function start(name = 'ops_flow', input: Record<string, unknown> = { v: 1 }): Promise<string> {
      return (await ok('POST', `/workflow/${name}`, input)).text;
    }

    async function failedAtB(): Promise<string> {
      const id = await start();
      await work(id, 'ops_a');
      await work(id, 'ops_b', 'FAILED');
      assert.equal((await workflow(id)).status, 'FAILED');
      return id;
    }

    async function completed(name = 'ops_flow'): Promise<string> {
      const id = await start(name);
      for (const t of ['ops_a', 'ops_b', 'ops_c']) await work(id, t);
      assert.equal((await workflow(id)).status, 'COMPLETED');
      return id;
    }

    void describe('pause / resume', () => {
      void test('pause stops scheduling the next task until resume', async () => {
        const id = await start();
        await ok('PUT', `/workflow/${id}/pause`);
        await ok('PUT', `/workflow/${id}/pause`); // already paused: no-op
        await work(id, 'ops_a');
        let wf = await workflow(id);
        assert.equal(wf.status, 'PAUSED');
        assert.deepEqual(refs(wf), ['ops_a=COMPLETED']);
        await ok('PUT', `/workflow/${id}/resume`);
        wf = await workflow(id);
        assert.equal(wf.status, 'RUNNING');
        assert.deepEqual(refs(wf), ['ops_a=COMPLETED', 'ops_b=SCHEDULED']);
      });

      void test('resume of a running workflow is 500, pause of a completed one is 409, unknown id is 404', async () => {
        const running = await start();
        assertError(await send('PUT', `/workflow/${running}/resume`), 500, /is not PAUSED so cannot resume/);
        const done = await completed();
        assertError(await send('PUT', `/workflow/${done}/pause`), 409, /has ended, status cannot be updated/);
        assertError(await send('PUT', `/workflow/nope/pause`), 404, /No such workflow found by id: nope/);
        await ok('DELETE', `/workflow/${running}`);
      });
    });

    void describe('terminate', () => {
      void test('a running workflow ends TERMINATED with its task canceled; again is a no-op', async () => {
        const id = await start();
        await ok('DELETE', `/workflow/${id}?reason=stop%20it`);
        const wf = await workflow(id);
        assert.equal(wf.status, 'TERMINATED');
        assert.equal(wf.reasonForIncompletion, 'stop it');
        assert.deepEqual(refs(wf), ['ops_a=CANCELED']);
        await ok('DELETE', `/workflow/${id}`);
        assert.equal((await workflow(id)).status, 'TERMINATED');
      });

      void test('a FAILED workflow becomes TERMINATED, a COMPLETED one is 409', async () => {
        const failed = await failedAtB();
        await ok('DELETE', `/workflow/${failed}?reason=cleanup`);
        assert.equal((await workflow(failed)).status, 'TERMINATED');
        const done = await completed();
        assertError(await send('DELETE', `/workflow/${done}`), 409, /Cannot terminate a COMPLETED workflow/);
      });

      void test('terminate-remove deletes the execution', async () => {
        const id = await start();
        await ok('DELETE', `/workflow/${id}/terminate-remove?reason=gone`);
        assertError(await send('GET', `/workflow/${id}`), 404, /No such workflow/);
      });
    });

    void describe('retry', () => {
      void test('a failed task gets a new attempt and the workflow completes after the worker', async () => {
        const id = await failedAtB();
        const res = await ok('POST', `/workflow/${id}/retry`, undefined, 204);
        assert.equal(res.text, '');
        let wf = await workflow(id);
        assert.equal(wf.status, 'RUNNING');
        assert.equal(wf.reasonForIncompletion, undefined);
        assert.ok(wf.lastRetriedTime > 0);
        assert.deepEqual(refs(wf), ['ops_a=COMPLETED', 'ops_b=FAILED', 'ops_b=SCHEDULED']);
        assert.equal(wf.tasks[2]!.retryCount, 1);
        await work(id, 'ops_b');
        await work(id, 'ops_c');
        wf = await workflow(id);
        assert.equal(wf.status, 'COMPLETED');
      });

      void test('a running workflow is 404, a completed one (nothing to retry) is 409', async () => {
        const running = await start();
        assertError(await send('POST', `/workflow/${running}/retry`), 404, /Workflow is still running/);
        const done = await completed();
        assertError(await send('POST', `/workflow/${done}/retry`), 409, /no retryable tasks/);
        await ok('DELETE', `/workflow/${running}`);
      });
    });

    /** The child the latest task of a workflow (a SUB_WORKFLOW) waits on, once it is started. */
    async function childOf(parentId: string): Promise<string> {
      return (await waitFor(parentId, (wf) => Boolean(wf.tasks.at(-1)?.subWorkflowId))).tasks.at(-1)!
        .subWorkflowId!;
    }

    /** An ops_parent whose child failed at ops_b, so both are FAILED. */
    async function parentFailedInChild(): Promise<{ parentId: string; childId: string }> {
      const parentId = await start('ops_parent', {});
      const childId = await childOf(parentId);
      await work(childId, 'ops_a');
      await work(childId, 'ops_b', 'FAILED');
      await waitFor(parentId, (wf) => wf.status === 'FAILED');
      return { parentId, childId };
    }

    /** Works the rest of an ops_flow child (from ops_b) and waits for `parentId` to complete. */
    async function finishChild(childId: string, parentId: string, from = 'ops_b'): Promise<Workflow> {
      for (const type of ['ops_a', 'ops_b', 'ops_c'].slice(['ops_a', 'ops_b', 'ops_c'].indexOf(from))) {
        await work(childId, type);
      }
      return waitFor(parentId, (wf) => wf.status === 'COMPLETED');
    }

    void describe('retry of a sub-workflow', () => {
      void test('reopens the parent, which completes when the child does', async () => {
        const { parentId, childId } = await parentFailedInChild();
        await ok('POST', `/workflow/${childId}/retry`, undefined, 204);
        let parent = await workflow(parentId);
        assert.equal(parent.status, 'RUNNING');
        assert.deepEqual(refs(parent), ['child=IN_PROGRESS']);
        await work(childId, 'ops_b');
        await work(childId, 'ops_c');
        parent = await waitFor(parentId, (wf) => wf.status === 'COMPLETED');
        assert.deepEqual(refs(parent), ['child=COMPLETED']);
      });
    });

    void describe('retry with resumeSubworkflowTasks', () => {
      void test('retries the failed child in place: same child id, its failed task re-attempted', async () => {
        const { parentId, childId } = await parentFailedInChild();
        await ok('POST', `/workflow/${parentId}/retry?resumeSubworkflowTasks=true`, undefined, 204);
        const parent = await workflow(parentId);
        assert.equal(parent.status, 'RUNNING');
        assert.deepEqual(refs(parent), ['child=IN_PROGRESS']);
        assert.equal(parent.tasks[0]!.subWorkflowId, childId, 'no new child');
        const child = await workflow(childId);
        assert.equal(child.status, 'RUNNING');
        assert.deepEqual(refs(child), ['ops_a=COMPLETED', 'ops_b=FAILED', 'ops_b=SCHEDULED']);
        const done = await finishChild(childId, parentId);
        assert.deepEqual(refs(done), ['child=COMPLETED']);
      });

      void test('without it the SUB_WORKFLOW task gets a new attempt with a fresh child', async () => {
        const { parentId, childId } = await parentFailedInChild();
        await ok('POST', `/workflow/${parentId}/retry`, undefined, 204);
        const parent = await waitFor(
          parentId,
          (wf) => wf.tasks.length === 2 && Boolean(wf.tasks[1]!.subWorkflowId),
        );
        assert.deepEqual(refs(parent), ['child=FAILED', 'child=IN_PROGRESS']);
        assert.notEqual(parent.tasks[1]!.subWorkflowId, childId);
        assert.equal((await workflow(childId)).status, 'FAILED', 'the old child is left as it was');
        await ok('DELETE', `/workflow/${parentId}`);
      });

      void test('reaches the deepest failed sub-workflow and reopens every workflow above it', async () => {
        const grandId = await start('ops_grandparent', {});
        const parentId = await childOf(grandId);
        const childId = await childOf(parentId);
        await work(childId, 'ops_a', 'FAILED');
        await waitFor(grandId, (wf) => wf.status === 'FAILED');
        await ok('POST', `/workflow/${grandId}/retry?resumeSubworkflowTasks=true`, undefined, 204);
        assert.deepEqual(refs(await workflow(grandId)), ['parent=IN_PROGRESS']);
        assert.deepEqual(refs(await workflow(parentId)), ['child=IN_PROGRESS']);
        assert.deepEqual(refs(await workflow(childId)), ['ops_a=FAILED', 'ops_a=SCHEDULED']);
        await finishChild(childId, parentId, 'ops_a');
        assert.equal((await waitFor(grandId, (wf) => wf.status === 'COMPLETED')).status, 'COMPLETED');
      });

      void test('a running workflow is 404, nothing to retry 409, a bad flag 400; no failed child: a plain retry', async () => {
        const running = await start('ops_parent', {});
        assertError(
          await send('POST', `/workflow/${running}/retry?resumeSubworkflowTasks=true`),
          404,
          /Workflow is still running/,
        );
        assertError(
          await send('POST', `/workflow/${running}/retry?resumeSubworkflowTasks=yes`),
          400,
          /boolean/,
        );
        await ok('DELETE', `/workflow/${running}`);
        const done = await completed();
        assertError(
          await send('POST', `/workflow/${done}/retry?resumeSubworkflowTasks=true`),
          409,
          /no retryable tasks/,
        );
        const failed = await failedAtB();
        await ok('POST', `/workflow/${failed}/retry?resumeSubworkflowTasks=true`, undefined, 204);
        assert.deepEqual(refs(await workflow(failed)), [
          'ops_a=COMPLETED',
          'ops_b=FAILED',
          'ops_b=SCHEDULED',
        ]);
        await ok('DELETE', `/workflow/${failed}`);
      });
    });

    void describe('rerun into sub-workflows', () => {
      void test("from a child's task: the child reruns from it and the parent waits on it again", async () => {
        const { parentId, childId } = await parentFailedInChild();
        const childA = (await workflow(childId)).tasks[0]!;
        const res = await ok('POST', `/workflow/${parentId}/rerun`, {
          reRunFromTaskId: childA.taskId,
          taskInput: { v: 7 },
        });
        assert.equal(res.text, parentId);
        const parent = await workflow(parentId);
        assert.equal(parent.status, 'RUNNING');
        assert.deepEqual(refs(parent), ['child=IN_PROGRESS']);
        assert.equal(parent.tasks[0]!.subWorkflowId, childId);
        const child = await workflow(childId);
        assert.equal(child.status, 'RUNNING');
        assert.deepEqual(refs(child), ['ops_a=SCHEDULED']);
        assert.equal(child.tasks[0]!.taskId, childA.taskId);
        assert.deepEqual(child.tasks[0]!.inputData, { v: 7 });
        const done = await finishChild(childId, parentId, 'ops_a');
        assert.deepEqual(refs(done), ['child=COMPLETED']);
      });

      void test("from a grandchild's task: every workflow between is reopened", async () => {
        const grandId = await start('ops_grandparent', {});
        const parentId = await childOf(grandId);
        const childId = await childOf(parentId);
        await work(childId, 'ops_a');
        await work(childId, 'ops_b', 'FAILED');
        await waitFor(grandId, (wf) => wf.status === 'FAILED');
        const childB = (await workflow(childId)).tasks[1]!;
        await ok('POST', `/workflow/${grandId}/rerun`, {
          reRunFromTaskId: childB.taskId,
          workflowInput: { g: 1 },
        });
        const grand = await workflow(grandId);
        assert.deepEqual(refs(grand), ['parent=IN_PROGRESS']);
        assert.deepEqual(grand.input, { g: 1 });
        assert.deepEqual(refs(await workflow(parentId)), ['child=IN_PROGRESS']);
        assert.deepEqual(refs(await workflow(childId)), ['ops_a=COMPLETED', 'ops_b=SCHEDULED']);
        await finishChild(childId, parentId);
        assert.equal((await waitFor(grandId, (wf) => wf.status === 'COMPLETED')).status, 'COMPLETED');
      });

      void test('from the SUB_WORKFLOW task itself: its child reruns from the start', async () => {
        const { parentId, childId } = await parentFailedInChild();
        const sub = (await workflow(parentId)).tasks[0]!;
        await ok('POST', `/workflow/${parentId}/rerun`, { reRunFromTaskId: sub.taskId });
        const parent = await workflow(parentId);
        assert.deepEqual(refs(parent), ['child=IN_PROGRESS']);
        assert.equal(parent.tasks[0]!.subWorkflowId, childId);
        assert.deepEqual(refs(await workflow(childId)), ['ops_a=SCHEDULED']);
        await finishChild(childId, parentId, 'ops_a');
      });

      void test('rerunning the child itself reopens its parent', async () => {
        const { parentId, childId } = await parentFailedInChild();
        const childB = (await workflow(childId)).tasks[1]!;
        await ok('POST', `/workflow/${childId}/rerun`, { reRunFromTaskId: childB.taskId });
        const parent = await workflow(parentId);
        assert.equal(parent.status, 'RUNNING');
        assert.deepEqual(refs(parent), ['child=IN_PROGRESS']);
        await finishChild(childId, parentId);
      });

      void test('a task of an unrelated workflow is 400; a running workflow 409', async () => {
        const { parentId } = await parentFailedInChild();
        const other = await failedAtB();
        const foreign = (await workflow(other)).tasks[0]!.taskId;
        assertError(
          await send('POST', `/workflow/${parentId}/rerun`, { reRunFromTaskId: foreign }),
          400,
          /Could not find the task/,
        );
        assert.equal((await workflow(parentId)).status, 'FAILED', 'nothing changed');
        assert.equal((await workflow(other)).status, 'FAILED');
        const running = await start('ops_parent', {});
        assertError(
          await send('POST', `/workflow/${running}/rerun`, { reRunFromTaskId: foreign }),
          409,
          /not in terminal state/,
        );
        await ok('DELETE', `/workflow/${running}`);
      });
    });

    void describe('restart', () => {
      void test('wipes the tasks and runs from the first task again', async () => {
        const id = await failedAtB();
        const before = await workflow(id);
        await ok('POST', `/workflow/${id}/restart`, undefined, 204);
        const wf = await workflow(id);
        assert.equal(wf.status, 'RUNNING');
        assert.deepEqual(refs(wf), ['ops_a=SCHEDULED']);
        assert.ok(!before.tasks.some((t) => t.taskId === wf.tasks[0]!.taskId));
        assertError(await send('GET', `/tasks/${before.tasks[0]!.taskId}`), 404, /./);
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('a running workflow is 409; a restartable=false COMPLETED one is 404', async () => {
        const running = await start();
        assertError(await send('POST', `/workflow/${running}/restart`), 409, /not in terminal state/);
        const once = await completed('ops_once');
        assertError(await send('POST', `/workflow/${once}/restart`), 404, /is non-restartable/);
        await ok('DELETE', `/workflow/${running}`);
      });
    });

    void describe('rerun', () => {
      void test('from a task keeps the earlier tasks and returns the same id as text', async () => {
        const id = await failedAtB();
        const b = (await workflow(id)).tasks[1]!;
        const res = await ok('POST', `/workflow/${id}/rerun`, {
          reRunFromTaskId: b.taskId,
          taskInput: { v: 9 },
        });
        assert.equal(res.text, id);
        const wf = await workflow(id);
        assert.equal(wf.status, 'RUNNING');
        assert.deepEqual(refs(wf), ['ops_a=COMPLETED', 'ops_b=SCHEDULED']);
        assert.equal(wf.tasks[1]!.taskId, b.taskId);
        assert.deepEqual(wf.tasks[1]!.inputData, { v: 9 });
        await work(id, 'ops_b');
        await work(id, 'ops_c');
        assert.equal((await workflow(id)).status, 'COMPLETED');
      });

      void test('without a task id starts over with the new input', async () => {
        const id = await failedAtB();
        await ok('POST', `/workflow/${id}/rerun`, { workflowInput: { v: 2 } });
        const wf = await workflow(id);
        assert.deepEqual(wf.input, { v: 2 });
        assert.deepEqual(refs(wf), ['ops_a=SCHEDULED']);
        assert.deepEqual(wf.tasks[0]!.inputData, { v: 2 });
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('a running workflow is 409, an unknown task id is 400', async () => {
        const running = await start();
        assertError(await send('POST', `/workflow/${running}/rerun`, {}), 409, /not in terminal state/);
        const failed = await failedAtB();
        assertError(
          await send('POST', `/workflow/${failed}/rerun`, { reRunFromTaskId: 'nope' }),
          400,
          /Could not find the task nope/,
        );
        await ok('DELETE', `/workflow/${running}`);
      });
    });

    void describe('skip', () => {
      void test('an unscheduled ref is SKIPPED and the workflow continues past it', async () => {
        const id = await start();
        await ok('PUT', `/workflow/${id}/skiptask/ops_b`, { taskOutput: { skipped: true } });
        await work(id, 'ops_a');
        const wf = await workflow(id);
        assert.deepEqual(refs(wf), ['ops_a=COMPLETED', 'ops_b=SKIPPED', 'ops_c=SCHEDULED']);
        assert.deepEqual(wf.tasks[1]!.outputData, { skipped: true });
        await work(id, 'ops_c');
        assert.equal((await workflow(id)).status, 'COMPLETED');
      });

      void test('takes SkipTaskRequest from JSON-encoded query values too; the body wins', async () => {
        const id = await start();
        const input = encodeURIComponent(JSON.stringify({ from: 'query' }));
        const output = encodeURIComponent(JSON.stringify({ skipped: 'query' }));
        await ok('PUT', `/workflow/${id}/skiptask/ops_b?taskInput=${input}&taskOutput=${output}`);
        await ok('PUT', `/workflow/${id}/skiptask/ops_c?taskOutput=${output}`, {
          taskOutput: { skipped: 'body' },
        });
        const wf = await workflow(id);
        assert.deepEqual(
          wf.tasks.map((t) => [t.referenceTaskName, t.status, t.inputData, t.outputData]),
          [
            ['ops_a', 'SCHEDULED', { v: 1 }, {}],
            ['ops_b', 'SKIPPED', { from: 'query' }, { skipped: 'query' }],
            ['ops_c', 'SKIPPED', { v: 1 }, { skipped: 'body' }],
          ],
        );
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('a query value that is not a JSON object is 400 with the field, and skips nothing', async () => {
        const id = await start();
        for (const [query, path] of [
          ['taskInput=%7Bnot-json', 'taskInput'],
          ['taskOutput=%5B1%2C2%5D', 'taskOutput'],
        ]) {
          const answer = await send('PUT', `/workflow/${id}/skiptask/ops_b?${query}`);
          assertError(answer, 400, new RegExp(path!));
          assert.equal(
            (answer.json as { validationErrors: Array<{ path: string }> }).validationErrors[0]!.path,
            path,
          );
        }
        assert.deepEqual(refs(await workflow(id)), ['ops_a=SCHEDULED']);
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('an already scheduled ref or a workflow not running is 500', async () => {
        const id = await start();
        assertError(await send('PUT', `/workflow/${id}/skiptask/ops_a`), 500, /already scheduled/);
        await ok('PUT', `/workflow/${id}/pause`);
        assertError(await send('PUT', `/workflow/${id}/skiptask/ops_b`), 500, /workflow is PAUSED/);
        await ok('DELETE', `/workflow/${id}`);
      });
    });

    void describe('variables and callbacks', () => {
      void test('variables merge into the workflow', async () => {
        const id = await start();
        await ok('POST', `/workflow/${id}/variables`, { m: 'x' });
        assert.deepEqual((await workflow(id)).variables, { n: 0, m: 'x' });
        await ok('POST', `/workflow/${id}/variables`, { n: 3 });
        assert.deepEqual((await workflow(id)).variables, { n: 3, m: 'x' });
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('resetcallbacks zeroes callbackAfterSeconds of a SCHEDULED task; on an ended workflow 409', async () => {
        const id = await start();
        const polled = (await ok('GET', '/tasks/poll/ops_a?workerid=w')).json as Task;
        await ok('POST', '/tasks', { ...resultOf(polled, 'IN_PROGRESS'), callbackAfterSeconds: 3600 });
        assert.equal((await workflow(id)).tasks[0]!.callbackAfterSeconds, 3600);
        await ok('POST', `/workflow/${id}/resetcallbacks`, undefined, 204);
        const wf = await workflow(id);
        assert.equal(wf.tasks[0]!.callbackAfterSeconds, 0);
        assert.equal(wf.tasks[0]!.status, 'SCHEDULED');
        await work(id, 'ops_a');
        await ok('DELETE', `/workflow/${id}`);
        assertError(await send('POST', `/workflow/${id}/resetcallbacks`), 409, /terminal state/);
      });
    });

    void describe('bulk', () => {
      void test('each id succeeds or fails on its own', async () => {
        const a = await start();
        const b = await start();
        const res = await ok('PUT', '/workflow/bulk/pause', [a, b, 'nope']);
        assert.deepEqual(res.json, {
          bulkErrorResults: { nope: 'No such workflow found by id: nope' },
          bulkSuccessfulResults: [a, b],
          message: 'Bulk Request has been processed.',
        });
        assert.equal((await workflow(b)).status, 'PAUSED');
        const resumed = (await ok('PUT', '/workflow/bulk/resume', [a])).json as {
          bulkSuccessfulResults: string[];
        };
        assert.deepEqual(resumed.bulkSuccessfulResults, [a]);
        const terminated = (await ok('POST', '/workflow/bulk/terminate?reason=bulk', [a, b])).json as {
          bulkSuccessfulResults: string[];
        };
        assert.deepEqual(terminated.bulkSuccessfulResults, [a, b]);
        assert.equal((await workflow(a)).reasonForIncompletion, 'bulk');
        const retried = (await ok('POST', '/workflow/bulk/retry', [a])).json as {
          bulkSuccessfulResults: string[];
        };
        assert.deepEqual(retried.bulkSuccessfulResults, [a]);
        const restarted = (await ok('POST', '/workflow/bulk/restart', [a, b])).json as {
          bulkErrorResults: Record<string, string>;
        };
        assert.match(restarted.bulkErrorResults[a] ?? '', /not in terminal state/);
        await ok('DELETE', '/workflow/bulk/terminate-remove', [a]);
        await ok('DELETE', '/workflow/bulk/remove', [b]);
        assert.equal((await send('GET', `/workflow/${a}`)).status, 404);
        assert.equal((await send('GET', `/workflow/${b}`)).status, 404);
        assertError(
          await send('PUT', '/workflow/bulk/pause', { not: 'a list' }),
          400,
          /list of workflow ids/,
        );
      });
    });
  });
