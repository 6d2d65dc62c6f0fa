// Signals (§1.3): POST /api/tasks/{workflowId}/{status}/signal and /signal/sync complete the first pending WAIT
// or HUMAN task (looking into running sub-workflows); POST /api/tasks/{workflowId}/{ref}/{status}/sync updates
// by reference name and answers with the workflow. From every relevant state, with Conductor's status codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task, Workflow, WorkflowDef, WorkflowTask } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let database: TestDatabase;
const { send, ok, workflow, waitFor } = httpApi(() => server.url);

const def = (name: string, tasks: WorkflowTask[]): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks,
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
      for (const d of [
        def('sig_two_waits', [wait('first'), wait('second')]),
        def('sig_human', [{ name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' }]),
        def('sig_then_timer', [wait('first'), wait('nap', { duration: '1 hour' })]),
        def('sig_worker', [{ name: 'sig_work', taskReferenceName: 'work', type: 'SIMPLE' }]),
        def('sig_child', [wait('inner')]),
        def('sig_parent', [
          {
            name: 'sig_child',
            taskReferenceName: 'child',
            type: 'SUB_WORKFLOW',
            subWorkflowParam: { name: 'sig_child', version: 1 },
          },
          wait('after_child'),
        ]),
      ]) {
        await ok('POST', '/metadata/workflow', d);
      }
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    const start = async (name: string): Promise<string> => (await ok('POST', `/workflow/${name}`, {})).text;
    type Body = Record<string, unknown>;

    void describe('POST /api/tasks/{workflowId}/{status}/signal', () => {
      void test('completes the first pending WAIT with the output; the next one then waits', async () => {
        const id = await start('sig_two_waits');
        const answer = await ok('POST', `/tasks/${id}/COMPLETED/signal`, { approved: true });
        assert.equal(answer.text, '');
        const wf = await workflow(id);
        assert.deepEqual(refs(wf), ['first=COMPLETED', 'second=IN_PROGRESS']);
        assert.deepEqual(wf.tasks[0]!.outputData, { approved: true });
        await ok('POST', `/tasks/${id}/COMPLETED/signal`, {});
        assert.equal((await workflow(id)).status, 'COMPLETED');
      });

      void test('a HUMAN task, a WAIT with a timer (early), and FAILED as the status', async () => {
        const human = await start('sig_human');
        await ok('POST', `/tasks/${human}/COMPLETED/signal`, { by: 'ada' });
        assert.equal((await workflow(human)).status, 'COMPLETED');

        const timed = await start('sig_then_timer');
        await ok('POST', `/tasks/${timed}/COMPLETED/signal`);
        await ok('POST', `/tasks/${timed}/COMPLETED/signal`);
        assert.deepEqual(refs(await workflow(timed)), ['first=COMPLETED', 'nap=COMPLETED']);

        const failing = await start('sig_two_waits');
        await ok('POST', `/tasks/${failing}/FAILED/signal`, { why: 'rejected' });
        const failed = await workflow(failing);
        assert.equal(failed.status, 'FAILED');
        assert.equal(failed.tasks[0]!.status, 'FAILED');
      });

      void test('reaches into a running sub-workflow', async () => {
        const parentId = await start('sig_parent');
        const childId = (await waitFor(parentId, (wf) => Boolean(wf.tasks[0]?.subWorkflowId))).tasks[0]!
          .subWorkflowId!;
        await ok('POST', `/tasks/${parentId}/COMPLETED/signal`, { from: 'parent' });
        const child = await workflow(childId);
        assert.equal(child.status, 'COMPLETED');
        assert.deepEqual(child.tasks[0]!.outputData, { from: 'parent' });
        const parent = await waitFor(parentId, (wf) => wf.tasks.length === 2);
        assert.deepEqual(refs(parent), ['child=COMPLETED', 'after_child=IN_PROGRESS']);
        await ok('POST', `/tasks/${parentId}/COMPLETED/signal`);
        assert.equal((await workflow(parentId)).status, 'COMPLETED');
      });

      void test('a PAUSED workflow takes the signal but schedules nothing until resumed', async () => {
        const id = await start('sig_two_waits');
        await ok('PUT', `/workflow/${id}/pause`);
        await ok('POST', `/tasks/${id}/COMPLETED/signal`);
        let wf = await workflow(id);
        assert.equal(wf.status, 'PAUSED');
        assert.deepEqual(refs(wf), ['first=COMPLETED']);
        await ok('PUT', `/workflow/${id}/resume`);
        wf = await workflow(id);
        assert.deepEqual(refs(wf), ['first=COMPLETED', 'second=IN_PROGRESS']);
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('nothing waiting (a worker task, an ended workflow) is 404; an unknown workflow 404; a bad status 400', async () => {
        const worker = await start('sig_worker');
        assertError(
          await send('POST', `/tasks/${worker}/COMPLETED/signal`),
          404,
          /No pending WAIT or HUMAN task/,
        );
        assert.equal((await workflow(worker)).tasks[0]!.status, 'SCHEDULED');
        await ok('DELETE', `/workflow/${worker}`);
        assertError(
          await send('POST', `/tasks/${worker}/COMPLETED/signal`),
          404,
          /No pending WAIT or HUMAN task/,
        );
        assertError(
          await send('POST', '/tasks/nope/COMPLETED/signal'),
          404,
          /No such workflow found by id: nope/,
        );
        const id = await start('sig_two_waits');
        const bad = await send('POST', `/tasks/${id}/DONE/signal`);
        assertError(bad, 400, /Invalid task status: DONE/);
        assert.equal(
          (bad.json as { validationErrors: Array<{ path: string }> }).validationErrors[0]!.path,
          'status',
        );
        assert.equal((await workflow(id)).tasks[0]!.status, 'IN_PROGRESS');
        await ok('DELETE', `/workflow/${id}`);
      });
    });

    void describe('POST /api/tasks/{workflowId}/{status}/signal/sync', () => {
      const signalSync = async (id: string, query = '', body: unknown = {}): Promise<Body> =>
        (await ok('POST', `/tasks/${id}/COMPLETED/signal/sync${query}`, body)).json as Body;

      void test('answers with the target workflow once it blocks again (TARGET_WORKFLOW by default)', async () => {
        const id = await start('sig_two_waits');
        const run = await signalSync(id, '', { approved: true });
        assert.equal(run.responseType, 'TARGET_WORKFLOW');
        assert.equal(run.targetWorkflowId, id);
        assert.equal(run.workflowId, id);
        assert.equal(run.status, 'RUNNING');
        assert.equal(run.signalTimeout, false);
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => `${t.referenceTaskName}=${t.status}`),
          ['first=COMPLETED', 'second=IN_PROGRESS'],
        );
        const done = await signalSync(id);
        assert.equal(done.status, 'COMPLETED');
        assert.equal(done.targetWorkflowStatus, 'COMPLETED');
      });

      void test('BLOCKING_TASK answers with the task it waits on next; empty once nothing waits', async () => {
        const id = await start('sig_two_waits');
        const next = await signalSync(id, '?returnStrategy=BLOCKING_TASK');
        assert.equal(next.responseType, 'BLOCKING_TASK');
        assert.equal(next.referenceTaskName, 'second');
        assert.equal(next.status, 'IN_PROGRESS');
        assert.equal(next.targetWorkflowStatus, 'RUNNING');
        const last = await ok(
          'POST',
          `/tasks/${id}/COMPLETED/signal/sync?returnStrategy=BLOCKING_TASK_INPUT`,
          {},
        );
        assert.equal(last.text, '');
        assert.equal((await workflow(id)).status, 'COMPLETED');
      });

      void test('BLOCKING_WORKFLOW inside a sub-workflow, and the parent blocking after it', async () => {
        const parentId = await start('sig_parent');
        await waitFor(parentId, (wf) => Boolean(wf.tasks[0]?.subWorkflowId));
        const run = await signalSync(parentId, '?returnStrategy=BLOCKING_WORKFLOW');
        // The child completed; the parent now waits on its own WAIT.
        assert.equal(run.workflowId, parentId);
        assert.equal(run.targetWorkflowStatus, 'RUNNING');
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => `${t.referenceTaskName}=${t.status}`),
          ['child=COMPLETED', 'after_child=IN_PROGRESS'],
        );
        await ok('DELETE', `/workflow/${parentId}`);
      });

      void test('with signalTimeout when nothing blocks before timeoutMillis', async () => {
        const id = await start('sig_then_timer');
        const run = await signalSync(id, '?timeoutMillis=300');
        assert.equal(run.signalTimeout, true);
        assert.equal(run.status, 'RUNNING');
        assert.deepEqual(
          (run.tasks as Task[]).map((t) => `${t.referenceTaskName}=${t.status}`),
          ['first=COMPLETED', 'nap=IN_PROGRESS'],
        );
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('a bad returnStrategy or timeoutMillis is a 400 and signals nothing; nothing waiting is 404', async () => {
        const id = await start('sig_two_waits');
        for (const [query, path] of [
          ['?returnStrategy=LATEST', 'returnStrategy'],
          ['?timeoutMillis=-5', 'timeoutMillis'],
          ['?timeoutMillis=soon', 'timeoutMillis'],
        ] as const) {
          const answer = await send('POST', `/tasks/${id}/COMPLETED/signal/sync${query}`, {});
          assertError(answer, 400, new RegExp(path));
          assert.equal(
            (answer.json as { validationErrors: Array<{ path: string }> }).validationErrors[0]!.path,
            path,
          );
        }
        assert.equal((await workflow(id)).tasks[0]!.status, 'IN_PROGRESS');
        await ok('DELETE', `/workflow/${id}`);
        assertError(
          await send('POST', `/tasks/${id}/COMPLETED/signal/sync`),
          404,
          /No pending WAIT or HUMAN task/,
        );
      });
    });

    void describe('POST /api/tasks/{workflowId}/{taskRefName}/{status}/sync', () => {
      void test('updates the pending task by reference name and answers with the workflow', async () => {
        const id = await start('sig_two_waits');
        const wf = (await ok('POST', `/tasks/${id}/first/COMPLETED/sync?workerid=ops`, { note: 'ok' }))
          .json as Workflow;
        assert.equal(wf.workflowId, id);
        assert.deepEqual(refs(wf), ['first=COMPLETED', 'second=IN_PROGRESS']);
        assert.deepEqual(wf.tasks[0]!.outputData, { note: 'ok' });
        assert.equal(wf.tasks[0]!.workerId, 'ops');
        assert.ok(wf.workflowDefinition, 'the whole Workflow, definition included');
        await ok('DELETE', `/workflow/${id}`);
      });

      void test('404 when no pending task has the ref or the workflow is unknown; 400 for a bad status', async () => {
        const id = await start('sig_two_waits');
        const first = (await ok('POST', `/tasks/${id}/first/COMPLETED/sync`, { n: 1 })).json as Workflow;
        assert.deepEqual(refs(first), ['first=COMPLETED', 'second=IN_PROGRESS']);
        assert.deepEqual(first.tasks[0]!.outputData, { n: 1 });
        assertError(
          await send('POST', `/tasks/${id}/first/COMPLETED/sync`, {}),
          404,
          /No pending task found/,
        );
        assertError(
          await send('POST', `/tasks/${id}/ghost/COMPLETED/sync`, {}),
          404,
          /No pending task found/,
        );
        assertError(await send('POST', '/tasks/nope/first/COMPLETED/sync', {}), 404, /No such workflow/);
        assertError(await send('POST', `/tasks/${id}/second/FINISHED/sync`, {}), 400, /Invalid task status/);
        await ok('DELETE', `/workflow/${id}`);
      });
    });
  });
