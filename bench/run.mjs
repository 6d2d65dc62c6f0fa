#!/usr/bin/env node
// `npm run bench`: the machine's floor and Baton, measured in one invocation so every figure sits beside the
// floor's and as a ratio to it (the machine is shared and noisy: only same-run ratios compare). Runs
// bench/throughput.mjs five times, one after another: the floor (bench/floor-server.mjs), Baton with --sync normal,
// Baton with --sync full, then the floor and Baton counting their SQL statements (separate runs: counting costs).
//
// Options are passed on to every run, e.g. `npm run bench -- --workflows 5000`.
import { printTable } from './lib/table.mjs';
import { runThroughput } from './lib/throughput-run.mjs';

const passed = process.argv.slice(2);

/** One run of throughput.mjs with `args` and the options given to us. */
function run(label, args) {
  console.log(`\n=== ${label}: node bench/throughput.mjs ${[...args, ...passed].join(' ')}`);
  return runThroughput([...args, ...passed]);
}

const floor = await run('floor', ['--floor']);
const normal = await run('Baton, --sync normal', ['--sync', 'normal']);
const full = await run('Baton, --sync full', ['--sync', 'full']);
const countingArgs = ['--count-statements', '--latency-workflows', '0', '--single', '0'];
const floorCounted = await run('floor, counting statements', ['--floor', ...countingArgs]);
const counted = await run('Baton, counting statements', countingArgs);

const ok = (pass) => (pass ? 'ok' : 'MISS');
const ratio = (value) => `${(value / floor.tasksPerSecond).toFixed(2)}× floor`;
const us = (value) => `${value.toFixed(0)} µs`;
const ms = (value) => `${Number.isInteger(value) ? value : value.toFixed(1)} ms`;
const cpuTarget = (f) => `<= 150 µs ${ok(f.serverCpuUsPerTask <= 150)}`;

console.log('\n=== summary (this run; the floor is the same work on the same stack with nothing of Baton)\n');
printTable([
  ['metric', 'floor', 'Baton normal', 'Baton full', 'target (normal)'],
  [
    'task completions/s',
    floor.tasksPerSecond.toFixed(0),
    `${normal.tasksPerSecond.toFixed(0)} (${ratio(normal.tasksPerSecond)})`,
    `${full.tasksPerSecond.toFixed(0)} (${ratio(full.tasksPerSecond)})`,
    `>= 0.5× floor ${ok(normal.tasksPerSecond >= floor.tasksPerSecond / 2)}`,
  ],
  [
    'server CPU per task, all threads',
    us(floor.serverCpuUsPerTask),
    us(normal.serverCpuUsPerTask),
    us(full.serverCpuUsPerTask),
    cpuTarget(normal),
  ],
  [
    'server CPU per task, event loop',
    us(floor.loopCpuUsPerTask),
    us(normal.loopCpuUsPerTask),
    us(full.loopCpuUsPerTask),
    '',
  ],
  [
    'statements per task',
    floorCounted.statementsPerTask.toFixed(2),
    counted.statementsPerTask.toFixed(2),
    '(same code)',
    `<= 5 ${ok(counted.statementsPerTask <= 5)}`,
  ],
  ['dispatch p50', ms(floor.dispatchP50), ms(normal.dispatchP50), ms(full.dispatchP50), ''],
  [
    'dispatch p99',
    ms(floor.dispatchP99),
    ms(normal.dispatchP99),
    ms(full.dispatchP99),
    `<= 5 ms ${ok(normal.dispatchP99 <= 5)}`,
  ],
  [
    'single 3-task workflow p50',
    ms(floor.singleP50),
    ms(normal.singleP50),
    ms(full.singleP50),
    `<= 4 ms ${ok(normal.singleP50 <= 4)}`,
  ],
  [
    'single 3-task workflow p99',
    ms(floor.singleP99),
    ms(normal.singleP99),
    ms(full.singleP99),
    `<= 10 ms ${ok(normal.singleP99 <= 10)}`,
  ],
  [
    'server RSS peak',
    `${floor.rssPeakMiB.toFixed(0)} MiB`,
    `${normal.rssPeakMiB.toFixed(0)} MiB`,
    `${full.rssPeakMiB.toFixed(0)} MiB`,
    '',
  ],
]);
console.log('\nstatements per task, by kind (Baton, --sync normal):');
printTable([
  ['statement', 'per task'],
  ...Object.entries(counted.statements).map(([kind, n]) => [kind, n.toFixed(2)]),
]);
