#!/usr/bin/env node
// What a workflow's input size costs at each of its task completions: a chain of 20 SIMPLE tasks started with an
// input of 10 B, 64 KB, 1 MB and 4 MB of JSON (all below the 5 MB external-storage threshold, so kept inline), its
// tasks polled and completed one at a time by this process. Prints the server's event-loop CPU per task completion.
//
//   npm run build && node bench/large-input.mjs [--db postgres://...] [--workflows 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './lib/pg-database.mjs';
import { cpuSecondsOf, startServerProcess, stopServerProcess } from './lib/server-process.mjs';
import { printTable } from './lib/table.mjs';

const { values: opts } = parseArgs({
  options: { db: { type: 'string' }, workflows: { type: 'string', default: '10' } },
});
const TASKS = 20;
const WORKFLOWS = Number(opts.workflows);
const SIZES = [
  ['10 B', 10],
  ['64 KB', 64 * 1024],
  ['1 MB', 1024 * 1024],
  ['4 MB', 4 * 1024 * 1024],
];

const dir = mkdtempSync(join(tmpdir(), 'baton-large-input-'));
const database = opts.db ? await createBenchDatabase(opts.db) : undefined;
const server = await startServerProcess(database?.url ?? join(dir, 'bench.db'));
try {
  const post = async (path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.text();
  };
  await post('/api/metadata/taskdefs', [{ name: 'step' }]);
  await post('/api/metadata/workflow', {
    name: 'large_input_chain',
    version: 1,
    schemaVersion: 2,
    tasks: Array.from({ length: TASKS }, (_, i) => ({
      name: 'step',
      taskReferenceName: `s${i}`,
      type: 'SIMPLE',
      inputParameters: { i },
    })),
  });

  /** Runs `n` workflows with an input of `bytes` one after another; event-loop CPU µs per task completion. */
  const run = async (bytes, n) => {
    const input = { blob: 'x'.repeat(bytes) };
    const before = cpuSecondsOf(server.child.pid, { mainThreadOnly: true });
    for (let w = 0; w < n; w++) {
      await post('/api/workflow/large_input_chain', input);
      for (let t = 0; t < TASKS; t++) {
        const polled = await fetch(`${server.url}/api/tasks/poll/batch/step?count=1&timeout=5000`);
        const [task] = await polled.json();
        if (!task) throw new Error('no task polled within 5 s');
        await post('/api/tasks', {
          taskId: task.taskId,
          workflowInstanceId: task.workflowInstanceId,
          status: 'COMPLETED',
          outputData: { ok: true },
        });
      }
    }
    const seconds = cpuSecondsOf(server.child.pid, { mainThreadOnly: true }) - before;
    return (seconds * 1e6) / (n * TASKS);
  };

  await run(10, 2); // warm-up
  const rows = [['workflow input', 'event-loop CPU per task completion']];
  for (const [label, bytes] of SIZES) rows.push([label, `${(await run(bytes, WORKFLOWS)).toFixed(0)} µs`]);
  console.log(`\n${opts.db ? 'PostgreSQL' : 'SQLite'}, ${WORKFLOWS} workflows of ${TASKS} tasks per size\n`);
  printTable(rows);
} finally {
  await stopServerProcess(server);
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
}
