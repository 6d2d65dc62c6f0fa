// Workflow, task and by-task search over 3000 stored executions, on each store, each answer checked against the
// same search done in plain JavaScript over the seed data.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  taskSearchRequest,
  workflowSearchRequest,
  workflowsByTasksSearchRequest,
  type Task,
  type Workflow,
  type WorkflowSearchParams,
} from '@baton/protocol';
import type { Store } from '../src/index.js';
import { allTasks, BASE_TIME, expectedIds, seedStore } from './search-fixture.js';
import { openTestStore, storeKinds } from './support/stores.js';

const COUNT = 3000;
// The store of the running test (one per store kind, one after the other) and what it was seeded with.
let store: Store;
let all: Workflow[];

for (const kind of storeKinds) {
  void test(`search over ${COUNT} executions [${kind}]`, async (t) => {
    ({ store } = await openTestStore(t, kind));
    all = await seedStore(store, COUNT);
    await searchTests(t);
  });
}

type Params = Partial<WorkflowSearchParams>;

async function search(params: Params): Promise<{ totalHits: number; ids: string[] }> {
  const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 5000, ...params }));
  return { totalHits: page.totalHits, ids: page.results.map((w) => w.workflowId) };
}

/** The search finds exactly what `keep` keeps, newest first (or in `order`). */
async function finds(
  params: Params,
  keep: (wf: Workflow) => boolean,
  order?: Parameters<typeof expectedIds>[2],
): Promise<void> {
  const expected = expectedIds(all, keep, order);
  assert.ok(
    expected.length > 0 || params.query?.includes('nothing'),
    `the oracle finds something for ${JSON.stringify(params)}`,
  );
  const { totalHits, ids } = await search(params);
  assert.equal(totalHits, expected.length, `totalHits of ${JSON.stringify(params)}`);
  assert.deepEqual(ids, expected, `hits of ${JSON.stringify(params)}`);
}

/** Every search test, as subtests of `t`. */
async function searchTests(t: TestContext): Promise<void> {
  await t.test('workflow search: every operator', async (t) => {
    await t.test(
      '= and != on text, number and time fields (!= keeps executions without the field)',
      async () => {
        await finds({ query: 'status = "FAILED"' }, (w) => w.status === 'FAILED');
        await finds({ query: 'workflowType = "payments"' }, (w) => w.workflowName === 'payments');
        await finds({ query: 'version = 2' }, (w) => w.workflowVersion === 2);
        await finds(
          { query: `startTime = ${BASE_TIME + 42_000}` },
          (w) => w.startTime === BASE_TIME + 42_000,
        );
        await finds({ query: 'correlationId != "corr-1"' }, (w) => w.correlationId !== 'corr-1');
        await finds({ query: 'priority != 0' }, (w) => w.priority !== 0);
      },
    );

    await t.test('> and < (exclusive), on numbers, epoch ms and ISO times', async () => {
      await finds(
        { query: `startTime > ${BASE_TIME + 2_990_000}` },
        (w) => w.startTime > BASE_TIME + 2_990_000,
      );
      await finds(
        { query: `startTime < "${new Date(BASE_TIME + 5000).toISOString()}"` },
        (w) => w.startTime < BASE_TIME + 5000,
      );
      await finds({ query: 'priority > 2' }, (w) => w.priority > 2);
      await finds(
        { query: 'priority < 1.5 AND version > 1.5' },
        (w) => w.priority < 1.5 && w.workflowVersion > 1.5,
      );
      await finds({ query: 'executionTime > 500' }, (w) => w.endTime > 0 && w.endTime - w.startTime > 500);
    });

    await t.test('IN, BETWEEN (inclusive), IS NULL, IS NOT NULL, STARTS_WITH', async () => {
      await finds({ query: 'status IN (FAILED,TIMED_OUT)' }, (w) =>
        ['FAILED', 'TIMED_OUT'].includes(w.status),
      );
      await finds({ query: 'version IN (2)' }, (w) => w.workflowVersion === 2);
      await finds(
        { query: `startTime BETWEEN ${BASE_TIME + 10_000} AND ${BASE_TIME + 20_000}` },
        (w) => w.startTime >= BASE_TIME + 10_000 && w.startTime <= BASE_TIME + 20_000,
      );
      await finds({ query: 'correlationId IS NULL' }, (w) => w.correlationId === undefined);
      await finds({ query: 'endTime IS NULL' }, (w) => w.endTime === 0);
      await finds({ query: 'endTime IS NOT NULL' }, (w) => w.endTime > 0);
      await finds(
        { query: 'reasonForIncompletion IS NOT NULL' },
        (w) => w.reasonForIncompletion !== undefined,
      );
      await finds(
        { query: 'correlationId STARTS_WITH "corr-49"' },
        (w) => !!w.correlationId?.startsWith('corr-49'),
      );
      await finds(
        { query: 'reasonForIncompletion STARTS_WITH "declined card 2"' },
        (w) => w.reasonForIncompletion === 'declined card 2',
      );
    });

    await t.test('parentWorkflowId: "" and IS NULL both mean top-level', async () => {
      await finds({ query: 'parentWorkflowId = ""' }, (w) => w.parentWorkflowId === undefined);
      await finds({ query: 'parentWorkflowId IS NULL' }, (w) => w.parentWorkflowId === undefined);
      await finds({ query: 'parentWorkflowId = "wf-00008"' }, (w) => w.parentWorkflowId === 'wf-00008');
    });

    await t.test('AND / OR right-nested, and parentheses', async () => {
      await finds(
        { query: 'workflowType = "orders" AND status = "RUNNING" OR status = "FAILED"' },
        (w) => w.workflowName === 'orders' && (w.status === 'RUNNING' || w.status === 'FAILED'),
      );
      await finds(
        { query: '(workflowType = "orders" AND status = "RUNNING") OR status = "FAILED"' },
        (w) => (w.workflowName === 'orders' && w.status === 'RUNNING') || w.status === 'FAILED',
      );
      await finds(
        { query: 'priority = 1 AND (version = 2 OR (correlationId IS NULL AND status != "RUNNING"))' },
        (w) =>
          w.priority === 1 &&
          (w.workflowVersion === 2 || (w.correlationId === undefined && w.status !== 'RUNNING')),
      );
    });

    await t.test(
      'counts by workflowType, status and top-level alone agree with counting the rows',
      async () => {
        for (const filter of [
          'status = "COMPLETED"',
          'workflowType IN (orders,shipping) AND status IN (RUNNING,FAILED,PAUSED)',
          'parentWorkflowId IS NULL AND status = "FAILED"',
          'parentWorkflowId != "" AND workflowType = "orders"',
          '',
        ]) {
          const fast = await store.searchWorkflows(
            workflowSearchRequest({ start: 0, size: 0, query: filter }),
          );
          const rows = filter ? `(${filter}) AND version > 0` : 'version > 0';
          const slow = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 0, query: rows }));
          assert.equal(fast.totalHits, slow.totalHits, filter);
        }
        assert.equal((await search({ query: 'workflowType = "orders" AND status = "FAILED"' })).totalHits, 0);
      },
    );

    await t.test('matches nothing without failing', async () => {
      assert.deepEqual(await search({ query: 'workflowType = "nothing"' }), { totalHits: 0, ids: [] });
    });
  });

  await t.test('workflow search: free text', async (t) => {
    await t.test('finds by workflow id, correlation id, input value and output value', async () => {
      await finds({ freeText: 'wf-00123' }, (w) => w.workflowId === 'wf-00123');
      await finds({ freeText: 'corr-321' }, (w) => w.correlationId === 'corr-321');
      await finds({ freeText: 'cust-17' }, (w) => w.input.customer === 'cust-17');
      await finds({ freeText: 'INV-1201' }, (w) => w.output.invoice === 'INV-1201');
      await finds({ freeText: 'payments' }, (w) => w.workflowName === 'payments');
    });

    await t.test('matches whole words (case-insensitive), phrases and prefixes', async () => {
      await finds({ freeText: 'URGENT' }, (w) => w.input.note === 'urgent delivery');
      await finds({ freeText: '"urgent delivery"' }, (w) => w.input.note === 'urgent delivery');
      assert.equal((await search({ freeText: '"delivery urgent"' })).totalHits, 0);
      await finds({ freeText: 'urg*' }, (w) => w.input.note === 'urgent delivery');
      await finds({ freeText: 'declined' }, (w) => w.reasonForIncompletion !== undefined);
      // Pasted text with a colon: the name before it is not a field, so it is a word like the others.
      await finds({ freeText: 'declined: card 2' }, (w) => w.reasonForIncompletion === 'declined card 2');
    });

    await t.test('a word most executions have: the same hits and order, pages included', async () => {
      const regular = (w: Workflow) => w.input.note === 'regular';
      await finds({ freeText: 'regular' }, regular);
      await finds({ freeText: 'regular', sort: 'startTime:ASC' }, regular, {
        key: (w) => w.startTime,
        descending: false,
      });
      const page = await store.searchWorkflows(
        workflowSearchRequest({ start: 1000, size: 10, freeText: 'regular' }),
      );
      assert.equal(page.totalHits, expectedIds(all, regular).length);
      assert.deepEqual(
        page.results.map((w) => w.workflowId),
        expectedIds(all, regular).slice(1000, 1010),
      );
    });

    await t.test('combines words (AND by default, OR), field:value, and the query', async () => {
      await finds(
        { freeText: 'cust-3 orders' },
        (w) => w.input.customer === 'cust-3' && w.workflowName === 'orders',
      );
      await finds({ freeText: 'cust-3 OR cust-4' }, (w) =>
        ['cust-3', 'cust-4'].includes(w.input.customer as string),
      );
      await finds(
        { freeText: 'cust-3 OR status:"FAILED"' },
        (w) => w.input.customer === 'cust-3' || w.status === 'FAILED',
      );
      await finds(
        { freeText: 'cust-3', query: 'status = "COMPLETED"' },
        (w) => w.input.customer === 'cust-3' && w.status === 'COMPLETED',
      );
      await finds({ freeText: '*', query: 'status = "PAUSED"' }, (w) => w.status === 'PAUSED');
    });
  });

  await t.test('workflow search: sort, paging, flags', async (t) => {
    await t.test('sorts ASC and DESC on several fields, ties broken by insertion order', async () => {
      const top = (w: Workflow) => w.status === 'FAILED';
      await finds({ query: 'status = "FAILED"', sort: 'startTime:ASC' }, top, {
        key: (w) => w.startTime,
        descending: false,
      });
      await finds({ query: 'status = "FAILED"', sort: 'startTime:DESC' }, top, {
        key: (w) => w.startTime,
        descending: true,
      });
      await finds({ query: 'status = "FAILED"', sort: 'priority:DESC' }, top, {
        key: (w) => w.priority,
        descending: true,
      });
      await finds({ query: 'status = "FAILED"', sort: 'workflowId' }, top, {
        key: (w) => w.workflowId,
        descending: false,
      });
      await finds({ query: 'status = "FAILED"', sort: 'executionTime:DESC' }, top, {
        key: (w) => w.endTime - w.startTime,
        descending: true,
      });
    });

    await t.test('sorts by two keys', async () => {
      const page = await search({ query: 'status = "COMPLETED"', sort: 'workflowType:DESC|startTime:ASC' });
      const expected = all
        .filter((w) => w.status === 'COMPLETED')
        .sort((a, b) =>
          a.workflowName === b.workflowName
            ? a.startTime - b.startTime
            : a.workflowName < b.workflowName
              ? 1
              : -1,
        )
        .map((w) => w.workflowId);
      assert.deepEqual(page.ids, expected);
    });

    await t.test('pages with start and size; totalHits counts every hit', async () => {
      const everything = expectedIds(all, () => true);
      const page = await store.searchWorkflows(workflowSearchRequest({ start: 100, size: 25 }));
      assert.equal(page.totalHits, COUNT);
      assert.deepEqual(
        page.results.map((w) => w.workflowId),
        everything.slice(100, 125),
      );
      const last = await store.searchWorkflows(workflowSearchRequest({ start: COUNT - 3, size: 25 }));
      assert.equal(last.results.length, 3);
      const beyond = await store.searchWorkflows(workflowSearchRequest({ start: COUNT + 10, size: 25 }));
      assert.deepEqual([beyond.totalHits, beyond.results.length], [COUNT, 0]);
      const countOnly = await store.searchWorkflows(
        workflowSearchRequest({ start: 0, size: 0, query: 'status = "FAILED"' }),
      );
      assert.deepEqual([countOnly.totalHits, countOnly.results.length], [COUNT / 6, 0]);
    });

    await t.test('returns executions without their tasks, with their definition', async () => {
      const [hit] = (
        await store.searchWorkflows(
          workflowSearchRequest({ start: 0, size: 1, query: 'workflowId = "wf-00007"' }),
        )
      ).results;
      assert.equal(hit?.workflowId, 'wf-00007');
      assert.deepEqual(hit?.tasks, []);
      assert.equal(hit?.workflowDefinition.name, 'payments');
      assert.deepEqual(hit?.input, all[7]!.input);
    });

    await t.test(
      'topLevelOnly leaves sub-workflows out; classifier matches the given ones only',
      async () => {
        await finds(
          { topLevelOnly: true, query: 'status = "TIMED_OUT"' },
          (w) => w.status === 'TIMED_OUT' && !w.parentWorkflowId,
        );
        assert.equal((await search({ classifier: ['gold'] })).totalHits, 0);
      },
    );
  });

  await t.test('task search', async (t) => {
    async function tasks(
      params: Partial<WorkflowSearchParams>,
    ): Promise<{ totalHits: number; ids: string[] }> {
      const page = await store.searchTasks(taskSearchRequest({ start: 0, size: 5000, ...params }));
      return { totalHits: page.totalHits, ids: page.results.map((t) => t.taskId) };
    }

    /** Task ids of the seed that pass `keep`, newest first. */
    const taskIds = (keep: (t: Task) => boolean): string[] =>
      allTasks(all)
        .filter(keep)
        .reverse()
        .map((t) => t.taskId);

    await t.test("filters on task columns and on the fields of the task's workflow", async () => {
      const http = taskIds((t) => t.taskType === 'HTTP');
      assert.deepEqual(await tasks({ query: 'taskType = "HTTP"' }), { totalHits: http.length, ids: http });
      const scheduledOrders = taskIds((t) => t.status === 'SCHEDULED' && t.workflowType === 'orders');
      assert.deepEqual(await tasks({ query: 'status = "SCHEDULED" AND workflowType = "orders"' }), {
        totalHits: scheduledOrders.length,
        ids: scheduledOrders,
      });
      const blue = taskIds((t) => t.domain === 'blue');
      assert.deepEqual((await tasks({ query: 'domain = "blue"' })).ids, blue);
      const ofOne = taskIds((t) => t.workflowInstanceId === 'wf-00042');
      assert.deepEqual((await tasks({ query: 'workflowId = "wf-00042"' })).ids, ofOne);
    });

    await t.test('free text is a case-insensitive substring of ids, names, input and output', async () => {
      const sku7 = taskIds((t) => t.inputData.sku === 'SKU-7');
      assert.ok(sku7.length > 0);
      assert.deepEqual((await tasks({ freeText: 'sku-7' })).ids, sku7);
      assert.deepEqual((await tasks({ freeText: 'WF-00042-A' })).ids, ['wf-00042-a']);
      const boxes = taskIds(
        (t) => t.taskType === 'HTTP' && String(t.outputData.shipped).startsWith('box-12'),
      );
      assert.ok(boxes.length > 1);
      assert.deepEqual((await tasks({ freeText: 'box-12', query: 'taskType = "HTTP"' })).ids, boxes);
      assert.deepEqual(
        (await tasks({ freeText: 'validate OR http_call', query: 'workflowId = "wf-00002"' })).ids,
        ['wf-00002-b', 'wf-00002-a'],
      );
    });

    await t.test('sorts and pages', async () => {
      const page = await store.searchTasks(
        taskSearchRequest({
          start: 2,
          size: 3,
          query: 'workflowId IN (wf-00001, wf-00002)',
          sort: 'taskId:ASC',
        }),
      );
      assert.equal(page.totalHits, 4);
      assert.deepEqual(
        page.results.map((t) => t.taskId),
        ['wf-00002-a', 'wf-00002-b'],
      );
    });
  });

  await t.test('workflow search by tasks', async (t) => {
    await t.test('finds each execution with a matching task once, sorted by workflow fields', async () => {
      const page = await store.searchWorkflowsByTasks(
        workflowsByTasksSearchRequest({
          start: 0,
          size: 5000,
          query: 'taskType = "HTTP" AND domain = "blue"',
          sort: 'startTime:ASC',
        }),
      );
      const expected = all
        .filter((w) => w.tasks.some((t) => t.taskType === 'HTTP' && t.domain === 'blue'))
        .map((w) => w.workflowId);
      assert.equal(page.totalHits, expected.length);
      assert.deepEqual(
        page.results.map((w) => w.workflowId),
        expected,
      );
    });
  });
}
