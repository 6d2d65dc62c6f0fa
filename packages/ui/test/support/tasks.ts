// Execution tasks for the pure graph tests: only what the UI reads is meaningful, the rest is filler.
import type { JsonObject, Task, TaskStatus, WorkflowTask } from '@baton/protocol';

let seq = 0;

export function task(
  workflowTask: WorkflowTask,
  status: TaskStatus,
  extra: Partial<Task> & { ref?: string; outputData?: JsonObject } = {},
): Task {
  const { ref, ...rest } = extra;
  seq += 1;
  return {
    taskId: `t${seq}`,
    taskType: workflowTask.type ?? workflowTask.name,
    taskDefName: workflowTask.name,
    referenceTaskName: ref ?? workflowTask.taskReferenceName,
    status,
    inputData: {},
    outputData: {},
    workflowInstanceId: 'wf',
    workflowType: 'wf',
    workflowPriority: 0,
    seq,
    retryCount: 0,
    retried: false,
    executed: false,
    pollCount: 0,
    scheduledTime: 1000 * seq,
    startTime: 1000 * seq,
    endTime: 0,
    updateTime: 1000 * seq,
    startDelayInSeconds: 0,
    callbackAfterSeconds: 0,
    callbackFromWorker: true,
    responseTimeoutSeconds: 3600,
    workflowTask,
    rateLimitPerFrequency: 0,
    rateLimitFrequencyInSeconds: 1,
    iteration: 0,
    loopOverTask: false,
    queueWaitTime: 0,
    ...rest,
  };
}

export const simple = (ref: string, type = 'SIMPLE'): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type,
});
