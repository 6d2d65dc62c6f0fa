/**
 * Prometheus metrics of the worker runner, per task type: polls, poll errors and latency, tasks received,
 * execution time and errors, results by status, update errors, lease extensions, tasks in flight.
 * Children are bound once per task type so the hot path does no label lookups.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Registry to register in; default a new one (see TaskHandler.metricsRegistry). */
  registry?: Registry;
  /** Prefix of every metric name, e.g. `conductor_`. Default none. */
  prefix?: string;
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metrics of one task type, with label children resolved in advance. */
export interface TaskTypeMetrics {
  pollSent(): void;
  pollSucceeded(seconds: number, tasks: number): void;
  pollFailed(): void;
  /** A task handed over by update-v2 rather than a poll. */
  taskChained(): void;
  executed(seconds: number, status: string): void;
  executionFailed(errorName: string): void;
  updateFailed(): void;
  leaseExtended(): void;
  inFlight(delta: number): void;
}

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

  forTaskType(taskType: string): TaskTypeMetrics {
    const labels = { taskType };
    const polls = this.polls.labels(labels);
    const pollErrors = this.pollErrors.labels(labels);
    const pollTime = this.pollTime.labels(labels);
    const received = this.received.labels(labels);
    const executeTime = this.executeTime.labels(labels);
    const updateErrors = this.updateErrors.labels(labels);
    const leaseExtensions = this.leaseExtensions.labels(labels);
    const active = this.active.labels(labels);
    const completed = this.results.labels({ taskType, status: 'COMPLETED' });
    return {
      pollSent: () => polls.inc(),
      pollSucceeded: (seconds, tasks) => {
        pollTime.observe(seconds);
        if (tasks > 0) received.inc(tasks);
      },
      pollFailed: () => pollErrors.inc(),
      taskChained: () => received.inc(),
      executed: (seconds, status) => {
        executeTime.observe(seconds);
        if (status === 'COMPLETED') completed.inc();
        else this.results.labels({ taskType, status }).inc();
      },
      executionFailed: (exception) => this.executeErrors.labels({ taskType, exception }).inc(),
      updateFailed: () => updateErrors.inc(),
      leaseExtended: () => leaseExtensions.inc(),
      inFlight: (delta) => active.inc(delta),
    };
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Metrics that record nothing (TaskHandler with `metrics: false`). */
export const NO_METRICS: TaskTypeMetrics = {
  pollSent: () => {},
  pollSucceeded: () => {},
  pollFailed: () => {},
  taskChained: () => {},
  executed: () => {},
  executionFailed: () => {},
  updateFailed: () => {},
  leaseExtended: () => {},
  inFlight: () => {},
};
