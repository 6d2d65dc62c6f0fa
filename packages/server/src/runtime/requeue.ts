/**
 * POST /api/tasks/queue/requeue/{taskType} (§1.3): puts every pending task of a worker type back on its queue,
 * as Conductor's requeuePendingTasks does to recover lost queue messages. A task waiting out a callback keeps
 * the rest of its wait. System and decider-run task types have no worker queue and are left alone.
 */
import { executionOf, isSystemTaskType, queueNameFor } from '@baton/engine';
import { isTerminalTaskStatus, type SearchRequest, type Task } from '@baton/protocol';
import type { Store } from '@baton/store';

const PAGE_SIZE = 500;

/** Returns how many tasks were put back. */
export async function requeuePendingTasks(store: Store, taskType: string, now: number): Promise<number> {
  if (isSystemTaskType(taskType)) return 0;
  const pending = await pendingTasks(store, taskType);
  const requeued = pending.filter(
    (task) => executionOf(task) === 'worker' && !isTerminalTaskStatus(task.status),
  );
  await store.transact(async (tx) => {
    for (const task of requeued) {
      await tx.queuePush(queueNameFor(task), task.taskId, task.workflowPriority, visibleAt(task, now));
    }
  });
  return requeued.length;
}

/** The SCHEDULED and IN_PROGRESS tasks of a type, oldest first as the search orders them. */
export async function pendingTasks(store: Store, taskType: string): Promise<Task[]> {
  const filter: SearchRequest['filter'] = {
    kind: 'and',
    left: { kind: 'compare', field: 'taskType', op: '=', value: taskType },
    right: { kind: 'in', field: 'status', values: ['SCHEDULED', 'IN_PROGRESS'] },
  };
  const tasks: Task[] = [];
  for (let start = 0; ; start += PAGE_SIZE) {
    const page = await store.searchTasks({ filter, sort: [], start, size: PAGE_SIZE });
    tasks.push(...page.results);
    if (page.results.length < PAGE_SIZE) return tasks;
  }
}

/** When a re-pushed message becomes visible: a task waiting out a callback keeps the rest of its wait. */
export function visibleAt(task: Task, now: number): number {
  return now + Math.max(0, task.updateTime + task.callbackAfterSeconds * 1000 - now);
}
