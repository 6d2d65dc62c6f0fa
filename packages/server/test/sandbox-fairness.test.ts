// The sandboxes share their worker threads between workflows, on real worker threads with real endless
// scripts: one workflow's loops hold at most its share, waiting workflows take turns, and the waiting room is
// bounded (a refusal says busy, and an INLINE task then waits instead of failing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineExecutor } from '../src/executors/inline.js';
import { createJqSandbox } from '../src/sandbox/jq-sandbox.js';
import { createScriptSandbox } from '../src/sandbox/script-sandbox.js';
import type { ScriptResult } from '../src/sandbox/contract.js';
import { neverAborted, systemTask } from './system-task-fixture.js';

const ENDLESS = 'while (true) {}';

/** A promise's outcome, readable at any time without waiting for it. */
/** Resolves once `condition` holds (checked every 10 ms). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

function watch<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  void promise.finally(() => (settled = true));
  return { settled: () => settled, promise };
}

// Deadlines: first come first served would leave these waiting behind a minute-long script per loop.
const UNFAIR_WOULD_HANG = { timeout: 60_000 };

void test(
  "another workflow's script runs while one workflow's 20 endless loops hold their share of the pool",
  UNFAIR_WOULD_HANG,
  async (t) => {
    // Loops would run a minute each: whatever ends during the test ends because of fairness, not the time limit.
    const sandbox = createScriptSandbox({ poolSize: 2, timeLimitMs: 60_000 });
    t.after(() => sandbox.close());
    const loops = Array.from({ length: 20 }, () =>
      watch(sandbox.evaluate(ENDLESS, {}, { workflowId: 'loops' })),
    );
    const other = await sandbox.evaluate('$.a * 2', { a: 21 }, { workflowId: 'other' });
    assert.deepEqual(other, { ok: true, value: 42 });
    assert.equal(loops.filter((loop) => loop.settled()).length, 0, 'every loop still runs or waits its turn');
  },
);

void test('workflows with waiting scripts take turns: a later workflow does not wait behind a backlog', async (t) => {
  const sandbox = createScriptSandbox({ poolSize: 1, timeLimitMs: 500, maxBatch: 1 });
  t.after(() => sandbox.close());
  const finished: string[] = [];
  const run = (name: string, owner: string, script = `"${name}"`): Promise<ScriptResult> =>
    sandbox.evaluate(script, {}, { workflowId: owner }).then((result) => {
      finished.push(name);
      return result;
    });
  // The endless script holds the only worker while the others queue up behind it.
  const all = [run('a1', 'a', ENDLESS), run('a2', 'a'), run('a3', 'a'), run('a4', 'a'), run('b1', 'b')];
  const results = await Promise.all(all);
  assert.equal(results[0]!.ok, false);
  // First come first served would have been a1, a2, a3, a4, b1.
  assert.deepEqual(finished, ['a1', 'b1', 'a2', 'a3', 'a4']);
});

void test('the waiting room is bounded per workflow and in all; a refusal says busy and runs nothing', async (t) => {
  const sandbox = createScriptSandbox({
    poolSize: 1,
    timeLimitMs: 60_000,
    maxQueuedPerWorkflow: 2,
    maxQueued: 3,
  });
  t.after(() => sandbox.close());
  const hog = { workflowId: 'hog' };
  const running = watch(sandbox.evaluate(ENDLESS, {}, hog));
  await until(() => sandbox.queueLength() === 0); // a worker took it
  const waiting = [sandbox.evaluate('1', {}, hog), sandbox.evaluate('2', {}, hog)];
  const refused = await sandbox.evaluate('globalThis.ran = true', {}, hog);
  assert.equal(refused.ok, false);
  assert.equal((refused as { busy?: boolean }).busy, true);
  assert.match((refused as { error: string }).error, /busy \(2 evaluations of this workflow are waiting\)/);
  // Another workflow still gets a place, until the room as a whole is full.
  const neighbour = sandbox.evaluate('3', {}, { workflowId: 'neighbour' });
  const full = await sandbox.evaluate('4', {}, { workflowId: 'third' });
  assert.match((full as { error: string }).error, /busy \(3 evaluations are waiting\)/);
  assert.equal(sandbox.queueLength(), 3);
  assert.equal(running.settled(), false);
  await sandbox.close();
  for (const job of [...waiting, neighbour]) assert.equal((await job).ok, false);
});

void test('an INLINE task refused as busy stays IN_PROGRESS and asks to run again in a second', async (t) => {
  const sandbox = createScriptSandbox({ poolSize: 1, timeLimitMs: 60_000, maxQueuedPerWorkflow: 1 });
  t.after(() => sandbox.close());
  const inline = inlineExecutor(sandbox);
  const task = () => systemTask('INLINE', { evaluatorType: 'javascript', expression: ENDLESS });
  void inline.execute(task(), neverAborted); // runs
  await until(() => sandbox.queueLength() === 0);
  void inline.execute(task(), neverAborted); // waits
  const outcome = await inline.execute(task(), neverAborted);
  assert.equal(outcome.status, 'IN_PROGRESS');
  assert.equal(outcome.callbackAfterSeconds, 1);
  assert.match(outcome.reasonForIncompletion!, /Script sandbox is busy/);
});

void test(
  "jq shares its workers the same way: another workflow's query runs beside endless ones",
  UNFAIR_WOULD_HANG,
  async (t) => {
    const jq = createJqSandbox({ poolSize: 2, timeLimitMs: 60_000 });
    t.after(() => jq.close());
    const endless = Array.from({ length: 4 }, () =>
      watch(jq.run('def f: f; f', null, { workflowId: 'loops' })),
    );
    assert.deepEqual(await jq.run('.a + 1', { a: 1 }, { workflowId: 'other' }), { ok: true, results: [2] });
    assert.equal(endless.filter((run) => run.settled()).length, 0);
  },
);
