// Idempotent starts (§2.7, Orkes semantics) on every start path: POST /api/workflow, execute, SUB_WORKFLOW,
// START_WORKFLOW and the event handlers' start_workflow action; the check and the insert are atomic.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { IdempotencyStrategy, WorkflowDef } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import { call, openHarness } from './event-harness.js';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let database: TestDatabase;
const { send, ok, workflow, waitFor } = httpApi(() => server.url);

/** One WAIT task `hold`: runs until it is completed by reference name, no worker needed. */
const holding = (name: string): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'hold', taskReferenceName: 'hold', type: 'WAIT' }],
});

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      for (const name of ['idem_a', 'idem_b', 'idem_child'])
        await ok('POST', '/metadata/workflow', holding(name));
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    let keys = 0;
    const freshKey = (): string => `key-${++keys}`;

    const startWith = (name: string, key: string, strategy?: string) =>
      send('POST', '/workflow', {
        name,
        input: {},
        idempotencyKey: key,
        ...(strategy !== undefined && { idempotencyStrategy: strategy }),
      });

    const idsWithKey = async (name: string, key: string): Promise<string[]> =>
      (await server.store.workflowsByIdempotencyKey(name, key)).map((w) => w.workflowId);

    const release = (id: string) => ok('POST', `/tasks/${id}/hold/COMPLETED`, {});

    void describe('POST /api/workflow', () => {
      void test('a key alone means FAIL: a second start is a 409 naming the existing workflow', async () => {
        const key = freshKey();
        const first = await startWith('idem_a', key);
        assert.equal(first.status, 200, first.text);
        const id = first.text;
        assert.equal((await workflow(id)).idempotencyKey, key);
        assertError(
          await startWith('idem_a', key),
          409,
          new RegExp(`idempotencyKey '${key}' already exists: ${id}`),
        );
        // Still a conflict once it ended: FAIL refuses any earlier execution with the key.
        await release(id);
        assert.equal((await workflow(id)).status, 'COMPLETED');
        assertError(await startWith('idem_a', key, 'FAIL'), 409, new RegExp(id));
        assert.deepEqual(await idsWithKey('idem_a', key), [id]);
      });

      void test('keys are scoped per workflow name', async () => {
        const key = freshKey();
        const a = await ok('POST', '/workflow', { name: 'idem_a', idempotencyKey: key });
        const b = await ok('POST', '/workflow', { name: 'idem_b', idempotencyKey: key });
        assert.notEqual(a.text, b.text);
      });

      void test('RETURN_EXISTING answers with the existing id and starts nothing', async () => {
        const key = freshKey();
        const id = (await startWith('idem_a', key, 'RETURN_EXISTING')).text;
        const again = await startWith('idem_a', key, 'RETURN_EXISTING');
        assert.equal(again.status, 200);
        assert.equal(again.text, id);
        await release(id);
        assert.equal((await startWith('idem_a', key, 'RETURN_EXISTING')).text, id, 'also once it ended');
        assert.deepEqual(await idsWithKey('idem_a', key), [id]);
      });

      void test('FAIL_ON_RUNNING refuses while RUNNING or PAUSED, then starts a new one', async () => {
        const key = freshKey();
        const id = (await startWith('idem_a', key, 'FAIL_ON_RUNNING')).text;
        assertError(
          await startWith('idem_a', key, 'FAIL_ON_RUNNING'),
          409,
          new RegExp(`already RUNNING: ${id}`),
        );
        await ok('PUT', `/workflow/${id}/pause`);
        assertError(
          await startWith('idem_a', key, 'FAIL_ON_RUNNING'),
          409,
          new RegExp(`already PAUSED: ${id}`),
        );
        await ok('DELETE', `/workflow/${id}?reason=done`);
        const second = await startWith('idem_a', key, 'FAIL_ON_RUNNING');
        assert.equal(second.status, 200, second.text);
        assert.notEqual(second.text, id);
        assert.deepEqual(await idsWithKey('idem_a', key), [second.text, id]);
      });

      void test('an unknown strategy is a 400 naming the field', async () => {
        const answer = await startWith('idem_a', freshKey(), 'SOMETIMES');
        assertError(answer, 400, /Validation failed/);
        const body = answer.json as { validationErrors: Array<{ path: string }> };
        assert.deepEqual(
          body.validationErrors.map((e) => e.path),
          ['idempotencyStrategy'],
        );
      });

      void test('concurrent starts with one key make exactly one workflow', async () => {
        const key = freshKey();
        const answers = await Promise.all(Array.from({ length: 12 }, () => startWith('idem_a', key)));
        const started = answers.filter((a) => a.status === 200);
        assert.equal(started.length, 1, answers.map((a) => a.status).join(','));
        assert.ok(answers.filter((a) => a !== started[0]).every((a) => a.status === 409));
        assert.deepEqual(await idsWithKey('idem_a', key), [started[0]!.text]);

        const shared = freshKey();
        const returned = await Promise.all(
          Array.from({ length: 12 }, () => startWith('idem_a', shared, 'RETURN_EXISTING')),
        );
        assert.equal(new Set(returned.map((a) => a.text)).size, 1);
        assert.deepEqual(await idsWithKey('idem_a', shared), [returned[0]!.text]);
      });
    });

    void describe('execute', () => {
      void test('RETURN_EXISTING waits on the existing workflow; FAIL is a 409 before anything starts', async () => {
        const key = freshKey();
        const id = (await startWith('idem_a', key)).text;
        const run = await ok('POST', '/workflow/execute/idem_a/1', {
          idempotencyKey: key,
          idempotencyStrategy: 'RETURN_EXISTING',
        });
        const body = run.json as { workflowId: string; status: string };
        assert.equal(body.workflowId, id);
        assert.equal(body.status, 'RUNNING');
        assertError(
          await send('POST', '/workflow/execute/idem_a/1', { idempotencyKey: key }),
          409,
          /already exists/,
        );
        assert.deepEqual(await idsWithKey('idem_a', key), [id]);
      });
    });

    /** A parent whose SUB_WORKFLOW (`sub`) starts idem_child with the key from its input. */
    const parentDef = (name: string, strategy: IdempotencyStrategy): WorkflowDef => ({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'idem_child',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {
            name: 'idem_child',
            version: 1,
            idempotencyKey: '${workflow.input.key}',
            idempotencyStrategy: strategy,
          },
        },
      ],
    });

    void describe('SUB_WORKFLOW', () => {
      before(async () => {
        await ok('POST', '/metadata/workflow', parentDef('idem_parent_return', 'RETURN_EXISTING'));
        await ok('POST', '/metadata/workflow', parentDef('idem_parent_fail', 'FAIL'));
      });

      const childOf = async (parentId: string): Promise<string> =>
        (await waitFor(parentId, (wf) => Boolean(wf.tasks[0]?.subWorkflowId))).tasks[0]!.subWorkflowId!;

      void test('RETURN_EXISTING follows the existing workflow: its end ends both tasks', async () => {
        const key = freshKey();
        const first = (await ok('POST', '/workflow/idem_parent_return', { key })).text;
        const child = await childOf(first);
        const second = (await ok('POST', '/workflow/idem_parent_return', { key })).text;
        const followed = await waitFor(second, (wf) => wf.tasks[0]?.subWorkflowId === child);
        assert.deepEqual(refs(followed), ['sub=IN_PROGRESS']);
        assert.deepEqual(followed.tasks[0]!.outputData, { subWorkflowId: child });
        assert.deepEqual(await idsWithKey('idem_child', key), [child], 'no second child');

        await ok('POST', `/tasks/${child}/hold/COMPLETED`, { ok: 1 });
        for (const parent of [first, second]) {
          const done = await waitFor(parent, (wf) => wf.status === 'COMPLETED');
          assert.equal(done.tasks[0]!.outputData.subWorkflowId, child);
        }
      });

      void test('a follower that is terminated leaves the workflow it followed running', async () => {
        const key = freshKey();
        const owner = (await ok('POST', '/workflow/idem_parent_return', { key })).text;
        const child = await childOf(owner);
        const follower = (await ok('POST', '/workflow/idem_parent_return', { key })).text;
        await waitFor(follower, (wf) => wf.tasks[0]?.subWorkflowId === child);
        await ok('DELETE', `/workflow/${follower}?reason=enough`);
        assert.equal((await workflow(child)).status, 'RUNNING');
        await ok('DELETE', `/workflow/${owner}?reason=enough`);
        assert.equal((await workflow(child)).status, 'TERMINATED', 'its own parent still terminates it');
      });

      void test('RETURN_EXISTING with an ended workflow mirrors its end at once', async () => {
        const key = freshKey();
        const done = (await startWith('idem_child', key)).text;
        await release(done);
        const parent = (await ok('POST', '/workflow/idem_parent_return', { key })).text;
        const wf = await waitFor(parent, (w) => w.status === 'COMPLETED');
        assert.equal(wf.tasks[0]!.subWorkflowId, done);
      });

      void test('FAIL fails the SUB_WORKFLOW task (and so the parent) with the conflict', async () => {
        const key = freshKey();
        const existing = (await startWith('idem_child', key)).text;
        const parent = (await ok('POST', '/workflow/idem_parent_fail', { key })).text;
        const wf = await waitFor(parent, (w) => w.status === 'FAILED');
        assert.equal(wf.tasks[0]!.status, 'FAILED');
        assert.match(wf.tasks[0]!.reasonForIncompletion ?? '', new RegExp(`already exists: ${existing}`));
        assert.deepEqual(await idsWithKey('idem_child', key), [existing]);
      });
    });

    void describe('START_WORKFLOW', () => {
      const starter = (name: string, strategy: string): WorkflowDef => ({
        name,
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'start_it',
            taskReferenceName: 'start_it',
            type: 'START_WORKFLOW',
            inputParameters: {
              startWorkflow: {
                name: 'idem_b',
                idempotencyKey: '${workflow.input.key}',
                idempotencyStrategy: strategy,
              },
            },
          },
        ],
      });

      before(async () => {
        await ok('POST', '/metadata/workflow', starter('idem_starter_return', 'RETURN_EXISTING'));
        await ok('POST', '/metadata/workflow', starter('idem_starter_fail', 'FAIL'));
      });

      void test('RETURN_EXISTING completes with the existing id; FAIL fails the task', async () => {
        const key = freshKey();
        const existing = (await startWith('idem_b', key)).text;
        const returned = await waitFor(
          (await ok('POST', '/workflow/idem_starter_return', { key })).text,
          (w) => w.status === 'COMPLETED',
        );
        assert.deepEqual(returned.tasks[0]!.outputData, { workflowId: existing });
        const failed = await waitFor(
          (await ok('POST', '/workflow/idem_starter_fail', { key })).text,
          (w) => w.status === 'FAILED',
        );
        assert.match(failed.tasks[0]!.reasonForIncompletion ?? '', /already exists/);
        assert.deepEqual(await idsWithKey('idem_b', key), [existing]);
      });
    });

    void test("the event handlers' start_workflow action starts once per key", async (t) => {
      const it = (await openHarness(t)).current;
      await it.metadata.registerWorkflowDef(holding('idem_event'), true);
      const handler = {
        name: 'start_once',
        event: 'conductor:orders:placed',
        active: true,
        actions: [
          { action: 'start_workflow', start_workflow: { name: 'idem_event', idempotencyKey: '${orderId}' } },
        ],
      };
      assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
      const dispatch = async (messageId: string) =>
        (
          await it.events.dispatcher.dispatch({
            event: handler.event,
            messageId,
            payload: { orderId: 'o-1' },
          })
        )[0]!.actions[0]!;
      const first = await dispatch('m-1');
      assert.equal(first.ok, true);
      const second = await dispatch('m-2');
      assert.equal(second.ok, false);
      assert.match(second.ok ? '' : second.error, /idempotencyKey 'o-1' already exists/);
      const ids = (await it.store.workflowsByIdempotencyKey('idem_event', 'o-1')).map((w) => w.workflowId);
      assert.deepEqual(ids, [first.ok ? first.output.workflowId : undefined]);
    });
  });
