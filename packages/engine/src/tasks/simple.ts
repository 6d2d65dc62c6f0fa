/**
 * SIMPLE (§5): a task done by an external worker. Also serves user-defined (unknown) types, which are
 * scheduled the same way but queued under the type string instead of the task name.
 */
import { TaskType, type WorkflowTask } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { newTask } from './new-task.js';

export const simpleTask: TaskTypeModule = {
  type: TaskType.SIMPLE,
  execution: 'worker',
  isOperator: false,
  schedule: (request) => [newTask(request, workerTaskType(request.workflowTask))],
};

/** The runtime `taskType` (= queue name) of a worker task: SIMPLE queues under the name, others under the type. */
export function workerTaskType(workflowTask: WorkflowTask): string {
  const type = workflowTask.type;
  return !type || type === TaskType.SIMPLE ? workflowTask.name : type;
}
