/**
 * Applying a worker's TaskResult to its task (§2.6, §3.2), before the decide pass runs. Results for
 * ended tasks or ended workflows are ignored (their queue message is dropped), as Conductor does.
 */
import { isTerminalTaskStatus, isTerminalWorkflowStatus, type Task, type TaskResult } from '@baton/protocol';
import { executionOf } from '../tasks/registry.js';
import { dequeueTask, queueTask } from './commands.js';
import type { Pass } from './pass.js';

export type ResultOutcome =
  | { kind: 'ignored'; reason: string }
  /** `extendLease`: only the task's updateTime moved; no decide pass. */
  | { kind: 'leaseExtended' }
  | { kind: 'applied' };

const MAX_REASON_LENGTH = 500;

export function applyTaskResult(pass: Pass, result: TaskResult): ResultOutcome {
  const { workflow } = pass;
  const task = pass.task(result.taskId);
  if (!task) return ignored(`Task ${result.taskId} is not part of workflow ${workflow.workflowId}`);
  if (isTerminalWorkflowStatus(workflow.status)) {
    pass.emit(dequeueTask(task));
    return ignored(`Workflow ${workflow.workflowId} is already ${workflow.status}`);
  }
  if (isTerminalTaskStatus(task.status)) {
    pass.emit(dequeueTask(task));
    return ignored(`Task ${task.taskId} is already ${task.status}`);
  }
  if (result.extendLease) {
    pass.updateTask(task, { updateTime: pass.now });
    return { kind: 'leaseExtended' };
  }
  const reported = { ...reportedFields(result), updateTime: pass.now };
  const status = result.status ?? 'IN_PROGRESS';
  if (status !== 'IN_PROGRESS') {
    pass.updateTask(task, { ...reported, status, endTime: pass.now });
    pass.emit(dequeueTask(task));
    return { kind: 'applied' };
  }
  applyInProgress(pass, task, reported, result.callbackAfterSeconds ?? 0);
  return { kind: 'applied' };
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
      reasonForIncompletion: result.reasonForIncompletion.slice(0, MAX_REASON_LENGTH),
    }),
    ...(result.workerId != null && { workerId: result.workerId }),
    ...(result.executionMetadata != null && { executionMetadata: result.executionMetadata }),
    ...(result.subWorkflowId != null && { subWorkflowId: result.subWorkflowId }),
  };
}

function ignored(reason: string): ResultOutcome {
  return { kind: 'ignored', reason };
}
