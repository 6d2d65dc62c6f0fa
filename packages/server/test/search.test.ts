// Search over HTTP (§1.2, §1.3, §2.9, §6) against a real server on port 0: executions started over HTTP are found
// the moment the start returns, summaries have Conductor's shape, and bad requests get 400s naming the parameter.
// Volume (2000 executions) is seeded through the server's store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Task, Workflow, WorkflowDef, WorkflowSummary } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import { httpApi } from './http-api.js';

let server: BatonServer;
let database: TestDatabase;
const SEEDED = 2000;
const T0 = Date.UTC(2024, 5, 1);

const shipDef: WorkflowDef = {
  name: 'search_ship',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'search_pack',
      taskReferenceName: 'pack',
      type: 'SIMPLE',
      inputParameters: { item: '${workflow.input.item}' },
    },
  ],
  outputParameters: { label: '${pack.output.label}' },
};
const parentDef: WorkflowDef = {
  name: 'search_parent',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'search_ship',
      taskReferenceName: 'child',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'search_ship', version: 1 },
    },
  ],
};

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      await ok('POST', '/metadata/taskdefs', [
        { name: 'search_pack', retryCount: 0, responseTimeoutSeconds: 3600 },
      ]);
      await ok('POST', '/metadata/workflow', shipDef);
      await ok('POST', '/metadata/workflow', parentDef);
      await seed();
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    /** Executions of `search_bulk` v1: n even COMPLETED, n odd FAILED, one minute apart, customer cust-(n % 20). */
    async function seed(): Promise<void> {
      const def: WorkflowDef = { name: 'search_bulk', version: 1, schemaVersion: 2, tasks: shipDef.tasks };
      const calls: Promise<void>[] = [];
      for (let from = 0; from < SEEDED; from += 100) {
        calls.push(
          server.store.transact(async (tx) => {
            for (let n = from; n < from + 100; n++) {
              const completed = n % 2 === 0;
              await tx.createWorkflow({
                workflowId: `bulk-${String(n).padStart(4, '0')}`,
                status: completed ? 'COMPLETED' : 'FAILED',
                startTime: T0 + n * 60_000,
                createTime: T0 + n * 60_000,
                updateTime: T0 + n * 60_000 + 500,
                endTime: T0 + n * 60_000 + 500,
                input: { customer: `cust-${n % 20}` },
                output: completed ? { receipt: `R-${n}` } : {},
                tasks: [],
                priority: n % 3,
                variables: {},
                failedReferenceTaskNames: completed ? [] : ['pack'],
                failedTaskNames: completed ? [] : ['search_pack'],
                workflowDefinition: def,
                workflowName: 'search_bulk',
                workflowVersion: 1,
                lastRetriedTime: 0,
                ...(!completed && { reasonForIncompletion: 'out of boxes' }),
              });
            }
          }),
        );
      }
      await Promise.all(calls);
    }

    const { send, ok } = httpApi(() => server.url);

    interface Page<T> {
      totalHits: number;
      results: T[];
    }

    async function search<T = WorkflowSummary>(
      path: string,
      params: Record<string, string>,
    ): Promise<Page<T>> {
      return (await ok('GET', `${path}?${new URLSearchParams(params).toString()}`)).json as Page<T>;
    }

    /** Works the one `search_pack` task of `workflowId`. */
    async function pack(workflowId: string, output: Record<string, unknown>): Promise<void> {
      for (let i = 0; i < 50; i++) {
        const polled = (await ok('GET', '/tasks/poll/batch/search_pack?count=10&timeout=100')).json as Task[];
        const mine = polled.find((t) => t.workflowInstanceId === workflowId);
        for (const other of polled.filter((t) => t !== mine)) {
          await ok('POST', '/tasks', {
            workflowInstanceId: other.workflowInstanceId,
            taskId: other.taskId,
            status: 'IN_PROGRESS',
          });
        }
        if (mine) {
          await ok('POST', '/tasks', {
            workflowInstanceId: workflowId,
            taskId: mine.taskId,
            status: 'COMPLETED',
            outputData: output,
          });
          return;
        }
      }
      assert.fail(`no search_pack task of ${workflowId}`);
    }

    void describe('GET /api/workflow/search', () => {
      void test('is a route of its own, not a workflow id (no 404)', async () => {
        const answer = await send('GET', '/workflow/search');
        assert.equal(answer.status, 200, answer.text);
        const page = answer.json as Page<WorkflowSummary>;
        assert.ok(page.totalHits >= SEEDED);
        assert.equal(page.results.length, 100);
      });

      void test('finds executions started over HTTP the moment the start returns', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          ids.push(
            (await ok('POST', `/workflow/search_ship?correlationId=order-${i}`, { item: `teapot-${i}` }))
              .text,
          );
          // No waiting, no retries: the start's commit is what the search reads.
          const byText = await search('/workflow/search', { freeText: `teapot-${i}` });
          assert.deepEqual(
            byText.results.map((s) => s.workflowId),
            [ids[i]],
          );
          const byQuery = await search('/workflow/search', {
            query: `correlationId = "order-${i}" AND status = "RUNNING"`,
          });
          assert.deepEqual(
            byQuery.results.map((s) => s.workflowId),
            [ids[i]],
          );
        }
        const all = await search('/workflow/search', {
          query: 'workflowType = "search_ship"',
          freeText: 'teapot*',
          sort: 'startTime:ASC',
        });
        assert.deepEqual(all.results.map((s) => s.workflowId).slice(0, 5), ids);
      });

      void test('a completion is found at once, with the summary Conductor gives', async () => {
        const id = (
          await ok('POST', '/workflow/search_ship?correlationId=summary-1&priority=7', {
            item: 'kettle',
            qty: [1, 2.5],
          })
        ).text;
        await pack(id, { label: 'L-42' });
        const page = await search('/workflow/search', {
          query: `workflowId = "${id}" AND status = "COMPLETED"`,
          freeText: 'L-42',
        });
        assert.equal(page.totalHits, 1);
        const wf = (await ok('GET', `/workflow/${id}`)).json as Workflow;
        const iso = (ms: number) => new Date(ms).toISOString();
        assert.deepEqual(page.results[0], {
          workflowType: 'search_ship',
          version: 1,
          workflowId: id,
          correlationId: 'summary-1',
          startTime: iso(wf.startTime),
          updateTime: iso(wf.updateTime!),
          endTime: iso(wf.endTime),
          status: 'COMPLETED',
          input: '{item=kettle, qty=[1, 2.5]}',
          output: '{label=L-42}',
          executionTime: wf.endTime - wf.startTime,
          failedReferenceTaskNames: '',
          priority: 7,
          failedTaskNames: [],
          taskToDomain: {},
          parentWorkflowId: '',
        } satisfies WorkflowSummary);
      });

      void test('filters, sorts and pages the seeded executions, with totalHits', async () => {
        const failed = await search('/workflow/search', {
          query: 'workflowType = "search_bulk" AND status = "FAILED"',
          sort: 'startTime:DESC',
          start: '10',
          size: '5',
        });
        assert.equal(failed.totalHits, SEEDED / 2);
        assert.deepEqual(
          failed.results.map((s) => s.workflowId),
          [1979, 1977, 1975, 1973, 1971].map((n) => `bulk-${n}`),
        );
        assert.equal(failed.results[0]!.failedReferenceTaskNames, 'pack');
        assert.equal(failed.results[0]!.reasonForIncompletion, 'out of boxes');

        const window = await search('/workflow/search', {
          query: `startTime BETWEEN ${T0 + 100 * 60_000} AND ${T0 + 109 * 60_000} AND priority IN (0,1)`,
          sort: 'priority:DESC|startTime:ASC',
        });
        const expected = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]
          .filter((n) => n % 3 !== 2)
          .sort((a, b) => (b % 3) - (a % 3) || a - b)
          .map((n) => `bulk-0${n}`);
        assert.deepEqual(
          window.results.map((s) => s.workflowId),
          expected,
        );

        const receipts = await search('/workflow/search', { freeText: 'cust-7 AND R-1*', size: '0' });
        // Even n with n % 20 == 7 do not exist; odd ones have no receipt.
        assert.deepEqual(receipts, { totalHits: 0, results: [] });
        const cust = await search('/workflow/search', { freeText: 'cust-4 R-104', size: '3' });
        assert.deepEqual(cust, { totalHits: 1, results: cust.results });
        assert.equal(cust.results[0]!.workflowId, 'bulk-0104');
      });

      void test('topLevelOnly leaves sub-workflows out; their summary names the parent', async () => {
        const parentId = (await ok('POST', '/workflow/search_parent', { item: 'chair' })).text;
        const parent = (await ok('GET', `/workflow/${parentId}`)).json as Workflow;
        const childId = parent.tasks[0]?.subWorkflowId;
        assert.ok(childId, 'the child was started with the parent');
        const withChildren = await search('/workflow/search', { query: `parentWorkflowId = "${parentId}"` });
        assert.deepEqual(
          withChildren.results.map((s) => [s.workflowId, s.parentWorkflowId]),
          [[childId, parentId]],
        );
        const topLevel = await search('/workflow/search', {
          query: `workflowId IN (${parentId},${childId})`,
          topLevelOnly: 'true',
        });
        assert.deepEqual(
          topLevel.results.map((s) => s.workflowId),
          [parentId],
        );
        assert.equal((await search('/workflow/search', { classifier: 'gold,silver' })).totalHits, 0);
      });
    });

    void describe('search-v2, by tasks, tasks, bulk', () => {
      void test('search-v2 answers full executions without tasks', async () => {
        const page = await search<Workflow>('/workflow/search-v2', { query: 'workflowId = "bulk-0003"' });
        assert.equal(page.totalHits, 1);
        const [wf] = page.results;
        assert.equal(wf?.status, 'FAILED');
        assert.equal(wf?.workflowDefinition.name, 'search_bulk');
        assert.deepEqual(wf?.input, { customer: 'cust-3' });
        assert.deepEqual(wf?.tasks, []);
      });

      void test('tasks/search answers TaskSummary, tasks/search-v2 tasks; search-by-tasks the executions', async () => {
        const id = (await ok('POST', '/workflow/search_ship', { item: 'lamp' })).text;
        const summaries = await search<Record<string, unknown>>('/tasks/search', {
          query: `workflowId = "${id}"`,
        });
        assert.equal(summaries.totalHits, 1);
        const summary = summaries.results[0]!;
        assert.equal(summary.taskDefName, 'search_pack');
        assert.equal(summary.workflowType, 'search_ship');
        assert.equal(summary.status, 'SCHEDULED');
        assert.equal(summary.input, '{item=lamp}');
        assert.equal(summary.startTime, '1970-01-01T00:00:00.000Z');
        assert.match(String(summary.scheduledTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

        const tasks = await search<Task>('/tasks/search-v2', {
          query: 'taskType = "search_pack"',
          freeText: 'lamp',
        });
        assert.deepEqual(
          tasks.results.map((t) => t.workflowInstanceId),
          [id],
        );
        assert.equal(tasks.results[0]!.referenceTaskName, 'pack');

        const byTasks = await search('/workflow/search-by-tasks', {
          query: 'taskDefName = "search_pack"',
          freeText: 'lamp',
        });
        assert.deepEqual(
          byTasks.results.map((s) => [s.workflowId, s.input]),
          [[id, '{item=lamp}']],
        );
        const byTasksV2 = await search<Workflow>('/workflow/search-by-tasks-v2', {
          query: `workflowId = "${id}"`,
        });
        assert.deepEqual(
          byTasksV2.results.map((w) => w.workflowId),
          [id],
        );
      });

      void test('POST /api/workflow/bulk/search returns the executions, with or without tasks', async () => {
        const id = (await ok('POST', '/workflow/search_ship', { item: 'desk' })).text;
        const withTasks = (await ok('POST', '/workflow/bulk/search', [id, 'no-such-id'])).json as {
          bulkSuccessfulResults: Workflow[];
          bulkErrorResults: Record<string, string>;
        };
        assert.deepEqual(
          withTasks.bulkSuccessfulResults.map((w) => [w.workflowId, w.tasks.length]),
          [[id, 1]],
        );
        assert.deepEqual(withTasks.bulkErrorResults, {
          'no-such-id': 'No such workflow found by id: no-such-id',
        });
        const without = (await ok('POST', '/workflow/bulk/search?includeTasks=false', [id])).json as {
          bulkSuccessfulResults: Workflow[];
        };
        assert.deepEqual(without.bulkSuccessfulResults[0]!.tasks, []);
        assert.equal((await send('POST', '/workflow/bulk/search', { id })).status, 400);
      });
    });

    void describe('bad searches get 400 with the problem and the parameter', () => {
      const cases: Array<[string, string, RegExp, string]> = [
        [
          '/workflow/search',
          'query=status%3DFAILED',
          /Invalid query at position 8: expected a quoted string or a number/,
          'query',
        ],
        ['/workflow/search', 'query=colour%3D%22red%22', /unknown field 'colour'/, 'query'],
        [
          '/workflow/search',
          'freeText=%22open',
          /Invalid free text at position 1: the string that starts here has no closing "/,
          'freeText',
        ],
        ['/workflow/search', 'sort=reasonForIncompletion', /cannot sort by 'reasonForIncompletion'/, 'sort'],
        [
          '/workflow/search',
          'size=5001',
          /Cannot return more than 5000 workflows\. Please use pagination\./,
          'size',
        ],
        [
          '/workflow/search-v2',
          'start=-1',
          /Invalid value for query parameter 'start': '-1' must be at least 0/,
          'start',
        ],
        ['/workflow/search-by-tasks', 'query=version%3D1', /unknown field 'version'/, 'query'],
        ['/tasks/search', 'size=9999', /Cannot return more than 5000 tasks/, 'size'],
        ['/tasks/search-v2', 'query=taskType%20%3D%20%22a%22%20and', /AND and OR are upper-case/, 'query'],
      ];
      for (const [path, query, message, param] of cases) {
        void test(`${path}?${query}`, async () => {
          const answer = await send('GET', `${path}?${query}`);
          assert.equal(answer.status, 400, answer.text);
          const body = answer.json as {
            status: number;
            message: string;
            validationErrors: Array<{ path: string }>;
          };
          assert.equal(body.status, 400);
          assert.match(body.message, message);
          assert.deepEqual(
            body.validationErrors.map((e) => e.path),
            [param],
          );
        });
      }
    });
  });
