/** Executions: workflow and task runs as the server reports them (§2.4–2.6, §2.11). */
import type { Audit, JsonObject, TaskDef, WorkflowDef, WorkflowTask } from './definitions.js';
import type { TaskResultStatus, TaskStatus, WorkflowStatus } from './enums.js';

/** One attempt of a task. `inputData` is typed when the caller knows the task's input. */
export interface Task<I = JsonObject> {
  taskId: string;
  taskType: string;
  taskDefName: string;
  referenceTaskName: string;
  status: TaskStatus;
  inputData: I;
  outputData: JsonObject;
  workflowInstanceId: string;
  workflowType: string;
  correlationId?: string;
  workflowPriority?: number;
  seq?: number;
  retryCount: number;
  retriedTaskId?: string;
  retried?: boolean;
  executed?: boolean;
  pollCount: number;
  scheduledTime?: number;
  startTime?: number;
  endTime?: number;
  updateTime?: number;
  startDelayInSeconds?: number;
  callbackAfterSeconds?: number;
  callbackFromWorker?: boolean;
  responseTimeoutSeconds?: number;
  reasonForIncompletion?: string;
  workerId?: string;
  domain?: string;
  workflowTask?: WorkflowTask;
  taskDefinition?: TaskDef;
  iteration?: number;
  loopOverTask?: boolean;
  subWorkflowId?: string;
  parentTaskId?: string;
  queueWaitTime?: number;
  executionMetadata?: JsonObject;
  /** Where the server stored a large input; the clients read it back into `inputData`. */
  externalInputPayloadStoragePath?: string;
  /** Where the server stored a large output; the clients read it back into `outputData`. */
  externalOutputPayloadStoragePath?: string;
}

/** A workflow execution. `output` is typed when the caller knows the workflow's output. */
export interface Workflow<O = JsonObject> extends Audit {
  workflowId: string;
  status: WorkflowStatus;
  startTime?: number;
  endTime?: number;
  input: JsonObject;
  output: O;
  tasks: Task[];
  correlationId?: string;
  priority?: number;
  variables?: JsonObject;
  taskToDomain?: Record<string, string>;
  parentWorkflowId?: string;
  parentWorkflowTaskId?: string;
  reRunFromWorkflowId?: string;
  reasonForIncompletion?: string;
  event?: string;
  failedReferenceTaskNames?: string[];
  failedTaskNames?: string[];
  workflowDefinition?: WorkflowDef;
  workflowName?: string;
  workflowVersion?: number;
  lastRetriedTime?: number;
  idempotencyKey?: string;
  /** Where the server stored a large input; `getWorkflow` reads it back into `input`. */
  externalInputPayloadStoragePath?: string;
  /** Where the server stored a large output; `getWorkflow` reads it back into `output`. */
  externalOutputPayloadStoragePath?: string;
}

/** One log line of a task (`GET /api/tasks/{taskId}/log`). */
export interface TaskExecLog {
  log: string;
  taskId?: string;
  createdTime?: number;
}

/** What a worker reports for a task it worked on. */
export interface TaskResult {
  workflowInstanceId: string;
  taskId: string;
  status?: TaskResultStatus;
  outputData?: JsonObject;
  reasonForIncompletion?: string;
  callbackAfterSeconds?: number;
  workerId?: string;
  logs?: TaskExecLog[];
  externalOutputPayloadStoragePath?: string;
  subWorkflowId?: string;
  /** Only refreshes the task's lease (its response timeout); nothing else changes. */
  extendLease?: boolean;
  executionMetadata?: JsonObject;
}

/** When a worker last polled a queue. */
export interface PollData {
  queueName: string;
  domain?: string;
  workerId?: string;
  lastPollTime: number;
}

/** `GET /api/workflow/{id}/status`. */
export interface WorkflowStatusSummary<O = JsonObject> {
  workflowId: string;
  correlationId?: string;
  output?: O;
  variables?: JsonObject;
  status: WorkflowStatus;
}
