/**
 * A few thousand executions with known, varied fields, and the same search done in plain JavaScript: the oracle
 * the store's answers are compared with.
 */
import type { Task, Workflow, WorkflowStatus } from '@baton/protocol';
import type { Store } from '../src/index.js';
import { task, workflow, workflowDef } from './helpers.js';

export const BASE_TIME = Date.UTC(2024, 0, 1);
const STATUSES: WorkflowStatus[] = ['RUNNING', 'COMPLETED', 'FAILED', 'TERMINATED', 'TIMED_OUT', 'PAUSED'];
const TYPES = ['orders', 'payments', 'shipping'];

/** The n-th execution: every field is a function of n, so tests can predict any answer. */
export function seeded(n: number): Workflow {
  const type = TYPES[n % TYPES.length]!;
  const status = STATUSES[n % STATUSES.length]!;
  const ended = !['RUNNING', 'PAUSED'].includes(status);
  const startTime = BASE_TIME + n * 1000;
  const wf = workflow(`wf-${String(n).padStart(5, '0')}`, workflowDef(type, 1 + (n % 2)), {
    status,
    startTime,
    createTime: startTime,
    updateTime: startTime + 10,
    endTime: ended ? startTime + (n % 7) * 100 + 1 : 0,
    priority: n % 4,
    input: { customer: `cust-${n % 50}`, note: n % 100 === 0 ? 'urgent delivery' : 'regular', amount: n / 4 },
    output: status === 'COMPLETED' ? { invoice: `INV-${n}` } : {},
    ...(n % 7 !== 0 && { correlationId: `corr-${n % 500}` }),
    ...(status === 'FAILED' && { reasonForIncompletion: `declined card ${n % 3}` }),
    ...(n % 10 === 9 && { parentWorkflowId: `wf-${String(n - 1).padStart(5, '0')}` }),
  });
  wf.tasks = [
    task(wf, `${wf.workflowId}-a`, 1, { status: 'COMPLETED', taskType: 'validate', taskDefName: 'validate' }),
    task(wf, `${wf.workflowId}-b`, 2, {
      status: ended ? 'COMPLETED' : 'SCHEDULED',
      taskType: n % 2 === 0 ? 'HTTP' : `work_${type}`,
      taskDefName: n % 2 === 0 ? 'http_call' : `work_${type}`,
      inputData: { sku: `SKU-${n % 40}` },
      outputData: ended ? { shipped: `box-${n}` } : {},
      ...(n % 5 === 0 && { domain: 'blue' }),
    }),
  ];
  return wf;
}

/**
 * Stores executions 0 .. count-1 in calls of 100, one after the other: ties in a sort follow the creation order,
 * which calls running side by side on several PostgreSQL connections would interleave.
 */
export async function seedStore(store: Store, count: number): Promise<Workflow[]> {
  const all = Array.from({ length: count }, (_, n) => seeded(n));
  for (let from = 0; from < count; from += 100) {
    const part = all.slice(from, from + 100);
    await store.transact(async (tx) => {
      for (const wf of part) await tx.createWorkflow(wf);
    });
  }
  return all;
}

/** Ids of `all` that pass `keep`, ordered by `key` (then newest first unless `ascending`). */
export function expectedIds(
  all: readonly Workflow[],
  keep: (wf: Workflow) => boolean,
  order?: { key: (wf: Workflow) => number | string; descending: boolean },
): string[] {
  const hits = all.map((wf, rowid) => ({ wf, rowid })).filter(({ wf }) => keep(wf));
  hits.sort((a, b) => {
    if (order) {
      const x = order.key(a.wf);
      const y = order.key(b.wf);
      if (x !== y) return (x < y ? -1 : 1) * (order.descending ? -1 : 1);
      return (a.rowid - b.rowid) * (order.descending ? -1 : 1);
    }
    return b.rowid - a.rowid;
  });
  return hits.map(({ wf }) => wf.workflowId);
}

export function allTasks(all: readonly Workflow[]): Task[] {
  return all.flatMap((wf) => wf.tasks);
}
