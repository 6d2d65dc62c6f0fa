// JSON_JQ_TRANSFORM (§5) on the real jq sandbox: the query runs over the whole task input.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '@baton/protocol';
import { jqExecutor } from '../src/executors/jq.js';
import { createJqSandbox } from '../src/sandbox/jq-sandbox.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

const sandbox = createJqSandbox({ poolSize: 1, timeLimitMs: 500 });
const jq = jqExecutor(sandbox);
after(() => sandbox.close());

const run = (inputData: JsonObject) => jq.execute(systemTask('JSON_JQ_TRANSFORM', inputData), neverAborted);

void test('result is the first output and resultList all of them', async () => {
  assert.equal(jq.type, 'JSON_JQ_TRANSFORM');
  assert.deepEqual(await run({ queryExpression: '.a', a: { b: 1 } }), {
    status: 'COMPLETED',
    outputData: { result: { b: 1 }, resultList: [{ b: 1 }] },
  });
  assert.deepEqual(await run({ queryExpression: '[.items[] | .x]', items: [{ x: 1 }, { x: 2 }] }), {
    status: 'COMPLETED',
    outputData: { result: [1, 2], resultList: [[1, 2]] },
  });
  assert.deepEqual(await run({ queryExpression: '.items[] | .x', items: [{ x: 'p' }, { x: 'q' }] }), {
    status: 'COMPLETED',
    outputData: { result: 'p', resultList: ['p', 'q'] },
  });
});

void test('the query sees the whole input, queryExpression included', async () => {
  assert.deepEqual(await run({ queryExpression: 'keys', key1: 1 }), {
    status: 'COMPLETED',
    outputData: { result: ['key1', 'queryExpression'], resultList: [['key1', 'queryExpression']] },
  });
});

void test('no outputs: result and resultList are null', async () => {
  assert.deepEqual(await run({ queryExpression: 'empty' }), {
    status: 'COMPLETED',
    outputData: { result: null, resultList: null },
  });
});

void test('invalid queries, runtime errors and endless queries FAIL with the error in the output', async () => {
  const invalid = await run({ queryExpression: '.a | ]' });
  assert.equal(invalid.status, 'FAILED');
  assert.match(invalid.reasonForIncompletion!, /syntax error/);
  assert.equal(invalid.outputData!.error, invalid.reasonForIncompletion);

  assert.deepEqual(await run({ queryExpression: 'error("nope")' }), {
    status: 'FAILED',
    reasonForIncompletion: 'nope',
    outputData: { error: 'nope' },
  });
  assert.deepEqual(await run({ queryExpression: 'def f: f; f' }), {
    status: 'FAILED',
    reasonForIncompletion: 'jq query timed out after 500 ms',
    outputData: { error: 'jq query timed out after 500 ms' },
  });
  const missing = await run({ a: 1 });
  assert.equal(missing.status, 'FAILED');
  assert.equal(missing.reasonForIncompletion, "Missing 'queryExpression' in input parameters");
  assert.deepEqual(await run({ queryExpression: '.a', a: 7 }), {
    status: 'COMPLETED',
    outputData: { result: 7, resultList: [7] },
  });
});
