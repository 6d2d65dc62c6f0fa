/** A task that ended unsuccessfully (§4.4): retried, tolerated (optional / permissive), or the end of the workflow. */
import type { Task } from '@baton/protocol';
import { endWorkflow, failureReason, type EndStatus } from './complete.js';
import type { Pass } from './pass.js';
import { canRetry, retryTask } from './retry.js';
import { taskDefOf } from './task-def-of.js';

export type FailureOutcome =
  | { kind: 'retried' }
  /** The workflow goes on past `task` (optional: now COMPLETED_WITH_ERRORS; permissive: still failed). */
  | { kind: 'tolerated'; task: Task }
  | { kind: 'workflowEnded' };

export function handleFailure(pass: Pass, task: Task): FailureOutcome {
  const def = taskDefOf(task, pass.ctx);
  if (canRetry(pass, task, def)) {
    retryTask(pass, task, def);
    return { kind: 'retried' };
  }
  if (task.workflowTask.optional) {
    return {
      kind: 'tolerated',
      task: pass.updateTask(task, { status: 'COMPLETED_WITH_ERRORS', updateTime: pass.now }),
    };
  }
  if (task.workflowTask.permissive) return { kind: 'tolerated', task };
  const status = workflowStatusFor(task);
  endWorkflow(pass, { status, reason: failureReason(task, status), trigger: task });
  return { kind: 'workflowEnded' };
}

function workflowStatusFor(task: Task): EndStatus {
  if (task.status === 'CANCELED') return 'TERMINATED';
  if (task.status === 'TIMED_OUT') return 'TIMED_OUT';
  return 'FAILED';
}
