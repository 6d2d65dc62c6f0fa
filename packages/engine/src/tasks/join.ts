/**
 * JOIN (§5): waits for the tasks in its input `joinOn` (the definition's list, or the one a dynamic fork
 * computed) and is re-evaluated in every pass. COMPLETED (COMPLETED_WITH_ERRORS when optional tasks failed)
 * with `{ref: output}` once all are terminal; FAILED (CANCELED when every failure was a cancellation) when a
 * joined task failed for good, which only a permissive task can do without ending the workflow first, and
 * only once all joined tasks are terminal.
 */
import { isSuccessfulTaskStatus, TaskType, type JsonObject, type Task } from '@baton/protocol';
import { isSettled, latestTask, stringList } from './latest-task.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask, started } from './new-task.js';

export const joinTask: TaskTypeModule = {
  type: TaskType.JOIN,
  execution: 'sync',
  isOperator: true,
  schedule(request) {
    const joinOn = (request.workflowTask.joinOn ?? []).map((ref) => ref + request.loopSuffix);
    const task = newTask(request, TaskType.JOIN);
    return [{ ...task, ...started(task, request.ctx.now), inputData: { joinOn } }];
  },
  execute(task, run) {
    const joined: Task[] = [];
    for (const ref of stringList(task.inputData.joinOn)) {
      const forked = latestTask(run.workflow, ref);
      if (!forked || !isSettled(forked)) return;
      joined.push(forked);
    }
    const output: JsonObject = {};
    for (const forked of joined) {
      if (Object.keys(forked.outputData).length > 0) output[forked.referenceTaskName] = forked.outputData;
    }
    const failures = joined.filter((t) => !isSuccessfulTaskStatus(t.status));
    if (failures.length > 0) {
      const status = failures.every((t) => t.status === 'CANCELED') ? 'CANCELED' : 'FAILED';
      const reason = failures
        .map((t) => t.reasonForIncompletion ?? `${t.referenceTaskName} ${t.status}`)
        .join(' ');
      run.update(task, ended(task, run.now, status, output, reason));
      return;
    }
    const withErrors = joined.some((t) => t.status === 'COMPLETED_WITH_ERRORS');
    run.update(task, ended(task, run.now, withErrors ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED', output));
  },
};
