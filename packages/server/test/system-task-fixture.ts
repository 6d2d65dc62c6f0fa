// A scheduled system task as the runtime hands it to an executor, for the executor tests.
import type { JsonObject, Task, WorkflowTask } from '@baton/protocol';

export function systemTask(
  taskType: string,
  inputData: JsonObject,
  workflowTask: Partial<WorkflowTask> = {},
): Task {
  const now = Date.now();
  return {
    taskId: `task-${Math.random().toString(36).slice(2)}`,
    taskType,
    taskDefName: taskType,
    referenceTaskName: `${taskType.toLowerCase()}_ref`,
    status: 'SCHEDULED',
    inputData,
    outputData: {},
    workflowInstanceId: 'wf-1',
    workflowType: 'executor_test',
    workflowPriority: 0,
    seq: 1,
    retryCount: 0,
    retried: false,
    executed: false,
    pollCount: 0,
    scheduledTime: now,
    startTime: 0,
    endTime: 0,
    updateTime: now,
    startDelayInSeconds: 0,
    callbackAfterSeconds: 0,
    callbackFromWorker: true,
    responseTimeoutSeconds: 3600,
    workflowTask: {
      name: taskType,
      taskReferenceName: `${taskType.toLowerCase()}_ref`,
      type: taskType,
      ...workflowTask,
    },
    rateLimitPerFrequency: 0,
    rateLimitFrequencyInSeconds: 1,
    iteration: 0,
    loopOverTask: false,
    queueWaitTime: 0,
  };
}

export const neverAborted = new AbortController().signal;
