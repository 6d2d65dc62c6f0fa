/**
 * PULL_WORKFLOW_MESSAGES (Conductor 3.x's workflow message queue): IN_PROGRESS at once, never offered to workers,
 * and completed by the runtime with `{messages, count}` as soon as messages posted to the workflow
 * (`POST /api/workflow/{id}/messages`) are there: up to `batchSize` of them (input; default 1, at most 100),
 * oldest first. With none queued it keeps waiting (its timeoutSeconds bounds the wait).
 */
import { TaskType } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { newTask, started } from './new-task.js';

export const pullWorkflowMessagesTask: TaskTypeModule = {
  type: TaskType.PULL_WORKFLOW_MESSAGES,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.PULL_WORKFLOW_MESSAGES)],
  execute(task, run) {
    if (task.status === 'SCHEDULED') run.update(task, started(task, run.now));
  },
};
