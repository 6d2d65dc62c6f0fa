/** NOOP (§5): completes at once. */
import { TaskType } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

export const noopTask: TaskTypeModule = {
  type: TaskType.NOOP,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.NOOP)],
  execute: (task, run) => void run.update(task, ended(task, run.now, 'COMPLETED')),
};
