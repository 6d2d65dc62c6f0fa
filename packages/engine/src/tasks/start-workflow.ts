/**
 * START_WORKFLOW (§5): fire-and-forget start of the workflow described by input `startWorkflow` (a
 * StartWorkflowRequest; correlationId and taskToDomain are inherited when absent). The task waits
 * IN_PROGRESS until the runtime reports COMPLETED `{workflowId}` or FAILED.
 */
import { TaskType, type StartWorkflowRequest } from '@baton/protocol';
import { isJsonObject } from '../expressions/json-values.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask, started } from './new-task.js';

export const startWorkflowTask: TaskTypeModule = {
  type: TaskType.START_WORKFLOW,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.START_WORKFLOW)],
  execute(task, run) {
    if (task.status !== 'SCHEDULED') return;
    const given = task.inputData.startWorkflow;
    if (!isJsonObject(given) || typeof given.name !== 'string' || given.name.trim() === '') {
      const reason =
        "Missing or invalid 'startWorkflow' input: a StartWorkflowRequest with a name is required";
      run.update(task, ended(task, run.now, 'FAILED', task.outputData, reason));
      return;
    }
    const workflow = run.workflow;
    const request = { ...given } as unknown as StartWorkflowRequest;
    if (!request.correlationId && workflow.correlationId !== undefined)
      request.correlationId = workflow.correlationId;
    if (!isJsonObject(request.taskToDomain) || Object.keys(request.taskToDomain).length === 0) {
      if (workflow.taskToDomain) request.taskToDomain = workflow.taskToDomain;
    }
    run.emit({
      type: 'startWorkflow',
      workflowId: run.ctx.newId(),
      request,
      reportTo: { workflowId: workflow.workflowId, taskId: task.taskId },
    });
    run.update(task, started(task, run.now));
  },
};
