// Summaries and JSON documents of large executions (issue 12): a large row keeps its summary beside it, kept in
// step with every write; the JSON documents are what getWorkflow and the searches give, as text.
import assert from 'node:assert/strict';
import { SUMMARY_PAYLOAD_MAX_CHARS, workflowSearchRequest, type JsonObject } from '@baton/protocol';
import { SUMMARIZED_ABOVE } from '../src/summaries.js';
import { forEachStore } from './support/stores.js';
import { task, workflow, workflowDef, text } from './helpers.js';

const def = workflowDef('summaries');
const everything = workflowSearchRequest({ start: 0, size: 10 });
const BIG = 'b'.repeat(2 * SUMMARIZED_ABOVE);

forEachStore(
  'a large row is summarized when written, and again when it changes',
  async (t, { store, rows }) => {
    const big = workflow('w-big', def, { input: { blob: BIG } });
    await store.transact((tx) =>
      tx.createWorkflow({ ...big, tasks: [task(big, 't-big', 1, { outputData: { blob: BIG } })] }),
    );
    await store.transact((tx) => tx.createWorkflow(workflow('w-small', def)));
    const stored = await rows<{ workflow_id: string; summary: string | null }>(
      'SELECT workflow_id, summary FROM workflows ORDER BY workflow_id',
    );
    assert.deepEqual(
      stored.map((r) => [r.workflow_id, r.summary !== null]),
      [
        ['w-big', true],
        ['w-small', false],
      ],
    );

    const summaries = await store.searchWorkflowSummaries(everything);
    const byId = new Map(summaries.results.map((s) => [s.workflowId, s]));
    assert.equal(byId.get('w-big')?.input.length, SUMMARY_PAYLOAD_MAX_CHARS);
    assert.equal(byId.get('w-small')?.input, '{who=world}');
    const [taskSummary] = (await store.searchTaskSummaries(everything)).results;
    assert.equal(taskSummary?.output.length, SUMMARY_PAYLOAD_MAX_CHARS);

    // The execution shrinks and ends: its stored summary goes, and the search summarizes the row itself.
    const current = (await store.getWorkflow('w-big', true))!;
    await store.transact((tx) =>
      tx.updateWorkflow(
        { ...current, status: 'COMPLETED', endTime: 2_000, input: { who: 'again' } },
        [{ ...current.tasks[0]!, status: 'COMPLETED', outputData: { done: true } }],
        [],
      ),
    );
    const after = new Map(
      (await store.searchWorkflowSummaries(everything)).results.map((s) => [s.workflowId, s]),
    );
    assert.equal(after.get('w-big')?.status, 'COMPLETED');
    assert.equal(after.get('w-big')?.input, '{who=again}');
    assert.equal((await store.searchTaskSummaries(everything)).results[0]?.output, '{done=true}');
    const left = await rows<{ n: number }>('SELECT count(*) AS n FROM workflows WHERE summary IS NOT NULL');
    assert.equal(Number(left[0]?.n), 0);
  },
);

forEachStore('JSON documents are the executions and tasks the reads give', async (t, { store }) => {
  const wf = workflow('w-doc', def, { input: { blob: BIG } });
  const tasks = [1, 2, 3].map((seq) => task(wf, `t-doc-${seq}`, seq, { outputData: { seq, blob: BIG } }));
  await store.transact((tx) => tx.createWorkflow({ ...wf, tasks }));

  for (const includeTasks of [true, false]) {
    const document = JSON.parse(await text(await store.workflowJson('w-doc', includeTasks))) as JsonObject;
    assert.deepEqual(document, JSON.parse(JSON.stringify(await store.getWorkflow('w-doc', includeTasks))));
  }
  assert.equal(await store.workflowJson('w-none', true), undefined);

  const other = workflowDef('summaries_other');
  await store.transact(async (tx) => {
    await tx.createWorkflow(workflow('w-c1', def, { correlationId: 'c', startTime: 5 }));
    await tx.createWorkflow(
      workflow('w-c2', other, { correlationId: 'c', status: 'COMPLETED', startTime: 6 }),
    );
    await tx.createWorkflow(workflow('w-c3', def, { correlationId: 'c', startTime: 7 }));
  });
  for (const includeClosed of [true, false]) {
    const names = ['summaries', 'summaries_other'];
    const expected = [];
    for (const name of names)
      expected.push(...(await store.findByCorrelationId(name, 'c', includeClosed, true)));
    const correlated = await text(await store.findByCorrelationIdJson(names, 'c', includeClosed, true));
    assert.deepEqual(JSON.parse(correlated), JSON.parse(JSON.stringify(expected)));
  }
  assert.equal(await text(await store.findByCorrelationIdJson(['summaries'], 'none', true, false)), '[]');

  const page = JSON.parse(await text(await store.searchWorkflowsJson(everything))) as JsonObject;
  assert.deepEqual(page, JSON.parse(JSON.stringify(await store.searchWorkflows(everything))));
  const taskPage = JSON.parse(await text(await store.searchTasksJson(everything))) as JsonObject;
  assert.deepEqual(taskPage, JSON.parse(JSON.stringify(await store.searchTasks(everything))));
  const byTasks = JSON.parse(await text(await store.searchWorkflowsByTasksJson(everything))) as JsonObject;
  assert.deepEqual(byTasks, JSON.parse(JSON.stringify(await store.searchWorkflowsByTasks(everything))));
});

forEachStore(
  'free text finds words in the first 100,000 characters of an input, not past them',
  async (t, { store }) => {
    const filler = 'z '.repeat(60_000);
    await store.transact((tx) =>
      tx.createWorkflow(workflow('w-text', def, { input: { early: 'findme', filler, late: 'toolate' } })),
    );
    const found = async (word: string) =>
      (
        await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 10, freeText: word }))
      ).results.map((w) => w.workflowId);
    assert.deepEqual(await found('findme'), ['w-text']);
    assert.deepEqual(await found('toolate'), []);
  },
);
