/**
 * Retrying an ended workflow (§4.3): the latest unsuccessful attempt of each ref gets a new attempt at
 * once (operators are reopened in place instead) and the workflow runs again. The caller then runs a
 * decide pass.
 */
import type { Task, TaskStatus } from '@baton/protocol';
import type { Pass } from './pass.js';
import { retryTask } from './retry.js';
import { taskDefOf } from './task-def-of.js';

const RETRYABLE: ReadonlySet<TaskStatus> = new Set([
  'FAILED',
  'FAILED_WITH_TERMINAL_ERROR',
  'TIMED_OUT',
  'CANCELED',
]);
/** Operators waiting on other tasks: they are reopened, not re-attempted. */
const REOPENED_IN_PLACE: ReadonlySet<string> = new Set(['JOIN', 'EXCLUSIVE_JOIN', 'DO_WHILE', 'FORK']);

/** Returns why it was refused: nothing to retry. */
export function retryWorkflow(pass: Pass): string | undefined {
  const toRetry = latestAttempts(pass.tasks).filter((t) => RETRYABLE.has(t.status));
  if (toRetry.length === 0) {
    return `There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.`;
  }
  for (const task of toRetry) {
    if (REOPENED_IN_PLACE.has(task.taskType)) {
      pass.updateTask(task, {
        status: 'IN_PROGRESS',
        executed: false,
        endTime: 0,
        reasonForIncompletion: undefined,
        updateTime: pass.now,
      });
    } else {
      retryTask(pass, task, taskDefOf(task, pass.ctx), true);
    }
  }
  pass.updateWorkflow({
    status: 'RUNNING',
    reasonForIncompletion: undefined,
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    endTime: 0,
    lastRetriedTime: pass.now,
  });
  return undefined;
}

/** The attempt with the highest seq for each reference name (a later success hides an earlier failure). */
function latestAttempts(tasks: readonly Task[]): Task[] {
  const latest = new Map<string, Task>();
  for (const task of tasks) {
    const seen = latest.get(task.referenceTaskName);
    if (!seen || task.seq > seen.seq) latest.set(task.referenceTaskName, task);
  }
  return [...latest.values()];
}
