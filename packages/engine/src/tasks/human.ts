/** HUMAN (§5): IN_PROGRESS until someone updates it with a task result; never offered to workers. */
import { TaskType } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { newTask, started } from './new-task.js';

export const humanTask: TaskTypeModule = {
  type: TaskType.HUMAN,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.HUMAN)],
  execute(task, run) {
    if (task.status === 'SCHEDULED') run.update(task, started(task, run.now));
  },
};
