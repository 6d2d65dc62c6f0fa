#!/usr/bin/env node
// Worker-runner bench: Baton's TaskHandler (@baton/sdk) against the official Conductor JS SDK's TaskManager
// (@io-orkes/conductor-javascript), on the same built Baton server, the same workload and the same settings.
// Run: npm run build && node bench/sdk-runner.mjs [options]
//
// One server process (the built dist, temp SQLite file) for the whole bench. Each run: the parent starts N
// one-task workflows (so N tasks of one SIMPLE type wait in the queue), then forks bench/sdk-runner-child.mjs with
// one of the two runners, which works them; the child reports the time and its own CPU (process.cpuUsage) from
// runner start to the Nth task worked. The parent reads the server's CPU from /proc and checks that all N
// workflows COMPLETED with the worker's output. Runs alternate in ABBA order (Baton, official, official, Baton,
// ...) after one unmeasured warm-up run (server JIT, SQLite cache).
//
// Options: --tasks N per run (3000) · --rounds R runs per SDK (2) · --concurrency C tasks in flight per runner (10)
//          --poll-interval ms (100) · --poll-timeout ms, the batch poll's long-poll wait (100)
//          --warmup W tasks in the warm-up run (500; 0 = none) · --starters K concurrent workflow starts (32)
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { apiClient } from './lib/api.mjs';
import { ROOT, cpuSecondsOf, startServerProcess, stopServerProcess } from './lib/server-process.mjs';

const SDK_DIST = join(ROOT, 'packages/sdk/dist/index.js');
const CHILD = fileURLToPath(new URL('./sdk-runner-child.mjs', import.meta.url));
const TASK_TYPE = 'sdk_bench_task';
const WORKFLOW = 'sdk_bench_workflow';
const RUN_TIMEOUT_MS = 120_000;

const { values: opts } = parseArgs({
  options: {
    tasks: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '10' },
    'poll-interval': { type: 'string', default: '100' },
    'poll-timeout': { type: 'string', default: '100' },
    warmup: { type: 'string', default: '500' },
    starters: { type: 'string', default: '32' },
  },
});
const N = Number(opts.tasks);
const ROUNDS = Number(opts.rounds);
const STARTERS = Number(opts.starters);
const WARMUP = Number(opts.warmup);

// ---------------------------------------------------------------- HTTP helpers

let api;

const call = (method, path, body) => api.call(method, path, body);

async function register() {
  await call('POST', '/api/metadata/taskdefs', [
    { name: TASK_TYPE, retryCount: 0, responseTimeoutSeconds: 60, timeoutSeconds: 0 },
  ]);
  await call('POST', '/api/metadata/workflow?overwrite=true', {
    name: WORKFLOW,
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: TASK_TYPE,
        taskReferenceName: 'work',
        type: 'SIMPLE',
        inputParameters: { v: '${workflow.input.v}' },
      },
    ],
    outputParameters: { v: '${work.output.v}' },
  });
}

/** Starts `count` workflows (K at a time) with input v = 0..count-1; returns their ids in order. */
async function queueWorkflows(count) {
  const ids = new Array(count);
  let next = 0;
  const starter = async () => {
    while (next < count) {
      const n = next++;
      ids[n] = await call('POST', `/api/workflow/${WORKFLOW}`, { v: n });
    }
  };
  await Promise.all(Array.from({ length: Math.min(STARTERS, count) }, starter));
  const queued = Number(await call('GET', `/api/tasks/queue/size?taskType=${TASK_TYPE}`));
  if (queued !== count) throw new Error(`expected ${count} queued tasks, the server has ${queued}`);
  return ids;
}

/** Ids among `ids` that are not COMPLETED with output v = input + 1 (waits up to 10 s for the last updates). */
async function notCompleted(ids) {
  let bad = [];
  for (const deadline = Date.now() + 10_000; ;) {
    bad = [];
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(
        ids.slice(i, i + 100).map(async (id, j) => {
          const wf = JSON.parse(await call('GET', `/api/workflow/${id}/status?includeOutput=true`));
          if (wf.status !== 'COMPLETED' || wf.output?.v !== i + j + 1) bad.push(`${id} ${wf.status}`);
        }),
      );
    }
    if (bad.length === 0 || Date.now() > deadline) return bad;
    await sleep(200);
  }
}

// ---------------------------------------------------------------- one run

function childMessages(child) {
  const waiters = new Map();
  const seen = [];
  child.on('message', (msg) => {
    if (msg.kind === 'error') console.error(`runner error: ${msg.message}`);
    const waiter = waiters.get(msg.kind);
    if (waiter) waiter(msg);
    else seen.push(msg);
  });
  return (kind) =>
    new Promise((resolve, reject) => {
      const earlier = seen.find((m) => m.kind === kind);
      if (earlier) return resolve(earlier);
      const timer = setTimeout(() => reject(new Error(`runner gave no '${kind}' in time`)), RUN_TIMEOUT_MS);
      waiters.set(kind, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      child.once('exit', (code) => reject(new Error(`runner exited (${code}) before '${kind}'`)));
    });
}

async function runOnce(sdk, count, server) {
  const ids = await queueWorkflows(count);
  const env = { ...process.env };
  delete env.CI; // the official SDK logs every task update when CI is set
  const child = fork(
    CHILD,
    [
      '--sdk',
      sdk,
      '--url',
      server.url,
      '--task-type',
      TASK_TYPE,
      '--tasks',
      String(count),
      '--concurrency',
      opts.concurrency,
      '--poll-interval',
      opts['poll-interval'],
      '--poll-timeout',
      opts['poll-timeout'],
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = childMessages(child);
  await next('ready');
  const serverCpuBefore = cpuSecondsOf(server.child.pid);
  child.send({ cmd: 'go' });
  const done = await next('done');
  const serverCpu = cpuSecondsOf(server.child.pid) - serverCpuBefore;
  child.send({ cmd: 'stop' });
  await Promise.race([next('stopped'), sleep(5000)]);
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(2000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  const bad = await notCompleted(ids);
  if (bad.length > 0)
    throw new Error(`${sdk}: ${bad.length} workflows not completed, e.g. ${bad.slice(0, 3)}`);
  const runnerCpuMs = done.cpuUserMs + done.cpuSystemMs;
  return {
    sdk,
    tasks: count,
    seconds: done.seconds,
    perSecond: count / done.seconds,
    runnerCpuMsPerTask: runnerCpuMs / count,
    runnerCpuShare: runnerCpuMs / 1000 / done.seconds,
    serverCpuMsPerTask: (serverCpu * 1000) / count,
    rssMiB: done.rssMiB,
    polls: done.polls,
  };
}

// ---------------------------------------------------------------- report

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, row] of rows.entries()) {
    console.log(
      row
        .map((cell, c) =>
          c === 0 || c === 1 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]),
        )
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-sdk-bench-'));
  let server;
  let exitCode = 0;
  try {
    if (!existsSync(SDK_DIST)) throw new Error(`${SDK_DIST} missing: run \`npm run build\` first`);
    server = await startServerProcess(join(dir, 'bench.db'), { logLevel: 'silent' });
    api = apiClient(server.url, STARTERS + 8);
    await register();
    console.log(
      `server ${server.url} (pid ${server.child.pid}); ${cpus().length} CPUs; node ${process.version}\n` +
        `${N} tasks per run, ${ROUNDS} runs per SDK, concurrency ${opts.concurrency}, ` +
        `poll interval ${opts['poll-interval']} ms, poll timeout ${opts['poll-timeout']} ms`,
    );
    if (WARMUP > 0) {
      const warm = await runOnce('baton', WARMUP, server);
      console.log(`warm-up: ${WARMUP} tasks in ${warm.seconds.toFixed(2)} s (not counted)`);
    }
    const results = [];
    // ABBA order (Baton, official, official, Baton, ...): the server slows a little as its database grows, and
    // this order spreads that drift evenly over both runners.
    for (let round = 0; round < ROUNDS; round++) {
      for (const sdk of round % 2 === 0 ? ['baton', 'official'] : ['official', 'baton']) {
        const r = await runOnce(sdk, N, server);
        results.push(r);
        console.log(`run ${results.length}: ${sdk} ${r.perSecond.toFixed(0)} tasks/s`);
      }
    }

    const label = { baton: 'Baton TaskHandler', official: 'official TaskManager' };
    const rows = [
      [
        'run',
        'runner',
        'tasks/s',
        'runner CPU ms/task',
        'runner CPU use',
        'server CPU ms/task',
        'runner RSS MiB',
        'polls',
      ],
      ...results.map((r, i) => [
        String(i + 1),
        label[r.sdk],
        r.perSecond.toFixed(0),
        r.runnerCpuMsPerTask.toFixed(3),
        `${(r.runnerCpuShare * 100).toFixed(0)} %`,
        r.serverCpuMsPerTask.toFixed(3),
        r.rssMiB.toFixed(0),
        String(r.polls),
      ]),
    ];
    const of = (sdk) => results.filter((r) => r.sdk === sdk);
    const summary = {};
    for (const sdk of ['baton', 'official']) {
      const rs = of(sdk);
      summary[sdk] = {
        perSecond: mean(rs.map((r) => r.perSecond)),
        cpu: mean(rs.map((r) => r.runnerCpuMsPerTask)),
        serverCpu: mean(rs.map((r) => r.serverCpuMsPerTask)),
      };
      rows.push([
        'mean',
        label[sdk],
        summary[sdk].perSecond.toFixed(0),
        summary[sdk].cpu.toFixed(3),
        '',
        summary[sdk].serverCpu.toFixed(3),
        '',
        '',
      ]);
    }
    console.log('');
    printTable(rows);
    const throughputRatio = summary.baton.perSecond / summary.official.perSecond;
    const cpuRatio = summary.official.cpu / summary.baton.cpu;
    console.log('');
    console.log(
      `throughput: Baton ${throughputRatio.toFixed(2)}x the official runner (target >= 1.5x: ${throughputRatio >= 1.5 ? 'ok' : 'MISS'})`,
    );
    console.log(
      `runner CPU per task: official ${cpuRatio.toFixed(2)}x Baton's (target: Baton lower: ${cpuRatio > 1 ? 'ok' : 'MISS'})`,
    );
  } catch (err) {
    console.error(err);
    exitCode = 1;
  } finally {
    await api?.close();
    if (server) await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
