/** Response bodies beyond the core models: search results, execute/signal responses, errors (§0, §2.9, §2.12). */
import type { JsonObject } from './definitions.js';
import type { ReturnStrategy, TaskStatus, WorkflowStatus } from './enums.js';
import type { Task } from './execution.js';

export interface SearchResult<T> {
  totalHits: number;
  results: T[];
  /** Orkes returns a scrollable result with a query id. */
  queryId?: string;
}

/** A workflow as the search index holds it. Times are ISO strings; input/output are strings. */
export interface WorkflowSummary {
  workflowType: string;
  version: number;
  workflowId: string;
  correlationId?: string;
  startTime?: string;
  updateTime?: string;
  endTime?: string;
  status: WorkflowStatus;
  input?: string;
  output?: string;
  reasonForIncompletion?: string;
  executionTime?: number;
  event?: string;
  failedReferenceTaskNames?: string;
  failedTaskNames?: string[];
  priority?: number;
  createdBy?: string;
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  /** "" for a top-level execution. */
  parentWorkflowId?: string;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
}

/** A task as the search index holds it. */
export interface TaskSummary {
  taskId: string;
  taskDefName: string;
  taskType: string;
  workflowId: string;
  workflowType: string;
  correlationId?: string;
  scheduledTime?: string;
  startTime?: string;
  updateTime?: string;
  endTime?: string;
  status: TaskStatus;
  reasonForIncompletion?: string;
  executionTime?: number;
  queueWaitTime?: number;
  domain?: string;
  input?: string;
  output?: string;
  workflowPriority?: number;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
}

/**
 * The result of a synchronous execute (or a workflow-level signal) with the TARGET_WORKFLOW or
 * BLOCKING_WORKFLOW strategy: the workflow as it stood when the call returned (the target, or the one holding
 * the blocking task). `output` is typed when the caller knows the workflow's output.
 */
export interface WorkflowRun<O = JsonObject> {
  responseType?: ReturnStrategy;
  workflowId: string;
  targetWorkflowId?: string;
  targetWorkflowStatus?: WorkflowStatus;
  requestId?: string;
  correlationId?: string;
  input?: JsonObject;
  output: O;
  status: WorkflowStatus;
  priority?: number;
  variables?: JsonObject;
  tasks?: Task[];
  createdBy?: string;
  createTime?: number;
  updateTime?: number;
  reasonForIncompletion?: string;
  /** True when the call returned because its wait time ran out. */
  signalTimeout?: boolean;
}

/**
 * The result of an execute or signal with the BLOCKING_TASK / BLOCKING_TASK_INPUT strategy: the task the
 * workflow waits on (in the target workflow or one of its running sub-workflows), with its input and output.
 */
export interface TaskRun {
  responseType?: ReturnStrategy;
  targetWorkflowId?: string;
  targetWorkflowStatus?: WorkflowStatus;
  requestId?: string;
  /** The workflow the task belongs to. */
  workflowId?: string;
  correlationId?: string;
  taskType?: string;
  taskId?: string;
  referenceTaskName?: string;
  retryCount?: number;
  taskDefName?: string;
  retriedTaskId?: string;
  workflowType?: string;
  /** The task's status. */
  status?: TaskStatus;
  priority?: number;
  input?: JsonObject;
  output?: JsonObject;
  reasonForIncompletion?: string;
  /** When the task started. */
  createTime?: number;
  updateTime?: number;
  signalTimeout?: boolean;
}

export type SignalResponse = WorkflowRun | TaskRun;

export interface BulkResponse<T = string> {
  bulkErrorResults: Record<string, string>;
  bulkSuccessfulResults: T[];
  message?: string;
}

/** One field-level problem reported with a 400. */
export interface ValidationError {
  path?: string;
  message: string;
  invalidValue?: unknown;
}

/** Conductor's error body. */
export interface ErrorResponse {
  status: number;
  code?: string;
  message: string;
  instance?: string;
  retryable?: boolean;
  validationErrors?: ValidationError[];
  metadata?: JsonObject;
}
