/**
 * YIELD (Conductor 3.x, Orkes): hands control back to the caller. IN_PROGRESS at once, never offered to
 * workers, and ended only from outside: a signal (`POST /api/tasks/{workflowId}/{status}/signal[/sync]`) or a
 * task update, whose output becomes the task's output. A synchronous execute or signal answers as soon as
 * the workflow reaches it.
 */
import { TaskType } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { newTask, started } from './new-task.js';

export const yieldTask: TaskTypeModule = {
  type: TaskType.YIELD,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.YIELD)],
  execute(task, run) {
    if (task.status === 'SCHEDULED') run.update(task, started(task, run.now));
  },
};
