#!/usr/bin/env node
// Search bench for the built server. Run: npm run build && node bench/search.mjs [--sizes 10000,100000,1000000]
//
// For each size: seeds a fresh SQLite file directly through the built @baton/store (big transactions; a mix of
// workflow types, statuses, correlation ids, inputs, outputs, failure reasons and sub-workflows, start times
// spread over 30 days), starts the built server on it, then measures over HTTP, one request at a time:
// - search latency over a query mix (status, type + status, a one-hour startTime BETWEEN, correlationId =,
//   a rare free-text word, a free-text word one execution in six has, everything sorted by startTime DESC, a
//   deep page), 100 hits per page;
// - start latency: POST /api/workflow/{name}, one at a time.
//
// Options: --sizes (10000,100000,1000000) · --rounds R queries per shape (60) · --starts S (1000, after 100 unmeasured)
//          --keep (keep the database files and print where they are)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiClient } from './lib/api.mjs';
import { startServerProcess, stopServerProcess } from './lib/server-process.mjs';
import { printTable } from './lib/table.mjs';

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    rounds: { type: 'string', default: '60' },
    starts: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = opts.sizes.split(',').map(Number);
const ROUNDS = Number(opts.rounds);
const STARTS = Number(opts.starts);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TYPES = ['order_flow', 'payment_flow', 'shipping_flow', 'refund_flow', 'signup_flow', 'report_flow'];
const CHILD_TYPE = 'notify_flow';
// Cumulative weights: most executions completed, a few of every other status.
const STATUSES = [
  ['COMPLETED', 0.82],
  ['FAILED', 0.88],
  ['RUNNING', 0.93],
  ['TERMINATED', 0.96],
  ['TIMED_OUT', 0.98],
  ['PAUSED', 1],
];
const QUERY_STATUSES = ['COMPLETED', 'FAILED', 'RUNNING', 'TERMINATED', 'TIMED_OUT'];

/** A deterministic pseudo-random sequence, so every run seeds the same data. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function definition(name) {
  return Object.freeze({
    name,
    version: 1,
    schemaVersion: 2,
    tasks: Object.freeze([
      Object.freeze({ name: `${name}_validate`, taskReferenceName: 'validate', type: 'SIMPLE' }),
      Object.freeze({ name: `${name}_process`, taskReferenceName: 'process', type: 'SIMPLE' }),
    ]),
  });
}

function task(wf, seq, status, at) {
  const ref = seq === 1 ? 'validate' : 'process';
  const ended = ['COMPLETED', 'FAILED'].includes(status);
  return {
    taskId: crypto.randomUUID(),
    taskType: `${wf.workflowName}_${ref}`,
    taskDefName: `${wf.workflowName}_${ref}`,
    referenceTaskName: ref,
    status,
    inputData: { orderId: wf.input.orderId },
    outputData: ended ? { ok: status === 'COMPLETED' } : {},
    workflowInstanceId: wf.workflowId,
    workflowType: wf.workflowName,
    workflowPriority: 0,
    seq,
    retryCount: 0,
    retried: false,
    executed: ended,
    pollCount: ended ? 1 : 0,
    scheduledTime: at,
    startTime: ended ? at + 5 : 0,
    endTime: ended ? at + 50 : 0,
    updateTime: at + 50,
    startDelayInSeconds: 0,
    callbackAfterSeconds: 0,
    callbackFromWorker: true,
    responseTimeoutSeconds: 3600,
    workflowTask: { name: `${wf.workflowName}_${ref}`, taskReferenceName: ref, type: 'SIMPLE' },
    rateLimitPerFrequency: 0,
    rateLimitFrequencyInSeconds: 1,
    iteration: 0,
    loopOverTask: false,
    queueWaitTime: 5,
    ...(status === 'FAILED' && { reasonForIncompletion: 'card declined' }),
  };
}

/** The n-th seeded execution: what a real one of its status would hold. */
function execution(n, size, now, rnd, defs, recentIds) {
  const child = n % 10 === 9 && recentIds.length > 0;
  const name = child ? CHILD_TYPE : TYPES[Math.floor(rnd() * TYPES.length)];
  const roll = rnd();
  const status = STATUSES.find(([, upTo]) => roll < upTo)[0];
  const startTime = now - 30 * DAY + Math.floor(((n + rnd()) * 30 * DAY) / size);
  const ended = !['RUNNING', 'PAUSED'].includes(status);
  const endTime = ended ? startTime + 200 + Math.floor(rnd() * 5000) : 0;
  const workflowId = crypto.randomUUID();
  const wf = {
    workflowId,
    status,
    startTime,
    createTime: startTime,
    updateTime: ended ? endTime : startTime + 100,
    endTime,
    input: {
      orderId: `order-${n}`,
      customer: `customer-${Math.floor(rnd() * Math.max(100, size / 20))}`,
      items: [{ sku: `SKU-${Math.floor(rnd() * 500)}`, qty: 1 + Math.floor(rnd() * 4) }],
      amount: Math.round(rnd() * 50000) / 100,
    },
    output: status === 'COMPLETED' ? { invoice: `INV-${n}`, shipped: true } : {},
    tasks: [],
    correlationId: `order-${n}`,
    priority: 0,
    variables: {},
    failedReferenceTaskNames: status === 'FAILED' ? ['process'] : [],
    failedTaskNames: status === 'FAILED' ? [`${name}_process`] : [],
    workflowDefinition: defs.get(name),
    workflowName: name,
    workflowVersion: 1,
    lastRetriedTime: 0,
    ...(status === 'FAILED' && { reasonForIncompletion: `payment declined for card-${n % 1000}` }),
    ...(child && {
      parentWorkflowId: recentIds[Math.floor(rnd() * recentIds.length)],
      parentWorkflowTaskId: crypto.randomUUID(),
    }),
  };
  const second = { COMPLETED: 'COMPLETED', FAILED: 'FAILED', TERMINATED: 'CANCELED' }[status] ?? 'SCHEDULED';
  wf.tasks = [task(wf, 1, 'COMPLETED', startTime), task(wf, 2, second, startTime + 60)];
  return wf;
}

async function seed(path, size, now) {
  const { openSqliteStore } = await import('@baton/store');
  const store = await openSqliteStore({ path });
  const defs = new Map([...TYPES, CHILD_TYPE].map((name) => [name, definition(name)]));
  const rnd = random(42);
  const recentIds = [];
  const t0 = performance.now();
  await store.transact(async (tx) => {
    for (const def of defs.values()) await tx.putWorkflowDef(def);
  });
  // Many small calls queued at once: the group commit runs up to 512 of them in one transaction, each in its
  // own savepoint (one call writing thousands of rows would make SQLite's statement journal work quadratic).
  const CALL = 20;
  const COMMIT = 10_000;
  for (let from = 0; from < size; from += COMMIT) {
    const calls = [];
    for (let first = from; first < Math.min(size, from + COMMIT); first += CALL) {
      const executions = [];
      for (let n = first; n < Math.min(size, first + CALL); n++) {
        const wf = execution(n, size, now, rnd, defs, recentIds);
        executions.push(wf);
        if (!wf.parentWorkflowId) recentIds[n % 1000] = wf.workflowId;
      }
      calls.push(
        store.transact(async (tx) => {
          for (const wf of executions) await tx.createWorkflow(wf);
        }),
      );
    }
    await Promise.all(calls);
    if (process.env.SEED_TRACE || (size >= 100_000 && (from / COMMIT) % 10 === 9)) {
      process.stdout.write(`  seeded ${from + COMMIT} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  }
  await store.close();
  return (performance.now() - t0) / 1000;
}

/** Shapes beyond the mix the targets are set for: a stress case, reported on its own and in "all". */
const EXTRA_SHAPES = ['free text, common (1 in 6)'];

/** The query mix: each shape makes a fresh request per round. */
function shapes(size, now) {
  const rnd = random(7);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const q = (params) => `/api/workflow/search?${new URLSearchParams({ size: '100', ...params })}`;
  return {
    'status =': () => q({ query: `status = "${pick(QUERY_STATUSES)}"` }),
    'type + status': () =>
      q({ query: `workflowType = "${pick(TYPES)}" AND status = "${pick(QUERY_STATUSES)}"` }),
    'startTime BETWEEN (1 h)': () => {
      const from = now - 30 * DAY + Math.floor(rnd() * 29 * DAY);
      return q({ query: `startTime BETWEEN ${from} AND ${from + HOUR}` });
    },
    'correlationId =': () => q({ query: `correlationId = "order-${Math.floor(rnd() * size)}"` }),
    'free text word': () => q({ freeText: `customer-${Math.floor(rnd() * Math.max(100, size / 20))}` }),
    'free text, common (1 in 6)': () => q({ freeText: pick(TYPES) }),
    'sort startTime DESC': () => q({ sort: 'startTime:DESC' }),
    'deep page (start 10000)': () =>
      q({ query: `status = "${pick(['COMPLETED', 'FAILED'])}"`, sort: 'startTime:DESC', start: '10000' }),
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v) => `${v.toFixed(2)} ms`;

async function timed(fn) {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function measure(size) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-search-bench-'));
  const path = join(dir, 'search.db');
  const now = Date.now();
  console.log(`size ${size}: seeding ${path}`);
  const seedSeconds = await seed(path, size, now);
  const dbMiB =
    ['', '-wal'].reduce((sum, ext) => {
      try {
        return sum + statSync(path + ext).size;
      } catch {
        return sum;
      }
    }, 0) /
    2 ** 20;
  const server = await startServerProcess(path);
  const api = apiClient(server.url, 1);
  const result = { size, seedSeconds, dbMiB, perShape: {}, mix: [], all: [], starts: [] };
  try {
    const mix = shapes(size, now);
    for (const make of Object.values(mix)) await api.call('GET', make()); // warm-up, one per shape
    // Shapes interleaved, so a slow moment of the machine is not pinned on one shape.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, make] of Object.entries(mix)) {
        const [t, body] = await timed(() => api.call('GET', make()));
        (result.perShape[name] ??= { times: [], hits: [] }).times.push(t);
        result.perShape[name].hits.push(JSON.parse(body).totalHits);
        result.all.push(t);
        if (!EXTRA_SHAPES.includes(name)) result.mix.push(t);
      }
    }
    for (let i = 0; i < 100; i++) {
      await api.call('POST', `/api/workflow/${TYPES[i % TYPES.length]}`, { orderId: `warm-${i}` });
    }
    for (let i = 0; i < STARTS; i++) {
      const [t] = await timed(() =>
        api.call('POST', `/api/workflow/${TYPES[i % TYPES.length]}`, { orderId: `bench-${i}` }),
      );
      result.starts.push(t);
    }
  } finally {
    await api.close();
    await stopServerProcess(server);
    if (opts.keep) console.log(`  kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const results = [];
for (const size of SIZES) results.push(await measure(size));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
console.log(
  `\nsearch: ${ROUNDS} rounds of ${Object.keys(results[0].perShape).length} shapes, 100 hits per page; starts: ${STARTS} one at a time\n`,
);
printTable([
  ['stored executions', ...results.map((r) => String(r.size))],
  ['seed time', ...results.map((r) => `${r.seedSeconds.toFixed(0)} s`)],
  ['database size', ...results.map((r) => `${r.dbMiB.toFixed(0)} MiB`)],
  ['search p50 (the 7-shape mix)', ...results.map((r) => ms(percentile(sorted(r.mix), 50)))],
  ['search p99 (the 7-shape mix)', ...results.map((r) => ms(percentile(sorted(r.mix), 99)))],
  ['search p50 (all 8 shapes)', ...results.map((r) => ms(percentile(sorted(r.all), 50)))],
  ['search p99 (all 8 shapes)', ...results.map((r) => ms(percentile(sorted(r.all), 99)))],
  ...Object.keys(results[0].perShape).map((shape) => [
    `  ${shape} p50 / p99`,
    ...results.map((r) => {
      const times = sorted(r.perShape[shape].times);
      return `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`;
    }),
  ]),
  ['start p50', ...results.map((r) => ms(percentile(sorted(r.starts), 50)))],
  ['start p99', ...results.map((r) => ms(percentile(sorted(r.starts), 99)))],
]);
console.log('\nmedian totalHits per shape:');
printTable([
  ['shape', ...results.map((r) => String(r.size))],
  ...Object.keys(results[0].perShape).map((shape) => [
    shape,
    ...results.map((r) => String(percentile(sorted(r.perShape[shape].hits), 50))),
  ]),
]);
