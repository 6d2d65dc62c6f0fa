// The jq sandbox (jq-web in worker threads): results, errors, and the time and memory limits, on real workers.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createJqSandbox } from '../src/sandbox/jq-sandbox.js';
import type { JqResult } from '../src/sandbox/contract.js';

const TIME_LIMIT_MS = 1000;
const sandbox = createJqSandbox({ poolSize: 2, timeLimitMs: TIME_LIMIT_MS, memoryLimitMb: 64 });
after(() => sandbox.close());

const input = { a: 1, items: [{ x: 1 }, { x: 2 }, { x: 3 }], name: 'baton' };

function errorOf(result: JqResult): string {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return (result as { error: string }).error;
}

void test('every output of the program, in order', async () => {
  assert.deepEqual(await sandbox.run('.a', input), { ok: true, results: [1] });
  assert.deepEqual(await sandbox.run('[.items[] | .x]', input), { ok: true, results: [[1, 2, 3]] });
  assert.deepEqual(await sandbox.run('.items[] | .x', input), { ok: true, results: [1, 2, 3] });
  assert.deepEqual(await sandbox.run('{ upper: (.name | ascii_upcase), n: (.items | length) }', input), {
    ok: true,
    results: [{ upper: 'BATON', n: 3 }],
  });
  assert.deepEqual(await sandbox.run('.items[] | select(.x > 5)', input), { ok: true, results: [] });
  assert.deepEqual(await sandbox.run('.missing', input), { ok: true, results: [null] });
  assert.deepEqual(await sandbox.run('.a # a trailing comment', input), { ok: true, results: [1] });
  assert.deepEqual(await sandbox.run('"line\\nbreak"', input), { ok: true, results: ['line\nbreak'] });
});

void test('jq sees no host environment', async () => {
  const env = await sandbox.run('$ENV', input);
  assert.equal(env.ok, true);
  const text = JSON.stringify((env as { results: unknown[] }).results);
  assert.ok(!text.includes(process.cwd()), text);
  for (const name of Object.keys(process.env).filter(
    (key) => !['USER', 'LOGNAME', 'PATH', 'PWD', 'HOME', 'LANG', '_'].includes(key),
  )) {
    assert.ok(!text.includes(`"${name}"`), `${name} leaked into $ENV`);
  }
});

void test('invalid programs and runtime errors come back as messages', async () => {
  assert.match(errorOf(await sandbox.run('.a |', input)), /syntax error/);
  assert.match(errorOf(await sandbox.run('.a | frobnicate', input)), /frobnicate\/0 is not defined/);
  assert.equal(errorOf(await sandbox.run('error("boom")', input)), 'boom');
  assert.equal(errorOf(await sandbox.run('.a.b', input)), 'Cannot index number with string "b"');
  assert.match(errorOf(await sandbox.run('input', input)), /input is not supported/);
});

void test('many runs of one query at once each get their own results, a failing one does not spoil the rest', async () => {
  const runs = await Promise.all(
    Array.from({ length: 60 }, (_, n) =>
      sandbox.run('if .n % 7 == 3 then error("bad \\(.n)") else .n * 2 end', { n }),
    ),
  );
  runs.forEach((result, n) => {
    if (n % 7 === 3) assert.deepEqual(result, { ok: false, error: `bad ${n}` });
    else assert.deepEqual(result, { ok: true, results: [n * 2] });
  });
});

void test('a program that never ends is stopped at the time limit and the next query works', async () => {
  assert.equal(
    errorOf(await sandbox.run('def f: f; f', input)),
    `jq query timed out after ${TIME_LIMIT_MS} ms`,
  );
  assert.deepEqual(await sandbox.run('.name', input), { ok: true, results: ['baton'] });
});

void test('one endless input among many of the same query fails alone', async () => {
  const runs = await Promise.all(
    Array.from({ length: 8 }, (_, n) => sandbox.run('if .n == 5 then last(range(1e12)) else .n end', { n })),
  );
  runs.forEach((result, n) => {
    if (n === 5) assert.equal(errorOf(result), `jq query timed out after ${TIME_LIMIT_MS} ms`);
    else assert.deepEqual(result, { ok: true, results: [n] });
  });
});

void test('a program that allocates without bound fails on memory or time, the process stays small', async () => {
  const rssBefore = process.memoryUsage().rss;
  assert.match(
    errorOf(await sandbox.run('[range(1e9)] | length', input)),
    /out of memory \(limit 64 MiB\)|timed out/,
  );
  assert.match(
    errorOf(await sandbox.run('"x" * 300000000 | length', input)),
    /out of memory \(limit 64 MiB\)/,
  );
  const growthMb = (process.memoryUsage().rss - rssBefore) / 1048576;
  assert.ok(growthMb < 300, `RSS grew by ${growthMb.toFixed(0)} MB`);
  assert.deepEqual(await sandbox.run('.a + 1', input), { ok: true, results: [2] });
});
