/**
 * EXCLUSIVE_JOIN (§5): joins whichever branch of a decision ran. The first task of `joinOn` (in order) that
 * was scheduled and not SKIPPED decides, else the first of `defaultExclusiveJoinTask`; once that task is
 * terminal the join copies its output (COMPLETED) or fails with its reason. When none of them ran it
 * completes with an empty output.
 */
import { isSuccessfulTaskStatus, TaskType, type Task, type Workflow } from '@baton/protocol';
import { isSettled, latestTask, stringList } from './latest-task.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask, started } from './new-task.js';

export const exclusiveJoinTask: TaskTypeModule = {
  type: TaskType.EXCLUSIVE_JOIN,
  execution: 'sync',
  isOperator: true,
  schedule(request) {
    const suffixed = (refs: string[] | undefined): string[] =>
      (refs ?? []).map((r) => r + request.loopSuffix);
    const task = newTask(request, TaskType.EXCLUSIVE_JOIN);
    const inputData = {
      joinOn: suffixed(request.workflowTask.joinOn),
      defaultExclusiveJoinTask: suffixed(request.workflowTask.defaultExclusiveJoinTask),
    };
    return [{ ...task, ...started(task, request.ctx.now), inputData }];
  },
  execute(task, run) {
    const chosen =
      firstRan(run.workflow, stringList(task.inputData.joinOn)) ??
      firstRan(run.workflow, stringList(task.inputData.defaultExclusiveJoinTask));
    if (!chosen) {
      run.update(task, ended(task, run.now, 'COMPLETED', {}));
      return;
    }
    if (!isSettled(chosen)) return;
    if (isSuccessfulTaskStatus(chosen.status)) {
      run.update(task, ended(task, run.now, 'COMPLETED', chosen.outputData));
    } else {
      run.update(task, ended(task, run.now, 'FAILED', {}, chosen.reasonForIncompletion ?? chosen.status));
    }
  },
};

function firstRan(workflow: Workflow, refs: string[]): Task | undefined {
  for (const ref of refs) {
    const task = latestTask(workflow, ref);
    if (task && task.status !== 'SKIPPED') return task;
  }
  return undefined;
}
