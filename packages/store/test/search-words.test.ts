// Free text splits and folds words as docs/search.md says, the same on both stores (FTS5 on SQLite, a tsvector
// word index on PostgreSQL): letters and digits make words, case and accents are ignored, a phrase stays within
// one field, and clauses may match an execution's input and its output.
import assert from 'node:assert/strict';
import { workflowSearchRequest } from '@baton/protocol';
import type { Store } from '../src/index.js';
import { workflow, workflowDef } from './helpers.js';
import { forEachStore } from './support/stores.js';

const def = workflowDef('words');

const executions = [
  workflow('a', def, { input: { note: 'Café-Crème naïve' }, correlationId: 'x-1' }),
  workflow('b', def, { input: { code: 'ORDER_123', mail: 'ann.lee@example.com', amount: 2.5 } }),
  workflow('c', def, { input: { city: 'İstanbul', tower: '東京タワー' } }),
  workflow('d', def, {
    input: { head: 'start' },
    status: 'COMPLETED',
    endTime: 9,
    output: { out: 'done' },
    reasonForIncompletion: 'why not',
  }),
];

async function finds(store: Store, freeText: string): Promise<string[]> {
  const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 10, freeText }));
  return page.results.map((w) => w.workflowId).sort();
}

forEachStore('free text: words, case, accents, phrases, prefixes and fields', async (_t, { store }) => {
  await store.transact(async (tx) => {
    for (const execution of executions) await tx.createWorkflow(execution);
  });
  const expected: Array<[string, string[]]> = [
    // Case and accents are ignored, both ways.
    ['cafe', ['a']],
    ['CAFÉ', ['a']],
    ['"cafe creme"', ['a']],
    ['naive', ['a']],
    ['istanbul', ['c']],
    // Everything but letters and digits separates words; a word is whole unless it has a `*`.
    ['order-123', ['b']],
    ['"order 123"', ['b']],
    ['ORDER123', []],
    ['ann.lee', ['b']],
    ['example', ['b']],
    ['2.5', ['b']],
    ['exam', []],
    ['exam*', ['b']],
    ['"cafe cre"*', ['a']],
    ['東京タワー', ['c']],
    ['東京', []],
    // Input keys are words too; a phrase does not run from one field into the next (id, then correlation id).
    ['tower', ['c']],
    ['"x 1"', ['a']],
    ['"a x"', []],
    // Clauses may match the start (input) and the end (output, reason) of an execution.
    ['start AND done', ['d']],
    ['"why not"', ['d']],
    ['"done why"', []],
    ['(cafe OR order) AND 123', ['b']],
  ];
  for (const [freeText, ids] of expected) {
    assert.deepEqual(await finds(store, freeText), ids, freeText);
  }
});
