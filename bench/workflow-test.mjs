#!/usr/bin/env node
// Wall-clock time of POST /api/workflow/test on the virtual clock, built server in its own process.
// Run: npm run build && node bench/workflow-test.mjs [--runs 200] [--warmup 20]
//
// Scenarios (each run is checked: status, virtual times; a wrong one exits non-zero):
//   checkout: a 2-hour WAIT, then a task failing twice with 10-minute EXPONENTIAL_BACKOFF (the docs' example)
//   loop:     a DO_WHILE of 50 iterations, each a 1-hour WAIT and a mocked task (50 virtual hours, 50
//             sandboxed loop conditions)
// One request at a time, so the figure is the latency of one test run, not a throughput.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiClient } from './lib/api.mjs';
import { startServerProcess, stopServerProcess } from './lib/server-process.mjs';

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' } },
});
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ITERATIONS = 50;

const checkout = {
  name: 'bench_checkout',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'cool_off',
      taskReferenceName: 'cool_off',
      type: 'WAIT',
      inputParameters: { duration: '2 hours' },
    },
    { name: 'bench_charge', taskReferenceName: 'charge', type: 'SIMPLE' },
  ],
};
const loop = {
  name: 'bench_loop',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'hours',
      taskReferenceName: 'hours',
      type: 'DO_WHILE',
      loopCondition: `$.hours.iteration < ${ITERATIONS}`,
      loopOver: [
        { name: 'nap', taskReferenceName: 'nap', type: 'WAIT', inputParameters: { duration: '1 hour' } },
        { name: 'bench_charge', taskReferenceName: 'tick', type: 'SIMPLE' },
      ],
    },
  ],
};

const scenarios = [
  {
    name: 'checkout (2 h WAIT + 2 retries)',
    body: {
      name: 'bench_checkout',
      taskRefToMockOutput: { charge: [{ status: 'FAILED' }, { status: 'FAILED' }, { output: { ok: true } }] },
    },
    check(wf) {
      const starts = wf.tasks
        .filter((t) => t.referenceTaskName === 'charge')
        .map((t) => t.startTime - wf.startTime);
      return (
        wf.status === 'COMPLETED' &&
        wf.endTime - wf.startTime === 2 * HOUR + 30 * MINUTE &&
        starts.join() === [2 * HOUR, 2 * HOUR + 10 * MINUTE, 2 * HOUR + 30 * MINUTE].join()
      );
    },
    virtual: '2 h 30 min',
  },
  {
    name: `loop (${ITERATIONS} x 1 h WAIT + task)`,
    body: {
      name: 'bench_loop',
      taskRefToMockOutput: { tick: Array.from({ length: ITERATIONS }, (_, i) => ({ output: { i } })) },
    },
    check: (wf) => wf.status === 'COMPLETED' && wf.endTime - wf.startTime === ITERATIONS * HOUR,
    virtual: `${ITERATIONS} h`,
  },
];

const dir = mkdtempSync(join(tmpdir(), 'baton-bench-wftest-'));
const server = await startServerProcess(join(dir, 'baton.db'));
const api = apiClient(server.url, 1);
try {
  await api.call('POST', '/api/metadata/taskdefs', [
    { name: 'bench_charge', retryCount: 2, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 600 },
  ]);
  await api.call('POST', '/api/metadata/workflow', checkout);
  await api.call('POST', '/api/metadata/workflow', loop);

  const rows = [];
  for (const scenario of scenarios) {
    const once = async () => {
      const started = process.hrtime.bigint();
      const wf = JSON.parse(await api.call('POST', '/api/workflow/test', scenario.body));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!scenario.check(wf)) {
        console.error(`${scenario.name}: unexpected run`, JSON.stringify(wf).slice(0, 2000));
        process.exit(1);
      }
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) await once();
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    rows.push([scenario.name, scenario.virtual, at(0.5), at(0.95), times.at(-1)]);
  }

  const header = ['scenario', 'virtual time', 'wall p50 ms', 'wall p95 ms', 'wall max ms'];
  const cells = rows.map(([name, virtual, p50, p95, max]) => [
    name,
    virtual,
    p50.toFixed(1),
    p95.toFixed(1),
    max.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
  console.log(`\n${RUNS} runs per scenario after ${WARMUP} warm-up runs, one request at a time`);
} finally {
  await api.close();
  await stopServerProcess(server);
  rmSync(dir, { recursive: true, force: true });
}
