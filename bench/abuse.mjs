#!/usr/bin/env node
// Availability under hostile load (issue 12): runs each attack against the built server, a fresh server and
// SQLite file per attack, while a prober calls /health every 100 ms. Run: npm run bench:abuse [-- --only d,e]
//
// Prints, per phase: /health p50/p99/max, 5xx answers that were not the right answer (503 only where the store
// is unavailable), the server's peak RSS (sampled with the probes), the CPU seconds of its event-loop thread (what
// the loop spent: less swayed than latency by other work on a shared machine), the attack's own check, and the
// verdict against the targets: p99 ≤ 50 ms, max ≤ 250 ms, no such 5xx, RSS < 1 GB, the check met.
//
// Options: --only <keys> comma-separated attack keys (a…j) · --json: one JSON line of the rows at the end ·
// --node-arg <arg> (repeatable) passed to the server's node, e.g. --node-arg=--cpu-prof --node-arg=--trace-gc
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ATTACKS } from './abuse/attacks.mjs';
import { attackClient } from './abuse/client.mjs';
import { percentile, startProber } from './abuse/prober.mjs';
import { startTargets } from './abuse/targets.mjs';
import { mountTmpfs } from './abuse/tmpfs.mjs';
import { cpuSecondsOf, startServerProcess, stopServerProcess } from './lib/server-process.mjs';
import { printTable } from './lib/table.mjs';

const TARGET = { p99: 50, max: 250, rssMiB: 1024 };
const TAIL_MS = 1000;

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const only = opts.only?.split(',').map((k) => k.trim());
const chosen = ATTACKS.filter((a) => !only || only.includes(a.key));
if (chosen.length === 0) {
  console.error(`--only takes attack keys: ${ATTACKS.map((a) => a.key).join(', ')}`);
  process.exit(2);
}

/** Runs one attack on a fresh server; answers its phases' rows. */
async function runAttack(attack, targets) {
  const disk = attack.needsDisk ? mountTmpfs(64) : undefined;
  if (attack.needsDisk && !disk)
    return [{ phase: `${attack.key}. ${attack.title}`, skipped: 'mounting a tmpfs needs root' }];
  const dir = disk ? undefined : mkdtempSync(join(tmpdir(), 'baton-abuse-'));
  const server = await startServerProcess(join(disk?.dir ?? dir, 'abuse.db'), {
    logLevel: 'fatal',
    args: attack.serverArgs ?? [],
    nodeArgs: opts['node-arg'],
  });
  const client = attackClient(server.url);
  const rows = [];
  const phase = async (title, run, { allowed = [] } = {}) => {
    const from = client.statuses.length;
    const prober = startProber(server.url, server.child.pid);
    const started = performance.now();
    const loopCpuBefore = cpuSecondsOf(server.child.pid, { mainThreadOnly: true });
    let outcome;
    try {
      outcome = await run();
    } catch (err) {
      outcome = { check: `failed: ${String(err?.message ?? err).slice(0, 120)}`, ok: false };
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(TAIL_MS); // what the attack left running (decide passes, executors) counts too
    const loopCpu = cpuSecondsOf(server.child.pid, { mainThreadOnly: true }) - loopCpuBefore;
    const probed = await prober.stop();
    const wrong = (s) => s >= 500 && !allowed.includes(s);
    const serverErrors =
      client.statuses.slice(from).filter(wrong).length + probed.statuses.filter(wrong).length;
    rows.push({
      phase: title,
      seconds,
      probes: probed.latencies.length,
      p50: percentile(probed.latencies, 50),
      p99: percentile(probed.latencies, 99),
      max: Math.max(...probed.latencies),
      serverErrors,
      rssMiB: probed.rssPeak,
      loopCpu,
      check: outcome.check,
      checkOk: outcome.ok,
    });
  };
  try {
    await attack.run({ client, phase, targets, disk, url: server.url });
  } catch (err) {
    rows.push({
      phase: `${attack.key}. ${attack.title}`,
      skipped: `setup failed: ${err.message.slice(0, 200)}`,
    });
  } finally {
    await client.close();
    await stopServerProcess(server);
    disk?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function verdict(row) {
  const missed = [];
  if (!(row.p99 <= TARGET.p99)) missed.push('p99');
  if (!(row.max <= TARGET.max)) missed.push('max');
  if (row.serverErrors > 0) missed.push('5xx');
  if (!(row.rssMiB < TARGET.rssMiB)) missed.push('RSS');
  if (!row.checkOk) missed.push('check');
  return missed.length === 0 ? 'ok' : `MISSED ${missed.join(',')}`;
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}` : '-');

async function main() {
  const targets = await startTargets();
  const rows = [];
  try {
    for (const attack of chosen) {
      process.stderr.write(`attack ${attack.key}: ${attack.title}\n`);
      rows.push(...(await runAttack(attack, targets)));
    }
  } finally {
    await targets.close();
  }
  console.log('');
  printTable([
    ['attack', 'health p50', 'p99', 'max', '5xx', 'RSS peak', 'took', 'loop CPU', 'check', 'target'],
    ...rows.map((r) =>
      r.skipped
        ? [r.phase, '', '', '', '', '', '', '', r.skipped, 'skipped']
        : [
            r.phase,
            `${ms(r.p50)} ms`,
            `${ms(r.p99)} ms`,
            `${ms(r.max)} ms`,
            String(r.serverErrors),
            `${r.rssMiB.toFixed(0)} MiB`,
            `${r.seconds.toFixed(1)} s`,
            `${r.loopCpu.toFixed(2)} s`,
            r.check,
            verdict(r),
          ],
    ),
  ]);
  console.log(
    `\ntargets: /health p99 ≤ ${TARGET.p99} ms and max ≤ ${TARGET.max} ms, no 5xx but a right 503, ` +
      `RSS < ${TARGET.rssMiB} MiB, and each check's own target`,
  );
  if (opts.json)
    console.log(
      `BENCH_JSON ${JSON.stringify(rows.map((r) => ({ ...r, verdict: r.skipped ? 'skipped' : verdict(r) })))}`,
    );
}

await main();
