/** The Task every module starts from: one SCHEDULED attempt of a WorkflowTask with all fields initialised. */
import type { Task } from '@baton/protocol';
import { taskReason } from '../decider/reasons.js';
import { iterationOf } from './loop-refs.js';
import type { ScheduleRequest } from './module.js';
import { resolveTaskInput } from './task-input.js';

/** `seq` and `domain` are left for the decider, which assigns them when it adds the task. */
export function newTask(request: ScheduleRequest, taskType: string): Task {
  const { workflow, workflowTask, taskDef, ctx, loopSuffix, extraInput } = request;
  const taskId = ctx.newId();
  const startDelay = workflowTask.startDelay ?? 0;
  const iteration = iterationOf(loopSuffix);
  return {
    taskId,
    taskType,
    taskDefName: workflowTask.name || taskType,
    referenceTaskName: workflowTask.taskReferenceName + loopSuffix,
    status: 'SCHEDULED',
    inputData: { ...resolveTaskInput(workflow, workflowTask, taskDef, taskId), ...extraInput },
    outputData: {},
    workflowInstanceId: workflow.workflowId,
    workflowType: workflow.workflowName,
    ...(workflow.correlationId !== undefined && { correlationId: workflow.correlationId }),
    workflowPriority: workflow.priority,
    seq: 0,
    retryCount: request.retryCount,
    retried: false,
    executed: false,
    pollCount: 0,
    scheduledTime: ctx.now,
    firstScheduledTime: ctx.now,
    startTime: 0,
    endTime: 0,
    updateTime: ctx.now,
    startDelayInSeconds: startDelay,
    callbackAfterSeconds: startDelay,
    // Conductor's default: the task is expected to be completed by a worker's callback.
    callbackFromWorker: true,
    responseTimeoutSeconds: taskDef.responseTimeoutSeconds,
    workflowTask,
    rateLimitPerFrequency: taskDef.rateLimitPerFrequency,
    rateLimitFrequencyInSeconds: taskDef.rateLimitFrequencyInSeconds,
    ...(taskDef.isolationGroupId !== undefined && { isolationGroupId: taskDef.isolationGroupId }),
    ...(taskDef.executionNameSpace !== undefined && { executionNameSpace: taskDef.executionNameSpace }),
    iteration,
    loopOverTask: iteration > 0,
    queueWaitTime: 0,
  };
}

/** The changes that end a task the decider runs itself. */
export function ended(
  task: Task,
  now: number,
  status: Task['status'],
  outputData: Task['outputData'] = task.outputData,
  reasonForIncompletion?: string,
): Partial<Task> {
  return {
    status,
    outputData,
    startTime: task.startTime || now,
    endTime: now,
    updateTime: now,
    ...(reasonForIncompletion !== undefined && { reasonForIncompletion: taskReason(reasonForIncompletion) }),
  };
}

/** The changes that start a task the decider runs itself (it then waits for something). */
export function started(task: Task, now: number): Partial<Task> {
  return { status: 'IN_PROGRESS', startTime: task.startTime || now, updateTime: now };
}
