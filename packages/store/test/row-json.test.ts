// The JSON of execution and task rows (row-json.ts): the same document JSON.stringify gives, and a large payload's
// kept text reused only for that very object, never for a payload that replaced it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workflowSearchRequest, type Workflow } from '@baton/protocol';
import { rememberPayloadText, taskRowJson, workflowRowJson } from '../src/row-json.js';
import { forEachStore } from './support/stores.js';
import { openTempStore, task, workflow, workflowDef, text } from './helpers.js';

const def = workflowDef('row_json');
const LARGE = 100 * 1024;

/** The stored document: the workflow without its tasks and definition, as JSON.stringify writes it. */
function plain(value: Workflow): unknown {
  const { tasks: _tasks, workflowDefinition: _definition, ...fields } = value;
  return JSON.parse(JSON.stringify(fields)) as unknown;
}

function withoutOutputAndVariables(value: Workflow): Workflow {
  const { output: _output, variables: _variables, ...rest } = value;
  return rest as Workflow;
}

test('a row holds what JSON.stringify writes, whatever payloads are there or left out', () => {
  const cases: Workflow[] = [
    workflow('w1', def, { input: { a: [1, { b: null }], s: 'x"y\\z' } }),
    withoutOutputAndVariables(workflow('w2', def)),
    { ...workflow('w3', def, { input: {} }), output: { big: 'o'.repeat(LARGE) }, variables: { v: 1 } },
  ];
  for (const value of cases) assert.deepEqual(JSON.parse(workflowRowJson(value)), plain(value));
  const base = workflow('w4', def);
  const withTask = task(base, 't1', 1, { outputData: { big: 't'.repeat(LARGE) } });
  assert.deepEqual(JSON.parse(taskRowJson(withTask)), JSON.parse(JSON.stringify(withTask)));
  const { inputData: _input, outputData: _output, ...bare } = withTask;
  assert.deepEqual(JSON.parse(taskRowJson(bare as typeof withTask)), JSON.parse(JSON.stringify(bare)));
});

test('a large payload serialized once is written the same again, and a new payload as itself', () => {
  const first = { blob: 'a'.repeat(LARGE) };
  const running = workflow('w5', def, { input: first });
  const again = workflowRowJson({ ...running, status: 'COMPLETED', output: { done: true } });
  assert.equal(JSON.parse(workflowRowJson(running)).input.blob, first.blob);
  assert.deepEqual(JSON.parse(again), plain({ ...running, status: 'COMPLETED', output: { done: true } }));
  // Same content in another object, then different content: each is its own text.
  const replaced = { blob: 'b'.repeat(LARGE) };
  assert.equal(JSON.parse(workflowRowJson({ ...running, input: replaced })).input.blob, replaced.blob);
  assert.equal(JSON.parse(workflowRowJson({ ...running, input: { ...first } })).input.blob, first.blob);
});

test('a text handed over is written for that very payload, and a payload that replaced it as itself', () => {
  const input = { blob: 'h'.repeat(LARGE), n: 1 };
  // Spaced, unlike JSON.stringify, to tell the handed text from one made here.
  const handed = JSON.stringify(input, null, 1);
  rememberPayloadText(input, handed);
  const running = workflow('w-handed', def, { input });
  const row = workflowRowJson(running);
  assert.ok(row.includes(handed), 'the handed text is not in the row');
  assert.deepEqual(JSON.parse(row), plain(running));
  // A task given the very same object writes the same text.
  assert.ok(taskRowJson(task(running, 't1', 1, { inputData: input })).includes(handed));
  // A changed copy, or one with the same content, is serialized as itself.
  for (const other of [{ ...input, n: 2 }, { ...input }]) {
    const written = workflowRowJson({ ...running, input: other });
    assert.ok(!written.includes(handed), 'a stale text was written');
    assert.deepEqual(JSON.parse(written).input, other);
  }
  // A small text is not kept: the payload is serialized here.
  const small = { n: 3 };
  rememberPayloadText(small, '{ "n": 3 }');
  assert.equal(JSON.parse(workflowRowJson({ ...running, input: small })).input.n, 3);
  assert.ok(!workflowRowJson({ ...running, input: small }).includes('{ "n": 3 }'));
});

forEachStore(
  'a large payload whose text was handed over is stored as that text',
  async (t, { store, rows, kind }) => {
    const input = { blob: 's'.repeat(LARGE), list: [1, 'é😀'] };
    // Spaced, to tell it from a text made again.
    const handed = JSON.stringify(input, null, 1);
    rememberPayloadText(input, handed);
    const started = workflow('w-handed-stored', def, { input });
    await store.transact((tx) => tx.createWorkflow(started));
    await store.transact((tx) => tx.updateWorkflow({ ...started, output: { done: true } }, []));
    assert.deepEqual((await store.getWorkflow('w-handed-stored', false))?.input, input);
    const document = JSON.parse(await text(await store.workflowJson('w-handed-stored', false))) as Workflow;
    assert.deepEqual(document.input, input);
    // SQLite keeps it apart from the first write on (its text is known large); PostgreSQL in the row.
    const [stored] =
      kind === 'sqlite'
        ? await rows<{ json: string }>("SELECT json FROM workflow_payloads WHERE field = 'input'")
        : await rows<{ json: string }>("SELECT json FROM workflows WHERE workflow_id = 'w-handed-stored'");
    assert.ok(stored?.json.includes(handed), 'the handed text is not what is stored');
  },
);

forEachStore(
  'an execution written many times with a large input keeps the payloads it has at each write',
  async (t, { store, rows, kind }) => {
    const input = { blob: 'i'.repeat(LARGE) };
    const started = workflow('w-large', def, { input, correlationId: 'c-large' });
    await store.transact((tx) => tx.createWorkflow(started));
    for (let i = 0; i < 3; i++) {
      await store.transact((tx) =>
        tx.updateWorkflow({ ...started, updateTime: started.startTime + i, variables: { i } }, []),
      );
    }
    const rerun = { ...started, input: { blob: 'r'.repeat(LARGE) }, variables: { i: 3 } };
    await store.transact((tx) => tx.updateWorkflow(rerun, []));

    const read = await store.getWorkflow('w-large', false);
    assert.equal(read?.input.blob, rerun.input.blob);
    assert.deepEqual(read?.variables, { i: 3 });
    const document = JSON.parse(await text(await store.workflowJson('w-large', false))) as Workflow;
    assert.equal(document.input.blob, rerun.input.blob);
    assert.deepEqual(document.variables, { i: 3 });
    const [found] = await store.findByCorrelationId('row_json', 'c-large', true, false);
    assert.equal(found?.input.blob, rerun.input.blob);
    const page = await store.searchWorkflowSummaries(workflowSearchRequest({ start: 0, size: 10 }));
    assert.equal(page.results[0]?.workflowId, 'w-large');
    assert.ok(page.results[0]?.input?.startsWith('{blob='), page.results[0]?.input);

    // Small again: the payloads go back into the row.
    await store.transact((tx) => tx.updateWorkflow({ ...rerun, input: { small: true } }, []));
    assert.deepEqual((await store.getWorkflow('w-large', false))?.input, { small: true });
    if (kind === 'sqlite') {
      assert.deepEqual(await rows('SELECT workflow_id FROM workflow_payloads'), []);
      const [row] = await rows<{ payloads_apart: number }>('SELECT payloads_apart FROM workflows');
      assert.equal(row?.payloads_apart, 0);
    }
  },
);

test('on SQLite a large payload is written once, not again at each write of its execution', async (t) => {
  const { store } = await openTempStore(t, { countStatements: true });
  const input = { blob: 'i'.repeat(LARGE) };
  const started = workflow('w-once', def, { input, variables: { big: 'v'.repeat(LARGE) } });
  await store.transact((tx) => tx.createWorkflow(started));
  const writes = () => store.statements?.snapshot()['INSERT workflow_payloads'] ?? 0;
  // The first write serializes the row whole, once; the payloads found large move to rows of their own next.
  assert.equal(writes(), 0);
  for (let i = 0; i < 5; i++) {
    // The variables change at the last write only; the input never.
    const variables = i < 4 ? started.variables : { big: 'w'.repeat(LARGE) };
    await store.transact((tx) => tx.updateWorkflow({ ...started, output: { i }, variables }, []));
  }
  assert.equal(writes(), 3);
  const read = await store.getWorkflow('w-once', false);
  assert.equal(read?.input.blob, input.blob);
  assert.deepEqual(read?.output, { i: 4 });
  assert.equal((read?.variables.big as string)[0], 'w');
});
