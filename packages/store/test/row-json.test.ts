// The JSON of execution and task rows (row-json.ts): the same document JSON.stringify gives, and a large payload's
// kept text reused only for that very object, never for a payload that replaced it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '@baton/protocol';
import { taskRowJson, workflowRowJson } from '../src/row-json.js';
import { forEachStore } from './support/stores.js';
import { task, workflow, workflowDef } from './helpers.js';

const def = workflowDef('row_json');
const LARGE = 100 * 1024;

/** The stored document: the workflow without its tasks and definition, as JSON.stringify writes it. */
function plain(value: Workflow): unknown {
  const { tasks: _tasks, workflowDefinition: _definition, ...fields } = value;
  return JSON.parse(JSON.stringify(fields)) as unknown;
}

test('a row holds what JSON.stringify writes, whatever payloads are there or left out', () => {
  const cases: Workflow[] = [
    workflow('w1', def, { input: { a: [1, { b: null }], s: 'x"y\\z' } }),
    { ...workflow('w2', def), output: undefined, variables: undefined },
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

forEachStore(
  'an execution written many times with a large input stores the input it has at each write',
  async (t, { store, rows }) => {
    const input = { blob: 'i'.repeat(LARGE) };
    const started = workflow('w-large', def, { input });
    await store.transact((tx) => tx.createWorkflow(started));
    for (let i = 0; i < 3; i++) {
      await store.transact((tx) =>
        tx.updateWorkflow({ ...started, updateTime: started.startTime + i, variables: { i } }, []),
      );
    }
    const rerun = { ...started, input: { blob: 'r'.repeat(LARGE) }, variables: { i: 3 } };
    await store.transact((tx) => tx.updateWorkflow(rerun, []));

    const [row] = await rows<{ json: string }>(`SELECT json FROM workflows WHERE workflow_id = 'w-large'`);
    const stored = JSON.parse(row!.json) as Workflow;
    assert.equal(stored.input.blob, rerun.input.blob);
    assert.deepEqual(stored.variables, { i: 3 });
    const read = await store.getWorkflow('w-large', false);
    assert.equal(read?.input.blob, rerun.input.blob);
  },
);
