// Answers stay bounded whatever the executions carry (issue 12): search summaries cut input and output as
// SUMMARY_PAYLOAD_MAX_CHARS says, full-document answers show stored payloads by path, and nothing is lost (the
// execution and the external storage endpoint still give the whole payload). Real server, both stores.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SUMMARY_PAYLOAD_MAX_CHARS,
  type SearchResult,
  type Task,
  type TaskSummary,
  type Workflow,
  type WorkflowSummary,
} from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { assertError, httpApi } from './http-api.js';

const FLOW = 'large_payloads_flow';
/** Above the stored-summary size (16 KB of row JSON), below every external storage threshold. */
const BIG = 'b'.repeat(40_000);
/** Above the workflow input threshold this server is given (64KB). */
const HUGE = 'h'.repeat(100_000);

let server: BatonServer;
let database: TestDatabase;
const { ok, send, work } = httpApi(() => server.url);

const search = async <T>(path: string): Promise<SearchResult<T> & { bytes: number }> => {
  const answer = await ok('GET', path);
  return { ...(answer.json as SearchResult<T>), bytes: answer.text.length };
};

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({
        port: 0,
        db: database.db,
        logLevel: 'silent',
        payloadLimits: { workflowInputPayloadSizeThreshold: '64KB' },
      });
      await ok('POST', '/metadata/taskdefs', [{ name: 'large_payloads_work', responseTimeoutSeconds: 3600 }]);
      await ok('POST', '/metadata/workflow', {
        name: FLOW,
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'large_payloads_work',
            taskReferenceName: 'work',
            type: 'SIMPLE',
            inputParameters: { tag: '${workflow.input.tag}' },
          },
        ],
        outputParameters: { result: '${work.output.result}' },
      });
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    const start = async (input: Record<string, unknown>): Promise<string> =>
      (await ok('POST', '/workflow', { name: FLOW, version: 1, input })).text;

    test('workflow summaries cut a large input and output, and keep a small one whole', async () => {
      const big = await start({ tag: 'big', blob: BIG });
      await work(big, 'large_payloads_work', 'COMPLETED', { result: BIG });
      const small = await start({ tag: 'small', n: 1 });

      const page = await search<WorkflowSummary>(`/workflow/search?size=10&query=workflowType IN (${FLOW})`);
      const byId = new Map(page.results.map((s) => [s.workflowId, s]));
      const summary = byId.get(big)!;
      assert.equal(summary.status, 'COMPLETED');
      for (const text of [summary.input, summary.output]) {
        assert.equal(text.length, SUMMARY_PAYLOAD_MAX_CHARS);
        assert.ok(text.endsWith('...'), text.slice(-20));
      }
      assert.ok(summary.input.startsWith('{tag=big, blob=bbbb'), summary.input.slice(0, 40));
      assert.equal(byId.get(small)!.input, '{tag=small, n=1}');
      assert.ok(page.bytes < 8 * SUMMARY_PAYLOAD_MAX_CHARS, `${page.bytes} bytes`);

      const byTasks = await search<WorkflowSummary>(
        `/workflow/search-by-tasks?query=workflowType IN (${FLOW})`,
      );
      assert.equal(
        byTasks.results.find((s) => s.workflowId === big)!.output.length,
        SUMMARY_PAYLOAD_MAX_CHARS,
      );

      // Nothing is lost: the execution itself has both payloads whole.
      const execution = (await ok('GET', `/workflow/${big}`)).json as Workflow;
      assert.equal(execution.input.blob, BIG);
      assert.equal(execution.output.result, BIG);
    });

    test('task summaries cut a large output; the task keeps it whole', async () => {
      const id = await start({ tag: 'task' });
      const done = await work(id, 'large_payloads_work', 'COMPLETED', { result: BIG });
      const page = await search<TaskSummary>(`/tasks/search?size=5&query=workflowId IN (${id})`);
      const summary = page.results.find((s) => s.taskId === done.taskId)!;
      assert.equal(summary.status, 'COMPLETED');
      assert.equal(summary.output.length, SUMMARY_PAYLOAD_MAX_CHARS);
      assert.ok(summary.output.startsWith('{result=bbb'));
      assert.equal(summary.input, '{tag=task}');

      const full = (await ok('GET', `/tasks/${done.taskId}`)).json as Task;
      assert.equal(full.outputData.result, BIG);
    });

    test('a large execution and a large page of tasks come whole, streamed as stored', async () => {
      const output = 'o'.repeat(600_000);
      const id = await start({ tag: 'streamed' });
      const done = await work(id, 'large_payloads_work', 'COMPLETED', { result: output });
      const execution = await ok('GET', `/workflow/${id}?includeTasks=true`);
      assert.ok(execution.text.length > 1024 * 1024, `${execution.text.length} characters`);
      const workflow = execution.json as Workflow;
      assert.equal(workflow.status, 'COMPLETED');
      assert.equal(workflow.output.result, output);
      assert.equal(workflow.workflowDefinition?.name, FLOW);
      assert.deepEqual(
        workflow.tasks.map((t) => [t.taskId, t.outputData.result]),
        [[done.taskId, output]],
      );
      const withoutTasks = (await ok('GET', `/workflow/${id}?includeTasks=false`)).json as Workflow;
      assert.deepEqual(withoutTasks.tasks, []);
      assert.equal(withoutTasks.output.result, output);

      const others = [];
      for (let i = 0; i < 4; i++) others.push(await start({ tag: `page${i}` }));
      for (const other of others) await work(other, 'large_payloads_work', 'COMPLETED', { result: output });
      const page = await search<Task>(`/tasks/search-v2?size=3&query=workflowId IN (${others.join(',')})`);
      assert.equal(page.totalHits, 4);
      assert.equal(page.results.length, 3);
      for (const task of page.results) {
        assert.ok(others.includes(task.workflowInstanceId));
        assert.equal(task.outputData.result, output);
      }
      assertError(await send('GET', '/workflow/no-such-execution'), 404, /No such workflow/);
    });

    test('a fork of large inline inputs is written whole and runs to its end', async () => {
      const FORK = 'large_payloads_fork';
      const branches = ['a', 'b', 'c', 'd'];
      await ok('POST', '/metadata/workflow', {
        name: FORK,
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'fork',
            taskReferenceName: 'fork',
            type: 'FORK_JOIN',
            forkTasks: branches.map((ref) => [
              {
                name: 'large_payloads_work',
                taskReferenceName: ref,
                type: 'SIMPLE',
                inputParameters: { blob: '${workflow.input.blob}' },
              },
            ]),
          },
          { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: branches },
        ],
      });
      const blob = 'f'.repeat(1_500_000);
      const id = (await ok('POST', '/workflow', { name: FORK, version: 1, input: { blob } })).text;
      const started = (await ok('GET', `/workflow/${id}`)).json as Workflow;
      const forked = started.tasks.filter((t) => branches.includes(t.referenceTaskName));
      assert.equal(forked.length, branches.length);
      for (const task of forked) {
        assert.equal(task.inputData.blob, blob);
        assert.equal(task.status, 'SCHEDULED');
      }
      for (const _ of branches) await work(id, 'large_payloads_work', 'COMPLETED', { done: true });
      const ended = (await ok('GET', `/workflow/${id}`)).json as Workflow;
      assert.equal(
        ended.status,
        'COMPLETED',
        JSON.stringify(ended.tasks.map((t) => [t.referenceTaskName, t.status])),
      );
    });

    test('full-document searches show an externally stored input by its path, served whole', async () => {
      const id = await start({ tag: 'huge', blob: HUGE });
      const v2 = await search<Workflow>(`/workflow/search-v2?query=workflowId IN (${id})`);
      const [hit] = v2.results;
      assert.equal(hit?.workflowId, id);
      assert.deepEqual(hit.input, {});
      assert.match(hit.externalInputPayloadStoragePath ?? '', /^workflow\/input\/[\w-]+\.json$/);
      assert.ok(v2.bytes < HUGE.length, `${v2.bytes} bytes`);

      const summary = (await search<WorkflowSummary>(`/workflow/search?query=workflowId IN (${id})`))
        .results[0]!;
      assert.equal(summary.input, '{}');
      assert.equal(summary.externalInputPayloadStoragePath, hit.externalInputPayloadStoragePath);

      const stored = await ok('GET', `/external-payloads/${hit.externalInputPayloadStoragePath}`);
      assert.deepEqual(stored.json, { tag: 'huge', blob: HUGE });
    });
  });
