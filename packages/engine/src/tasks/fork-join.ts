/**
 * FORK_JOIN (§5): the FORK task (runtime type `FORK`) is COMPLETED at once; when the decider moves past it,
 * the first task of every branch and the following JOIN are scheduled in the same step.
 */
import { TaskType } from '@baton/protocol';
import { loopSuffixOf } from './loop-refs.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

export const forkJoinTask: TaskTypeModule = {
  type: TaskType.FORK_JOIN,
  execution: 'sync',
  isOperator: true,
  schedule(request) {
    const task = newTask(request, TaskType.FORK);
    return [{ ...task, ...ended(task, request.ctx.now, 'COMPLETED') }];
  },
  scheduleNext(task, run) {
    const loopSuffix = loopSuffixOf(task.referenceTaskName);
    for (const branch of task.workflowTask.forkTasks ?? []) {
      const first = branch[0];
      if (first) run.schedule(first, { loopSuffix });
    }
    run.scheduleSuccessor(task);
  },
  afterChildList: () => ({ kind: 'none' }),
};
