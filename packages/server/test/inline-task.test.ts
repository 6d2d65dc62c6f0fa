// INLINE (§5) on the real script sandbox: results, evaluator types, and scripts that reach for the host.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '@baton/protocol';
import { inlineExecutor } from '../src/executors/inline.js';
import { createScriptSandbox } from '../src/sandbox/script-sandbox.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

const sandbox = createScriptSandbox({ poolSize: 2, timeLimitMs: 300 });
const inline = inlineExecutor(sandbox);
after(() => sandbox.close());

const run = (inputData: JsonObject) => inline.execute(systemTask('INLINE', inputData), neverAborted);
const js = (expression: string, extra: JsonObject = {}) =>
  run({ evaluatorType: 'javascript', expression, ...extra });

void test('javascript and graaljs evaluate the expression with the whole input as $', async () => {
  assert.equal(inline.type, 'INLINE');
  assert.deepEqual(await js('(function(){ return $.a + 1; })()', { a: 1 }), {
    status: 'COMPLETED',
    outputData: { result: 2 },
  });
  assert.deepEqual(await run({ evaluatorType: 'graaljs', expression: '$.value + "!"', value: 'hi' }), {
    status: 'COMPLETED',
    outputData: { result: 'hi!' },
  });
  assert.deepEqual(
    await js('({ type: $.evaluatorType, doubled: $.list.map(x => x * 2) })', { list: [1, 2] }),
    {
      status: 'COMPLETED',
      outputData: { result: { type: 'javascript', doubled: [2, 4] } },
    },
  );
});

void test('value-param returns the input value named by the expression', async () => {
  assert.deepEqual(await run({ evaluatorType: 'value-param', expression: 'choice', choice: { pick: 'b' } }), {
    status: 'COMPLETED',
    outputData: { result: { pick: 'b' } },
  });
  assert.deepEqual(await run({ evaluatorType: 'value-param', expression: 'absent' }), {
    status: 'COMPLETED',
    outputData: { result: null },
  });
});

void test('a failing script FAILS the task with the error as output and reason', async () => {
  const outcome = await js('(function(){ throw new Error("no " + $.what) })()', { what: 'luck' });
  assert.deepEqual(outcome, {
    status: 'FAILED',
    reasonForIncompletion: 'Error: no luck',
    outputData: { error: 'Error: no luck' },
  });
  assert.equal((await js('$.a.b.c', { a: 1 })).status, 'FAILED');
});

void test('a missing or unknown evaluator, or no expression, fails terminally', async () => {
  const noEvaluator = await run({ expression: '1' });
  assert.equal(noEvaluator.status, 'FAILED_WITH_TERMINAL_ERROR');
  assert.match(noEvaluator.reasonForIncompletion!, /Empty 'evaluatorType'/);
  const python = await run({ evaluatorType: 'python', expression: '1' });
  assert.equal(python.status, 'FAILED_WITH_TERMINAL_ERROR');
  assert.equal(python.reasonForIncompletion, "Unknown evaluator 'python' in INLINE task.");
  const noExpression = await run({ evaluatorType: 'javascript', expression: '  ' });
  assert.equal(noExpression.status, 'FAILED_WITH_TERMINAL_ERROR');
  assert.match(noExpression.reasonForIncompletion!, /Empty 'expression'/);
});

void test('scripts reaching for the host fail, or see only harmless sandbox values', async () => {
  const failures: [string, RegExp][] = [
    ['process.env', /ReferenceError: 'process' is not defined/],
    ['require("child_process").execSync("id")', /ReferenceError: 'require' is not defined/],
    ['setTimeout(function(){}, 10)', /ReferenceError: 'setTimeout' is not defined/],
    ['fetch("http://127.0.0.1:9/")', /ReferenceError: 'fetch' is not defined/],
    ['import("node:child_process")', /could not load module 'node:child_process'/],
    ['Function("return process")().pid', /ReferenceError: 'process' is not defined/],
  ];
  for (const [expression, reason] of failures) {
    const outcome = await js(expression);
    assert.equal(outcome.status, 'FAILED', expression);
    assert.match(outcome.reasonForIncompletion!, reason, expression);
  }
  assert.deepEqual(await js('globalThis.process'), { status: 'COMPLETED', outputData: { result: null } });
  assert.deepEqual(await js('typeof Function("return this")().process'), {
    status: 'COMPLETED',
    outputData: { result: 'undefined' },
  });
});

void test('an endless script and a memory bomb fail the task; the sandbox keeps serving', async () => {
  assert.deepEqual(await js('while (true) {}'), {
    status: 'FAILED',
    reasonForIncompletion: 'Script execution timed out after 300 ms',
    outputData: { error: 'Script execution timed out after 300 ms' },
  });
  const bomb = await js('new ArrayBuffer(2e9).byteLength');
  assert.equal(bomb.status, 'FAILED');
  assert.match(bomb.reasonForIncompletion!, /out of memory/);
  assert.deepEqual(await js('$.a * 3', { a: 3 }), { status: 'COMPLETED', outputData: { result: 9 } });
});
