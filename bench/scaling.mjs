#!/usr/bin/env node
// One run, four configurations of bench/throughput.mjs: SQLite with one server, then PostgreSQL with 1, 2 and 3
// servers sharing one database, printed side by side (the ratios are what to compare on a shared machine).
// Run: npm run build && node bench/scaling.mjs [--pg postgres://postgres@127.0.0.1:5432/postgres] [-- <throughput options>]
import { parseArgs } from 'node:util';
import { printTable } from './lib/table.mjs';
import { runThroughput } from './lib/throughput-run.mjs';

const { values, positionals } = parseArgs({
  options: { pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' } },
  allowPositionals: true,
});

const configurations = [
  { label: 'SQLite, 1 server', args: [] },
  { label: 'PostgreSQL, 1 server', args: ['--db', values.pg] },
  { label: 'PostgreSQL, 2 servers', args: ['--db', values.pg, '--servers', '2'] },
  { label: 'PostgreSQL, 3 servers', args: ['--db', values.pg, '--servers', '3'] },
];

const results = [];
for (const c of configurations) {
  console.log(`\n=== ${c.label}`);
  results.push({ label: c.label, ...(await runThroughput([...c.args, ...positionals])) });
}

const base = results[0].tasksPerSecond;
const rows = [
  [
    'configuration',
    'task completions/s',
    'vs SQLite',
    'dispatch p50/p99',
    'server CPU µs/task',
    'PG xacts/task',
    'PG CPU µs/task',
  ],
  ...results.map((r) => [
    r.label,
    r.tasksPerSecond.toFixed(0),
    `${(r.tasksPerSecond / base).toFixed(2)}x`,
    `${r.dispatchP50} / ${r.dispatchP99} ms`,
    r.serverCpuUsPerTask.toFixed(0),
    r.pg ? r.pg.transactionsPerTask.toFixed(2) : '',
    r.pg ? r.pg.cpuUsPerTask.toFixed(0) : '',
  ]),
];
console.log('');
printTable(rows);
