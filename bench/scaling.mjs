#!/usr/bin/env node
// One run, six configurations of bench/throughput.mjs: the SQLite floor and Baton on SQLite with one server, then
// the PostgreSQL floor and Baton with 1, 2 and 3 servers sharing one PostgreSQL database, printed side by side
// (the ratios are what to compare on a shared machine; a floor is the same work with nothing of Baton in it,
// bench/floor-server.mjs). Run: npm run build && node bench/scaling.mjs
// [--pg postgres://postgres@127.0.0.1:5432/postgres] [-- <throughput options>]
import { parseArgs } from 'node:util';
import { printTable } from './lib/table.mjs';
import { runThroughput } from './lib/throughput-run.mjs';

const { values, positionals } = parseArgs({
  options: { pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' } },
  allowPositionals: true,
});

const sqliteFloor = { label: 'SQLite floor', args: ['--floor'] };
const pgFloor = { label: 'PostgreSQL floor', args: ['--floor', '--db', values.pg] };
const configurations = [
  sqliteFloor,
  { label: 'SQLite, 1 server', args: [], floor: sqliteFloor },
  pgFloor,
  { label: 'PostgreSQL, 1 server', args: ['--db', values.pg], floor: pgFloor },
  { label: 'PostgreSQL, 2 servers', args: ['--db', values.pg, '--servers', '2'], floor: pgFloor },
  { label: 'PostgreSQL, 3 servers', args: ['--db', values.pg, '--servers', '3'], floor: pgFloor },
];

const results = new Map();
for (const c of configurations) {
  console.log(`\n=== ${c.label}`);
  results.set(c, await runThroughput([...c.args, ...positionals]));
}

const baton = results.get(configurations[1]).tasksPerSecond;
const rows = [
  [
    'configuration',
    'task completions/s',
    'vs its floor',
    'vs Baton on SQLite',
    'dispatch p50/p99',
    'server CPU µs/task',
    'PG xacts/task',
    'PG CPU µs/task',
  ],
  ...configurations.map((c) => {
    const r = results.get(c);
    return [
      c.label,
      r.tasksPerSecond.toFixed(0),
      c.floor ? `${(r.tasksPerSecond / results.get(c.floor).tasksPerSecond).toFixed(2)}x` : '',
      `${(r.tasksPerSecond / baton).toFixed(2)}x`,
      `${r.dispatchP50} / ${r.dispatchP99} ms`,
      r.serverCpuUsPerTask.toFixed(0),
      r.pg ? r.pg.transactionsPerTask.toFixed(2) : '',
      r.pg ? r.pg.cpuUsPerTask.toFixed(0) : '',
    ];
  }),
];
console.log('');
printTable(rows);
