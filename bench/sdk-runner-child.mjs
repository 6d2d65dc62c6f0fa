// One worker runner under test, forked by bench/sdk-runner.mjs: Baton's TaskHandler (@baton/sdk, built dist) or
// the official SDK's TaskManager (@io-orkes/conductor-javascript), working one SIMPLE task type whose queue the
// parent filled beforehand. Both run with their default transport, logging off, and the same concurrency, poll
// interval and poll timeout. The worker function is the same trivial one: { v } -> { v: v + 1 }.
//
// IPC in:  {cmd:'go'} once ready · {cmd:'stop'}
// IPC out: {kind:'ready'} · {kind:'done', seconds, cpuUserMs, cpuSystemMs, rssMiB, completed, polls}
//          · {kind:'stopped'} · {kind:'error', message}
//
// The clock and process.cpuUsage() start when the runner starts and stop when the worker function has been called
// for the Nth task (N = --tasks); the parent then checks on the server that all N workflows completed.
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    sdk: { type: 'string' },
    url: { type: 'string' },
    'task-type': { type: 'string' },
    tasks: { type: 'string' },
    concurrency: { type: 'string' },
    'poll-interval': { type: 'string' },
    'poll-timeout': { type: 'string' },
  },
});
const N = Number(opts.tasks);
const CONCURRENCY = Number(opts.concurrency);
const POLL_INTERVAL = Number(opts['poll-interval']);
const POLL_TIMEOUT = Number(opts['poll-timeout']);
const TASK_TYPE = opts['task-type'];
const WORKER_ID = `bench-${opts.sdk}`;

let completed = 0;
let startedAt = 0;
let cpuAtStart;

/** Set by the runner: how many poll requests it has sent so far. */
let pollsSent = async () => NaN;

/** Counts calls; on the Nth, reports the elapsed time and CPU of this process. */
function onTaskWorked() {
  if (++completed !== N) return;
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  void pollsSent().then((polls) =>
    process.send({
      kind: 'done',
      seconds,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      rssMiB,
      completed,
      polls,
    }),
  );
}

/** Each runner: { start(): void | Promise<void>, stop(): Promise<void> }. */
async function batonRunner() {
  const { Configuration, TaskHandler, Worker, silentLogger } = await import('@baton/sdk');
  const worker = new Worker(
    {
      taskDefName: TASK_TYPE,
      workerId: WORKER_ID,
      concurrency: CONCURRENCY,
      pollIntervalMs: POLL_INTERVAL,
      pollTimeoutMs: POLL_TIMEOUT,
    },
    (input) => {
      onTaskWorked();
      return { v: (input.v ?? 0) + 1 };
    },
  );
  const handler = new TaskHandler({
    configuration: new Configuration({ baseUrl: opts.url, env: {} }),
    workers: [worker],
    logger: silentLogger,
    handleSignals: false,
  });
  pollsSent = async () => {
    const sample = (await handler.metrics()).split('\n').find((l) => l.startsWith('task_poll_total{'));
    return Number(sample?.split(' ').at(-1));
  };
  return { start: () => handler.start(), stop: () => handler.stop() };
}

async function officialRunner() {
  const { orkesConductorClient, TaskManager, noopLogger } = await import('@io-orkes/conductor-javascript');
  const client = await orkesConductorClient({ serverUrl: opts.url, logger: noopLogger });
  const manager = new TaskManager(
    client,
    [
      {
        taskDefName: TASK_TYPE,
        concurrency: CONCURRENCY,
        pollInterval: POLL_INTERVAL,
        execute: async (task) => {
          onTaskWorked();
          return { status: 'COMPLETED', outputData: { v: (task.inputData?.v ?? 0) + 1 } };
        },
      },
    ],
    {
      logger: noopLogger,
      options: { workerID: WORKER_ID, batchPollingTimeout: POLL_TIMEOUT },
      eventListeners: [{ onPollStarted: () => void polls++ }],
    },
  );
  let polls = 0;
  pollsSent = async () => polls;
  return { start: () => manager.startPolling(), stop: () => manager.stopPolling() };
}

async function main() {
  // The official SDK reads these before its own configuration; the parent's environment must not leak in.
  for (const key of ['CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET'])
    delete process.env[key];
  const runner = opts.sdk === 'baton' ? await batonRunner() : await officialRunner();
  process.on('message', async (msg) => {
    try {
      if (msg.cmd === 'go') {
        cpuAtStart = process.cpuUsage();
        startedAt = performance.now();
        await runner.start();
      } else if (msg.cmd === 'stop') {
        await runner.stop();
        process.send({ kind: 'stopped' });
        process.disconnect();
      }
    } catch (error) {
      process.send({ kind: 'error', message: String(error?.stack ?? error) });
    }
  });
  process.send({ kind: 'ready' });
}

await main();
