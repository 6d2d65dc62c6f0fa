/**
 * Applying a worker's TaskResult to its task (§2.6, §3.2), before the decide pass runs. Results for
 * ended tasks or ended workflows are ignored (their queue message is dropped), as Conductor does.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  tooDeepReason,
  type Task,
  type TaskResult,
} from '@baton/protocol';
import { executionOf } from '../tasks/registry.js';
import { dequeueTask, queueTask } from './commands.js';
import type { Pass } from './pass.js';
import { taskReason } from './reasons.js';

export type ResultOutcome =
  | { kind: 'ignored'; reason: string }
  /** `extendLease`: only the task's updateTime moved; no decide pass. */
  | { kind: 'leaseExtended' }
  | { kind: 'applied' };

export function applyTaskResult(pass: Pass, reported: TaskResult): ResultOutcome {
  const { workflow } = pass;
  const task = pass.task(reported.taskId);
  if (!task) return ignored(`Task ${reported.taskId} is not part of workflow ${workflow.workflowId}`);
  if (isTerminalWorkflowStatus(workflow.status)) {
    pass.emit(dequeueTask(task));
    return ignored(`Workflow ${workflow.workflowId} is already ${workflow.status}`);
  }
  if (isTerminalTaskStatus(task.status)) {
    pass.emit(dequeueTask(task));
    return ignored(`Task ${task.taskId} is already ${task.status}`);
  }
  if (reported.extendLease) {
    pass.updateTask(task, { updateTime: pass.now });
    return { kind: 'leaseExtended' };
  }
  const result = withinDepthLimit(reported);
  const fields = { ...reportedFields(result), updateTime: pass.now };
  const status = result.status ?? 'IN_PROGRESS';
  if (status !== 'IN_PROGRESS') {
    pass.updateTask(task, { ...fields, status, endTime: pass.now });
    pass.emit(dequeueTask(task));
    return { kind: 'applied' };
  }
  applyInProgress(pass, task, fields, result.callbackAfterSeconds ?? 0);
  return { kind: 'applied' };
}

/**
 * An output nested deeper than MAX_JSON_DEPTH (a script or an HTTP response can build one) is not stored: the
 * task fails for good with the reason, as Conductor fails a task whose output is over its hard size limit.
 */
function withinDepthLimit(result: TaskResult): TaskResult {
  const reason = tooDeepReason('Task output', result.outputData);
  if (reason === undefined) return result;
  return { ...result, status: 'FAILED_WITH_TERMINAL_ERROR', outputData: {}, reasonForIncompletion: reason };
}

/**
 * Still working: a worker task's message reappears after `callbackAfterSeconds`, to be polled again (§8.1);
 * the task waits SCHEDULED, or, with no callback delay, stays IN_PROGRESS as Conductor keeps it (the next
 * poll hands it out again and counts). An executor's task is IN_PROGRESS and offered to its
 * executor again after `callbackAfterSeconds`, unless it is `asyncComplete` (then it waits for an outside
 * update). Tasks the decider runs itself just take the reported fields.
 */
function applyInProgress(
  pass: Pass,
  task: Task,
  reported: Partial<Task>,
  callbackAfterSeconds: number,
): void {
  const execution = executionOf(task);
  let status = task.status;
  if (execution === 'worker') status = callbackAfterSeconds > 0 ? 'SCHEDULED' : 'IN_PROGRESS';
  else if (execution === 'async') status = 'IN_PROGRESS';
  const updated = pass.updateTask(task, { ...reported, status, callbackAfterSeconds });
  const reoffered = execution === 'worker' || (execution === 'async' && !task.workflowTask.asyncComplete);
  if (reoffered) pass.emit(queueTask(updated, callbackAfterSeconds * 1000));
}

function reportedFields(result: TaskResult): Partial<Task> {
  return {
    ...(result.outputData !== undefined && { outputData: result.outputData }),
    ...(result.reasonForIncompletion != null && {
      reasonForIncompletion: taskReason(result.reasonForIncompletion),
    }),
    ...(result.workerId != null && { workerId: result.workerId }),
    ...(result.executionMetadata != null && { executionMetadata: result.executionMetadata }),
    ...(result.subWorkflowId != null && { subWorkflowId: result.subWorkflowId }),
  };
}

function ignored(reason: string): ResultOutcome {
  return { kind: 'ignored', reason };
}
