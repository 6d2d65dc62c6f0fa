/**
 * System tasks run by the server's executors (HTTP, JSON_JQ_TRANSFORM, EVENT; INLINE scripts too, see
 * inline.ts): the decider only schedules them on the queue named after their type; the executor reports
 * the outcome as an ordinary task result.
 */
import { TaskType } from '@baton/protocol';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';
import type { TaskTypeModule } from './module.js';
import { newTask } from './new-task.js';

function executorTask(type: string): TaskTypeModule {
  return { type, execution: 'async', isOperator: false, schedule: (request) => [newTask(request, type)] };
}

export const httpTask = executorTask(TaskType.HTTP);
export const jsonJqTransformTask = executorTask(TaskType.JSON_JQ_TRANSFORM);

/** EVENT: like Conductor, the input also carries the resolved `sink` and `asyncComplete`. */
export const eventTask: TaskTypeModule = {
  ...executorTask(TaskType.EVENT),
  schedule(request) {
    const task = newTask(request, TaskType.EVENT);
    const { sink, asyncComplete = false } = request.workflowTask;
    const resolvedSink: unknown =
      sink === undefined
        ? undefined
        : resolveParameters(sink, buildExpressionContext(request.workflow, { taskId: task.taskId }));
    return [{ ...task, inputData: { ...task.inputData, sink: resolvedSink ?? null, asyncComplete } }];
  },
};
