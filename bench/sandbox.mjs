#!/usr/bin/env node
// Evaluations per second of the script sandbox (INLINE) and the jq sandbox (JSON_JQ_TRANSFORM), built package.
// Run: npm run build && node bench/sandbox.mjs [--evaluations 5000] [--pool 2] [--concurrency 64]
//
// Each workload keeps `concurrency` evaluations in flight (as a busy server would) until `evaluations` are done,
// after a warm-up that starts the worker threads. Every result is checked; a wrong one exits non-zero.
// Workloads: a typical small INLINE script; a typical small jq query (identical query text, so the jq
// sandbox can hand many inputs to jq in one call); and jq with 50 different query texts in rotation, which
// defeats that batching and shows the per-call cost.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { createJqSandbox, createScriptSandbox } from '@baton/server';

const { values: opts } = parseArgs({
  options: {
    evaluations: { type: 'string', default: '5000' },
    pool: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '64' },
  },
});
const N = Number(opts.evaluations);
const POOL = Number(opts.pool);
const CONCURRENCY = Number(opts.concurrency);

const order = (i) => ({
  orderId: `o-${i}`,
  customer: `customer ${i % 97}`,
  items: [
    { sku: 'a', price: 2.5, qty: (i % 5) + 1 },
    { sku: 'b', price: 10, qty: 2 },
    { sku: 'c', price: 1, qty: i % 3 },
  ],
});
const expected = (i) => ({ total: 2.5 * ((i % 5) + 1) + 20 + (i % 3), customer: `CUSTOMER ${i % 97}` });

const SCRIPT = `(function () {
  var total = 0;
  for (var i = 0; i < $.items.length; i++) total += $.items[i].price * $.items[i].qty;
  return { total: total, customer: $.customer.toUpperCase() };
})()`;
const QUERY = '{ total: ([.items[] | .price * .qty] | add), customer: (.customer | ascii_upcase) }';
// The same computation spelled 50 ways (a different constant that adds zero), so no two queries share a batch.
const queryVariant = (i) =>
  `{ total: (([.items[] | .price * .qty] | add) + ${i % 50} - ${i % 50}), customer: (.customer | ascii_upcase) }`;

/**
 * Runs `evaluate(i)` for i in [0, count) with `concurrency` in flight; returns the wall time and the CPU time
 * of the whole process (main thread and worker threads) it took.
 */
async function drive(count, evaluate) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  async function lane() {
    while (next < count) await evaluate(next++);
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function check(i, ok, value) {
  const want = expected(i);
  if (!ok || value.total !== want.total || value.customer !== want.customer) {
    console.error(
      `wrong result for evaluation ${i}:`,
      JSON.stringify(value),
      'expected',
      JSON.stringify(want),
    );
    process.exit(1);
  }
}

const scripts = createScriptSandbox({ poolSize: POOL });
const jq = createJqSandbox({ poolSize: POOL });
const runScript = async (i) => {
  const r = await scripts.evaluate(SCRIPT, order(i));
  check(i, r.ok, r.ok ? r.value : r.error);
};
const runJq = (query) => async (i) => {
  const r = await jq.run(query(i), order(i));
  check(i, r.ok, r.ok ? r.results[0] : r.error);
};

const WARMUP = 200;
await drive(WARMUP, runScript);
await drive(
  WARMUP,
  runJq(() => QUERY),
);

const rows = [];
const measure = async (name, fn, target) => {
  const { seconds, cpuSeconds } = await drive(N, fn);
  rows.push({ name, seconds, perSecond: N / seconds, cpuMsPerEvaluation: (cpuSeconds * 1000) / N, target });
};
await measure('INLINE (small script)', runScript, 2000);
await measure(
  'JQ (same query)',
  runJq(() => QUERY),
  1000,
);
await measure('JQ (50 distinct queries)', runJq(queryVariant), undefined);
await Promise.all([scripts.close(), jq.close()]);

console.log(`\nnode ${process.version} · ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
console.log(
  `evaluations ${N} per workload · pool ${POOL} worker threads per sandbox · concurrency ${CONCURRENCY}\n`,
);
console.log('| workload | evaluations | seconds | evaluations/s | CPU ms per evaluation | target | met |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const row of rows) {
  const met = row.target === undefined ? '–' : row.perSecond >= row.target ? 'yes' : 'NO';
  console.log(
    `| ${row.name} | ${N} | ${row.seconds.toFixed(2)} | ${Math.round(row.perSecond).toLocaleString('en-US')} | ` +
      `${row.cpuMsPerEvaluation.toFixed(3)} | ` +
      `${row.target === undefined ? '–' : `≥${row.target.toLocaleString('en-US')}`} | ${met} |`,
  );
}
