/**
 * The server's Prometheus metrics, with Conductor's metric names and labels where Conductor has the metric
 * (core/.../metrics/Monitors.java: task_queue_depth, task_poll, task_poll_count, task_queue_wait,
 * task_execution, workflow_start_success, workflow_failure, workflow_running). Counters and histograms are fed
 * by the runtime's typed events; gauges are read from the store and the sandboxes when scraped.
 */
import type { Store } from '@baton/store';
import { workflowSearchRequest } from '@baton/protocol';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { RuntimeEvents } from '../runtime/events.js';

export interface MetricSources {
  events: RuntimeEvents;
  store: Store;
  metadata: MetadataService;
  /** Jobs waiting for a worker thread in each sandbox (`script`, `jq`). */
  sandboxQueues: Record<string, () => number>;
}

const NO_DOMAIN = 'NO_DOMAIN';
/** Queue waits and executions run from milliseconds (system tasks) to hours (human tasks). */
const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600, 14400];
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/** Node's process metrics (CPU, memory, event loop lag, GC), collected once per process however many servers run. */
let processMetrics: Registry | undefined;

/** This server's metrics and the process's, as one registry to scrape. */
export function createServerMetrics(sources: MetricSources): Registry {
  const { events, store, metadata } = sources;
  const registry = new Registry();
  const registers = [registry];
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }

  const taskPoll = new Counter({
    name: 'task_poll',
    help: 'Poll requests from workers, by task type (each poll, whether or not it got a task).',
    labelNames: ['taskType', 'domain'],
    registers,
  });
  const taskPollCount = new Counter({
    name: 'task_poll_count',
    help: 'Tasks handed to workers by polls, by task type.',
    labelNames: ['taskType', 'domain'],
    registers,
  });
  const queueWait = new Histogram({
    name: 'task_queue_wait',
    help: 'Seconds a task waited in its queue, from scheduled to handed to a worker.',
    labelNames: ['taskType'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const execution = new Histogram({
    name: 'task_execution',
    help: 'Seconds from a task attempt starting to its end, by task type and final status.',
    labelNames: ['taskType', 'status'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const workflowStart = new Counter({
    name: 'workflow_start_success',
    help: 'Workflows started, by workflow name.',
    labelNames: ['workflowName'],
    registers,
  });
  const workflowCompletion = new Counter({
    name: 'workflow_completion',
    help: 'Workflows that ended, by workflow name and status (COMPLETED, FAILED, TIMED_OUT, TERMINATED).',
    labelNames: ['workflowName', 'status'],
    registers,
  });
  const workflowFailure = new Counter({
    name: 'workflow_failure',
    help: 'Workflows that ended other than COMPLETED, by workflow name and status (Conductor).',
    labelNames: ['workflowName', 'status'],
    registers,
  });
  const sweeperLag = new Histogram({
    name: 'sweeper_lag',
    help: 'Seconds a timer pass of the sweeper started late (busy event loop or a long previous pass).',
    buckets: LAG_BUCKETS,
    registers,
  });
  const sweeperPass = new Histogram({
    name: 'sweeper_pass',
    help: 'Seconds a sweeper pass took to fire its due timers.',
    buckets: LAG_BUCKETS,
    registers,
  });
  const timersFired = new Counter({
    name: 'sweeper_timers_fired',
    help: 'Due timers (WAIT durations, retries, timeouts) the sweeper fired.',
    registers,
  });

  new Gauge({
    name: 'task_queue_depth',
    help: 'Messages in each task queue (domain:taskType for a domain), visible or not.',
    labelNames: ['taskType'],
    registers,
    async collect() {
      this.reset();
      for (const [queue, size] of Object.entries(await store.queueSizes()))
        this.set({ taskType: queue }, size);
    },
  });
  new Gauge({
    name: 'workflow_running',
    help: 'RUNNING workflows, by workflow name.',
    labelNames: ['workflowName'],
    registers,
    async collect() {
      this.reset();
      for (const def of await metadata.latestVersions()) {
        const query = `workflowType = ${JSON.stringify(def.name)} AND status IN (RUNNING)`;
        const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 1, query }));
        this.set({ workflowName: def.name }, page.totalHits);
      }
    },
  });
  new Gauge({
    name: 'sandbox_queue_length',
    help: 'Scripts (INLINE, conditions) and jq programs waiting for a sandbox worker thread.',
    labelNames: ['sandbox'],
    registers,
    collect() {
      for (const [sandbox, length] of Object.entries(sources.sandboxQueues)) this.set({ sandbox }, length());
    },
  });

  const statements = store.statements;
  if (statements) {
    new Counter({
      name: 'baton_store_statements_total',
      help: 'SQL statements the store ran, by kind (verb and table, or statement name); with --count-statements.',
      labelNames: ['statement'],
      registers,
      collect() {
        this.reset();
        for (const [statement, count] of Object.entries(statements.snapshot()))
          this.inc({ statement }, count);
      },
    });
  }

  events.on('pollRequested', ({ taskType, domain }) =>
    taskPoll.inc({ taskType, domain: domain ?? NO_DOMAIN }),
  );
  events.on('taskPolled', ({ task }) => {
    taskPollCount.inc({ taskType: task.taskType, domain: task.domain ?? NO_DOMAIN });
    if (task.startTime && task.scheduledTime)
      queueWait.observe({ taskType: task.taskType }, Math.max(0, task.startTime - task.scheduledTime) / 1000);
  });
  events.on('taskEnded', ({ task }) => {
    if (task.startTime && task.endTime)
      execution.observe(
        { taskType: task.taskType, status: task.status },
        Math.max(0, task.endTime - task.startTime) / 1000,
      );
  });
  events.on('workflowStarted', ({ workflowName }) => workflowStart.inc({ workflowName }));
  events.on('workflowEnded', ({ workflowName, status }) => {
    workflowCompletion.inc({ workflowName, status });
    if (status !== 'COMPLETED') workflowFailure.inc({ workflowName, status });
  });
  events.on('timersSwept', ({ fired, lagMs, durationMs }) => {
    timersFired.inc(fired);
    sweeperLag.observe(lagMs / 1000);
    sweeperPass.observe(durationMs / 1000);
  });
  return Registry.merge([processMetrics, registry]);
}
