// The script sandbox (QuickJS in WebAssembly, in worker threads): results, isolation from the host, and the
// time and memory limits, on real worker threads.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScriptSandbox } from '../src/sandbox/script-sandbox.js';
import type { ScriptResult } from '../src/sandbox/contract.js';

const TIME_LIMIT_MS = 1000;
const sandbox = createScriptSandbox({ poolSize: 2, timeLimitMs: TIME_LIMIT_MS, memoryLimitMb: 64 });

function errorOf(result: ScriptResult): string {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return (result as { error: string }).error;
}

after(() => sandbox.close());

void test('the completion value is the result, with $ bound to the input', async () => {
  assert.deepEqual(await sandbox.evaluate('(function(){ return $.a + 1; })()', { a: 1 }), {
    ok: true,
    value: 2,
  });
  assert.deepEqual(await sandbox.evaluate('var x = $.a * 10; x + 1', { a: 4 }), { ok: true, value: 41 });
  assert.deepEqual(await sandbox.evaluate('$.value', { value: 'hello' }), { ok: true, value: 'hello' });
  assert.deepEqual(
    await sandbox.evaluate('({ list: $.items.map(i => i.x), n: $.items.length, nested: { ok: true } })', {
      items: [{ x: 'a' }, { x: 'b' }],
    }),
    { ok: true, value: { list: ['a', 'b'], n: 2, nested: { ok: true } } },
  );
  assert.deepEqual(await sandbox.evaluate('(async () => $.a * 2)()', { a: 21 }), { ok: true, value: 42 });
});

void test('values without a JSON form become null; JSON conversion rules apply inside results', async () => {
  assert.deepEqual(await sandbox.evaluate('undefined', {}), { ok: true, value: null });
  assert.deepEqual(await sandbox.evaluate('(function f() {})', {}), { ok: true, value: null });
  assert.deepEqual(await sandbox.evaluate('({ f() {}, u: undefined, n: NaN, d: new Date(0) })', {}), {
    ok: true,
    value: { n: null, d: '1970-01-01T00:00:00.000Z' },
  });
  assert.match(errorOf(await sandbox.evaluate('1n', {})), /BigInt/);
});

void test('the script works on a copy of the input and leaves nothing behind for the next script', async () => {
  const input = { a: { b: 1 } };
  assert.deepEqual(await sandbox.evaluate('$.a.b = 2; globalThis.leak = 1; $.a', input), {
    ok: true,
    value: { b: 2 },
  });
  assert.deepEqual(input, { a: { b: 1 } });
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(await sandbox.evaluate('typeof leak', {}), { ok: true, value: 'undefined' });
  }
});

void test('errors come back as messages: thrown errors, thrown values, syntax errors, rejected promises', async () => {
  assert.equal(
    errorOf(await sandbox.evaluate('throw new TypeError("bad input")', {})),
    'TypeError: bad input',
  );
  assert.equal(errorOf(await sandbox.evaluate('throw "plain"', {})), 'plain');
  assert.match(errorOf(await sandbox.evaluate('(function( {', {})), /^SyntaxError: /);
  assert.equal(
    errorOf(await sandbox.evaluate('(async () => { throw new Error("later") })()', {})),
    'Error: later',
  );
});

void test('nothing of the host is reachable: no process, require, timers, network or modules', async () => {
  assert.match(
    errorOf(await sandbox.evaluate('process.exit(1)', {})),
    /ReferenceError: 'process' is not defined/,
  );
  assert.match(
    errorOf(await sandbox.evaluate('require("fs")', {})),
    /ReferenceError: 'require' is not defined/,
  );
  assert.match(
    errorOf(await sandbox.evaluate('setTimeout(() => {}, 0)', {})),
    /ReferenceError: 'setTimeout'/,
  );
  assert.match(
    errorOf(await sandbox.evaluate('fetch("http://127.0.0.1:1/")', {})),
    /ReferenceError: 'fetch'/,
  );
  assert.match(errorOf(await sandbox.evaluate('import("node:fs")', {})), /could not load module 'node:fs'/);
  assert.match(
    errorOf(await sandbox.evaluate('this.constructor.constructor("return process")()', {})),
    /ReferenceError: 'process' is not defined/,
  );
  // globalThis and the Function constructor exist, but lead only to QuickJS's own global object.
  assert.deepEqual(await sandbox.evaluate('globalThis.process', {}), { ok: true, value: null });
  const globals = await sandbox.evaluate('Object.getOwnPropertyNames(Function("return this")())', {});
  assert.equal(globals.ok, true);
  const names = (globals as { value: string[] }).value;
  assert.ok(names.includes('JSON') && names.includes('Math') && names.includes('$'));
  for (const hostName of [
    'process',
    'require',
    'module',
    'Buffer',
    'setTimeout',
    'setImmediate',
    'fetch',
    'os',
    'std',
  ]) {
    assert.ok(!names.includes(hostName), `${hostName} must not exist in the sandbox`);
  }
});

void test('an endless loop stops at the time limit while the main thread and the other worker keep working', async () => {
  // Its own pool, so both workers start together and the second is surely up while the first loops.
  const pair = createScriptSandbox({ poolSize: 2, timeLimitMs: 3000 });
  try {
    const events: string[] = [];
    const looping = pair.evaluate('while (true) {}', {}).then((result) => {
      events.push('loop ended');
      return result;
    });
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() =>
      events.push('main timer'),
    );
    const other = pair.evaluate('$.a + 1', { a: 1 }).then((result) => {
      events.push('other evaluation');
      return result;
    });
    const [loopResult, , otherResult] = await Promise.all([looping, timer, other]);
    assert.equal(errorOf(loopResult), 'Script execution timed out after 3000 ms');
    assert.deepEqual(otherResult, { ok: true, value: 2 });
    assert.deepEqual(events.slice().sort(), ['loop ended', 'main timer', 'other evaluation']);
    assert.equal(events.at(-1), 'loop ended');
    assert.deepEqual(await pair.evaluate('"still serving"', {}), { ok: true, value: 'still serving' });
  } finally {
    await pair.close();
  }
});

void test('catastrophic regex backtracking is cut off at the time limit too', async () => {
  const result = await sandbox.evaluate('/(a+)+$/.test("a".repeat(40) + "b")', {});
  assert.equal(errorOf(result), `Script execution timed out after ${TIME_LIMIT_MS} ms`);
});

// Memory tests get a roomy time limit, so the cap (not the clock, on a busy machine) is what stops them.
const roomy = createScriptSandbox({ poolSize: 1, timeLimitMs: 20_000, memoryLimitMb: 64 });
after(() => roomy.close());

void test('memory bombs hit the cap: the script fails, the process stays small, the sandbox keeps serving', async () => {
  const rssBefore = process.memoryUsage().rss;
  const bombs = [
    'let a = []; while (true) a.push("x".repeat(1e7))',
    'new ArrayBuffer(2e9)',
    '"x".repeat(2 ** 29)',
    'let objects = []; while (true) objects.push({ a: [1, 2, 3], b: "y" + objects.length })',
  ];
  for (const bomb of bombs) {
    assert.equal(errorOf(await roomy.evaluate(bomb, {})), 'Script ran out of memory (limit 64 MiB)', bomb);
    assert.deepEqual(await roomy.evaluate('$.n * 2', { n: 21 }), { ok: true, value: 42 }, `after ${bomb}`);
  }
  const growthMb = (process.memoryUsage().rss - rssBefore) / 1048576;
  assert.ok(growthMb < 300, `RSS grew by ${growthMb.toFixed(0)} MB`);
});

void test('scripts queued behind one that exhausts memory still run, on a fresh worker', async () => {
  // Queued together, these reach the one worker as a batch; the bomb makes that worker retire mid-batch.
  const scripts = ['$.n', '$.n', 'let a = []; while (true) a.push("x".repeat(1e7))', '$.n', '$.n'];
  const results = await Promise.all(scripts.map((script, n) => roomy.evaluate(script, { n })));
  assert.deepEqual(results[0], { ok: true, value: 0 });
  assert.deepEqual(results[1], { ok: true, value: 1 });
  assert.equal(errorOf(results[2]!), 'Script ran out of memory (limit 64 MiB)');
  assert.deepEqual(results[3], { ok: true, value: 3 });
  assert.deepEqual(results[4], { ok: true, value: 4 });
});

void test('deep recursion is a stack overflow error, not a crash', async () => {
  assert.match(errorOf(await sandbox.evaluate('function f() { return f() + 1 } f()', {})), /stack overflow/);
  assert.match(
    errorOf(await sandbox.evaluate('JSON.parse("[".repeat(1e5) + "]".repeat(1e5))', {})),
    /stack overflow|Maximum call stack/,
  );
  assert.deepEqual(await sandbox.evaluate('[1, 2, 3].length', {}), { ok: true, value: 3 });
});

void test('a closed sandbox refuses work with a clear error', async () => {
  const closing = createScriptSandbox({ poolSize: 1 });
  assert.deepEqual(await closing.evaluate('1 + 1', {}), { ok: true, value: 2 });
  await closing.close();
  assert.match(errorOf(await closing.evaluate('1 + 1', {})), /Script sandbox is closed/);
});
