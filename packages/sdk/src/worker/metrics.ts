/**
 * Prometheus metrics of the worker runner, per task type: polls, poll errors and latency, tasks received,
 * execution time and errors, results by status, update errors, lease extensions, tasks in flight.
 * They are one subscriber of the task runner events; children are bound once per task type so the hot path does
 * no label lookups.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TaskRunnerEvents } from './task-runner-events.js';

export interface MetricsOptions {
  /** Registry to register in; default a new one (see TaskHandler.metricsRegistry). */
  registry?: Registry;
  /** Prefix of every metric name, e.g. `conductor_`. Default none. */
  prefix?: string;
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The worker metrics in a prom-client registry (TaskHandler creates one; pass `metrics: { registry }` to share).
 *
 * @example
 * const handler = new TaskHandler({ workers, metrics: { prefix: 'conductor_', port: 9464 } });
 */
export class WorkerMetrics {
  readonly registry: Registry;
  private readonly polls: Counter<'taskType'>;
  private readonly pollErrors: Counter<'taskType'>;
  private readonly pollTime: Histogram<'taskType'>;
  private readonly received: Counter<'taskType'>;
  private readonly executeTime: Histogram<'taskType'>;
  private readonly executeErrors: Counter<'taskType' | 'exception'>;
  private readonly results: Counter<'taskType' | 'status'>;
  private readonly updateErrors: Counter<'taskType'>;
  private readonly leaseExtensions: Counter<'taskType'>;
  private readonly active: Gauge<'taskType'>;

  constructor(options: MetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const p = options.prefix ?? '';
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      new Counter({ name: p + name, help, labelNames, registers });
    const histogram = (name: string, help: string): Histogram<'taskType'> =>
      new Histogram({ name: p + name, help, labelNames: ['taskType'], buckets: LATENCY_BUCKETS, registers });

    this.polls = counter('task_poll_total', 'Poll requests sent', ['taskType']);
    this.pollErrors = counter('task_poll_error_total', 'Poll requests that failed', ['taskType']);
    this.pollTime = histogram('task_poll_time_seconds', 'Poll request latency (includes the long-poll wait)');
    this.received = counter('task_received_total', 'Tasks received, by poll or update-v2', ['taskType']);
    this.executeTime = histogram('task_execute_time_seconds', 'Time spent in the worker function');
    this.executeErrors = counter('task_execute_error_total', 'Worker functions that threw', [
      'taskType',
      'exception',
    ]);
    this.results = counter('task_result_total', 'Task results reported, by status', ['taskType', 'status']);
    this.updateErrors = counter('task_update_error_total', 'Task results the server could not be sent', [
      'taskType',
    ]);
    this.leaseExtensions = counter('task_lease_extend_total', 'Lease extensions sent', ['taskType']);
    this.active = new Gauge({
      name: `${p}task_in_flight`,
      help: 'Tasks being worked on now',
      labelNames: ['taskType'],
      registers,
    });
  }

  /** Records the events of `events` from now on. */
  subscribe(events: TaskRunnerEvents): void {
    const children = new Map<string, TaskTypeMetrics>();
    const of = (taskType: string): TaskTypeMetrics => {
      let metrics = children.get(taskType);
      if (!metrics) children.set(taskType, (metrics = this.forTaskType(taskType)));
      return metrics;
    };
    events.on('pollStarted', (e) => of(e.taskType).polls.inc());
    events.on('pollCompleted', (e) => of(e.taskType).pollTime.observe(e.durationMs / 1000));
    events.on('pollFailure', (e) => of(e.taskType).pollErrors.inc());
    events.on('taskExecutionStarted', (e) => {
      const m = of(e.taskType);
      m.received.inc();
      m.active.inc();
    });
    events.on('taskExecutionCompleted', (e) =>
      this.executed(of(e.taskType), e.taskType, e.durationMs, e.status),
    );
    events.on('taskExecutionFailure', (e) => {
      const exception = e.cause instanceof Error ? e.cause.constructor.name : typeof e.cause;
      this.executeErrors.labels({ taskType: e.taskType, exception }).inc();
      this.executed(of(e.taskType), e.taskType, e.durationMs, e.status);
    });
    events.on('taskUpdateFailure', (e) => of(e.taskType).updateErrors.inc());
    events.on('taskLeaseExtended', (e) => of(e.taskType).leaseExtensions.inc());
  }

  private executed(m: TaskTypeMetrics, taskType: string, durationMs: number, status: string): void {
    m.executeTime.observe(durationMs / 1000);
    m.active.dec();
    if (status === 'COMPLETED') m.completed.inc();
    else this.results.labels({ taskType, status }).inc();
  }

  private forTaskType(taskType: string): TaskTypeMetrics {
    const labels = { taskType };
    return {
      polls: this.polls.labels(labels),
      pollErrors: this.pollErrors.labels(labels),
      pollTime: this.pollTime.labels(labels),
      received: this.received.labels(labels),
      executeTime: this.executeTime.labels(labels),
      updateErrors: this.updateErrors.labels(labels),
      leaseExtensions: this.leaseExtensions.labels(labels),
      active: this.active.labels(labels),
      completed: this.results.labels({ taskType, status: 'COMPLETED' }),
    };
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The label children of one task type. */
interface TaskTypeMetrics {
  polls: Counter.Internal;
  pollErrors: Counter.Internal;
  pollTime: Histogram.Internal<'taskType'>;
  received: Counter.Internal;
  executeTime: Histogram.Internal<'taskType'>;
  updateErrors: Counter.Internal;
  leaseExtensions: Counter.Internal;
  active: Gauge.Internal<'taskType'>;
  completed: Counter.Internal;
}
