#!/usr/bin/env node
// `npm run verify`: every check CI runs, one stage after another (a failed stage does not stop the rest), then a
// summary of each stage with its time, the test counts, and which stages failed. Exit status 1 if any failed.
// Usage: npm run verify [-- <stage>...]
import { spawn } from 'node:child_process';

const STAGES = [
  { name: 'format', command: ['npm', 'run', 'format:check'] },
  { name: 'types', command: ['npm', 'run', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', 'lint'] },
  { name: 'build', command: ['npm', 'run', 'build'] },
  { name: 'tests', command: ['npm', 'test'], counts: true },
  { name: 'examples', command: ['npm', 'run', 'examples'] },
  { name: 'packages', command: ['node', 'scripts/pack-check.mjs'] },
];

/** Runs a stage with its output shown as it comes; keeps the node:test summary lines (`# pass 12`). */
function run(stage) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(stage.command[0], stage.command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    const counts = {};
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (!stage.counts) return;
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const match = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line);
        if (match) counts[match[1]] = Number(match[2]);
      }
    });
    child.on('close', (code) =>
      resolve({ ...stage, ok: code === 0, seconds: (Date.now() - started) / 1000, counts }),
    );
  });
}

// `npm run verify -- tests examples` runs only the named stages.
const only = process.argv.slice(2);
const results = [];
for (const stage of STAGES.filter((s) => only.length === 0 || only.includes(s.name))) {
  console.log(`\n== verify: ${stage.name} (${stage.command.join(' ')})`);
  results.push(await run(stage));
}

console.log('\n== verify summary');
for (const r of results) {
  const counts =
    r.counts && 'tests' in r.counts
      ? `  ${r.counts.tests} tests: ${r.counts.pass} passed, ${r.counts.fail} failed, ${r.counts.skipped ?? 0} skipped, ${r.counts.cancelled ?? 0} cancelled`
      : '';
  console.log(
    `${r.ok ? 'ok    ' : 'FAILED'}  ${r.name.padEnd(9)} ${r.seconds.toFixed(0).padStart(4)} s${counts}`,
  );
}
const failed = results.filter((r) => !r.ok).map((r) => r.name);
console.log(failed.length === 0 ? 'verify: every stage passed' : `verify: FAILED: ${failed.join(', ')}`);
// The plain closing line CI reads for the test counts, last.
const tests = results.find((r) => r.counts && 'tests' in r.counts)?.counts;
if (tests) console.log(`tests: ${tests.pass} passed, ${tests.fail} failed, ${tests.skipped ?? 0} skipped`);
process.exitCode = failed.length === 0 ? 0 : 1;
