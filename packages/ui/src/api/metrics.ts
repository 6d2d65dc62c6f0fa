/**
 * The server's Prometheus metrics (`GET /metrics?format=json`, prom-client's JSON form), summarised for the
 * queues page: polls, hand-outs, mean queue wait and execution time per queue, running workflows per name, and
 * the sandboxes' queues.
 */

/** One metric as prom-client lists it; a histogram's values carry their series name in `metricName`. */
export interface PromMetric {
  name: string;
  type: string;
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
}

export interface QueueMetrics {
  /** Poll requests (with or without a task in the answer). */
  polls: number;
  /** Tasks handed out by those polls. */
  handedOut: number;
  /** Mean time from scheduled to handed out, ms. */
  meanWaitMs?: number;
  /** Mean time from start to end of finished attempts, ms. */
  meanExecutionMs?: number;
}

export interface ServerMetrics {
  /** By queue name (`[domain:]taskType`). */
  queues: Record<string, QueueMetrics>;
  /** RUNNING workflows by name. */
  running: Record<string, number>;
  /** Jobs waiting for a sandbox worker thread, by sandbox (`script`, `jq`). */
  sandboxQueues: Record<string, number>;
}

const queueName = (labels: Record<string, string | number>): string => {
  const domain = labels.domain === undefined || labels.domain === 'NO_DOMAIN' ? '' : `${labels.domain}:`;
  return `${domain}${String(labels.taskType)}`;
};

/** Sum of `_sum` over sum of `_count` per queue of a histogram, in ms. */
function meansMs(metric: PromMetric | undefined): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const v of metric?.values ?? []) {
    const key = queueName(v.labels);
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    if (v.metricName?.endsWith('_sum')) entry.sum += v.value;
    else if (v.metricName?.endsWith('_count')) entry.count += v.value;
    else continue;
    sums.set(key, entry);
  }
  const means = new Map<string, number>();
  for (const [key, { sum, count }] of sums) if (count > 0) means.set(key, (sum / count) * 1000);
  return means;
}

export function summarizeMetrics(metrics: readonly PromMetric[]): ServerMetrics {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const queues: Record<string, QueueMetrics> = {};
  const queue = (name: string): QueueMetrics => (queues[name] ??= { polls: 0, handedOut: 0 });
  for (const v of byName.get('task_poll')?.values ?? []) queue(queueName(v.labels)).polls += v.value;
  for (const v of byName.get('task_poll_count')?.values ?? [])
    queue(queueName(v.labels)).handedOut += v.value;
  for (const [name, ms] of meansMs(byName.get('task_queue_wait'))) queue(name).meanWaitMs = ms;
  for (const [name, ms] of meansMs(byName.get('task_execution'))) queue(name).meanExecutionMs = ms;

  const labelled = (metric: string, label: string): Record<string, number> =>
    Object.fromEntries((byName.get(metric)?.values ?? []).map((v) => [String(v.labels[label]), v.value]));
  return {
    queues,
    running: labelled('workflow_running', 'workflowName'),
    sandboxQueues: labelled('sandbox_queue_length', 'sandbox'),
  };
}

export async function getServerMetrics(signal?: AbortSignal): Promise<ServerMetrics> {
  const response = await fetch('/metrics?format=json', { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return summarizeMetrics((await response.json()) as PromMetric[]);
}
