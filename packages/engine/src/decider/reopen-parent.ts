/**
 * A retried child reopens its parent (§4.3: "parents of a sub-workflow are reopened up the chain"): the
 * parent's SUB_WORKFLOW task waits on the child again and the parent runs again. The caller then runs a
 * decide pass.
 */
import { isTerminalTaskStatus } from '@baton/protocol';
import type { Pass } from './pass.js';

/** Returns why it was refused: the task is unknown, still running, or already replaced by a retry. */
export function reopenForChild(pass: Pass, taskId: string, childWorkflowId: string): string | undefined {
  const task = pass.task(taskId);
  if (!task) return `No task ${taskId} in workflow ${pass.workflow.workflowId}`;
  if (!isTerminalTaskStatus(task.status)) return `Task ${taskId} is still ${task.status}`;
  if (task.retried) return `Task ${taskId} was already retried`;
  pass.updateTask(task, {
    status: 'IN_PROGRESS',
    subWorkflowId: childWorkflowId,
    reasonForIncompletion: undefined,
    executed: false,
    endTime: 0,
    updateTime: pass.now,
  });
  if (pass.workflow.status !== 'RUNNING' && pass.workflow.status !== 'PAUSED') {
    pass.updateWorkflow({
      status: 'RUNNING',
      reasonForIncompletion: undefined,
      failedReferenceTaskNames: [],
      failedTaskNames: [],
      endTime: 0,
      lastRetriedTime: pass.now,
    });
  }
  return undefined;
}
