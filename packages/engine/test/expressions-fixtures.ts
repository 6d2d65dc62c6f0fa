/** Minimal but complete Workflow/Task objects for the expression tests. */
import type { JsonObject, Task, Workflow } from '@baton/protocol';

export function makeTask(referenceTaskName: string, overrides: Partial<Task> = {}): Task {
  return {
    taskId: `id-${referenceTaskName}-${overrides.seq ?? 1}`,
    taskType: 'SIMPLE_WORKER',
    taskDefName: 'simple_worker',
    referenceTaskName,
    status: 'COMPLETED',
    inputData: {},
    outputData: {},
    workflowInstanceId: 'wf-1',
    workflowType: 'order_flow',
    workflowPriority: 0,
    seq: 1,
    retryCount: 0,
    retried: false,
    executed: true,
    pollCount: 1,
    scheduledTime: 1000,
    startTime: 1100,
    endTime: 1200,
    updateTime: 1200,
    startDelayInSeconds: 0,
    callbackAfterSeconds: 0,
    callbackFromWorker: true,
    responseTimeoutSeconds: 3600,
    workflowTask: { name: 'simple_worker', taskReferenceName: referenceTaskName, type: 'SIMPLE' },
    rateLimitPerFrequency: 0,
    rateLimitFrequencyInSeconds: 0,
    iteration: 0,
    loopOverTask: false,
    queueWaitTime: 0,
    ...overrides,
  };
}

export function makeWorkflow(overrides: Partial<Workflow> = {}, input: JsonObject = {}): Workflow {
  return {
    workflowId: 'wf-1',
    status: 'RUNNING',
    startTime: 1000,
    endTime: 0,
    input,
    output: {},
    tasks: [],
    priority: 0,
    variables: {},
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    workflowDefinition: { name: 'order_flow', version: 3, tasks: [], schemaVersion: 2 },
    workflowName: 'order_flow',
    workflowVersion: 3,
    lastRetriedTime: 0,
    ...overrides,
  };
}
