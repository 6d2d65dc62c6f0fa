/**
 * TERMINATE (§5): ends the workflow with `terminationStatus` (COMPLETED, FAILED or TERMINATED) and
 * `terminationReason` (default "Workflow is {status} by TERMINATE task: {taskId}"). The task COMPLETES with
 * `workflowOutput` (a map, or any other value as `{output: value}`), which becomes the workflow's output;
 * other running tasks are canceled and FAILED/TERMINATED start the failure workflow. A bad status fails
 * the task instead.
 */
import { TaskType, type JsonObject } from '@baton/protocol';
import { isJsonObject } from '../expressions/json-values.js';
import type { EndStatus, TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

const TERMINATION_STATUSES: ReadonlySet<unknown> = new Set(['COMPLETED', 'FAILED', 'TERMINATED']);

export const terminateTask: TaskTypeModule = {
  type: TaskType.TERMINATE,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.TERMINATE)],
  execute(task, run) {
    const { terminationStatus, terminationReason, workflowOutput } = task.inputData;
    if (!TERMINATION_STATUSES.has(terminationStatus)) {
      run.update(
        task,
        ended(task, run.now, 'FAILED', task.outputData, 'given termination status is not valid'),
      );
      return;
    }
    const status = terminationStatus as EndStatus;
    run.update(task, ended(task, run.now, 'COMPLETED', outputOf(workflowOutput)));
    const reason =
      typeof terminationReason === 'string' && terminationReason.trim() !== ''
        ? terminationReason
        : `Workflow is ${status} by TERMINATE task: ${task.taskId}`;
    run.endWorkflow({ status, reason, byEngine: status !== 'COMPLETED' });
  },
};

function outputOf(workflowOutput: unknown): JsonObject {
  if (workflowOutput === undefined || workflowOutput === null) return {};
  return isJsonObject(workflowOutput) ? { ...workflowOutput } : { output: workflowOutput };
}
