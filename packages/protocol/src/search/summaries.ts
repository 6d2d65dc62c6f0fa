/**
 * WorkflowSummary and TaskSummary (§2.9): what `search` returns. Times are ISO-8601 strings in UTC, input and
 * output are Java `toString()` strings (cut at SUMMARY_PAYLOAD_MAX_CHARS), absent values are omitted, as Conductor's
 * summaries serialize.
 */
import type { TaskStatus, WorkflowStatus } from '../enums.js';
import type { Task, Workflow } from '../models.js';
import { javaStringPrefix } from '../java-string.js';

/**
 * The most characters of a summary's `input` or `output`: a longer one is cut and ends with `...`, so a page of
 * summaries stays small whatever the executions carry (the execution itself has the whole payload).
 */
export const SUMMARY_PAYLOAD_MAX_CHARS = 8192;
const CUT_MARK = '...';

/** The payload's Java string, cut to SUMMARY_PAYLOAD_MAX_CHARS. */
export function summaryPayload(payload: unknown): string {
  const text = javaStringPrefix(payload ?? {}, SUMMARY_PAYLOAD_MAX_CHARS + 1);
  return text.length > SUMMARY_PAYLOAD_MAX_CHARS
    ? text.slice(0, SUMMARY_PAYLOAD_MAX_CHARS - CUT_MARK.length) + CUT_MARK
    : text;
}

/** §2.9 */
export interface SearchResult<T> {
  totalHits: number;
  results: T[];
  /** Orkes: the id of a scrollable query. */
  queryId?: string;
}

/** §2.9 */
export interface WorkflowSummary {
  workflowType: string;
  version: number;
  workflowId: string;
  correlationId?: string;
  startTime: string;
  updateTime?: string;
  endTime?: string;
  status: WorkflowStatus;
  input: string;
  output: string;
  reasonForIncompletion?: string;
  /** endTime − startTime; 0 while the execution runs. */
  executionTime: number;
  event?: string;
  /** Comma-joined. */
  failedReferenceTaskNames: string;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
  priority: number;
  failedTaskNames: string[];
  createdBy?: string;
  taskToDomain: Record<string, string>;
  idempotencyKey?: string;
  /** "" for a top-level execution. */
  parentWorkflowId: string;
}

/** §2.9 */
export interface TaskSummary {
  workflowId: string;
  workflowType: string;
  correlationId?: string;
  scheduledTime: string;
  startTime: string;
  updateTime: string;
  endTime: string;
  status: TaskStatus;
  reasonForIncompletion?: string;
  executionTime: number;
  queueWaitTime: number;
  taskDefName: string;
  taskType: string;
  input: string;
  output: string;
  taskId: string;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
  workflowPriority: number;
  domain?: string;
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function toWorkflowSummary(workflow: Workflow): WorkflowSummary {
  const ended = workflow.endTime > 0;
  return {
    workflowType: workflow.workflowName,
    version: workflow.workflowVersion,
    workflowId: workflow.workflowId,
    ...(workflow.correlationId != null && { correlationId: workflow.correlationId }),
    startTime: isoTime(workflow.startTime),
    ...(workflow.updateTime != null && { updateTime: isoTime(workflow.updateTime) }),
    ...(ended && { endTime: isoTime(workflow.endTime) }),
    status: workflow.status,
    input: summaryPayload(workflow.input),
    output: summaryPayload(workflow.output),
    ...(workflow.reasonForIncompletion != null && { reasonForIncompletion: workflow.reasonForIncompletion }),
    executionTime: ended ? workflow.endTime - workflow.startTime : 0,
    ...(workflow.event != null && { event: workflow.event }),
    failedReferenceTaskNames: (workflow.failedReferenceTaskNames ?? []).join(','),
    ...(workflow.externalInputPayloadStoragePath != null && {
      externalInputPayloadStoragePath: workflow.externalInputPayloadStoragePath,
    }),
    ...(workflow.externalOutputPayloadStoragePath != null && {
      externalOutputPayloadStoragePath: workflow.externalOutputPayloadStoragePath,
    }),
    priority: workflow.priority ?? 0,
    failedTaskNames: [...(workflow.failedTaskNames ?? [])],
    ...(workflow.createdBy != null && { createdBy: workflow.createdBy }),
    taskToDomain: workflow.taskToDomain ?? {},
    ...(workflow.idempotencyKey != null && { idempotencyKey: workflow.idempotencyKey }),
    parentWorkflowId: workflow.parentWorkflowId ?? '',
  };
}

export function toTaskSummary(task: Task): TaskSummary {
  return {
    workflowId: task.workflowInstanceId,
    workflowType: task.workflowType,
    ...(task.correlationId != null && { correlationId: task.correlationId }),
    scheduledTime: isoTime(task.scheduledTime),
    startTime: isoTime(task.startTime),
    updateTime: isoTime(task.updateTime),
    endTime: isoTime(task.endTime),
    status: task.status,
    ...(task.reasonForIncompletion != null && { reasonForIncompletion: task.reasonForIncompletion }),
    executionTime: task.endTime > 0 ? task.endTime - task.startTime : 0,
    queueWaitTime: task.queueWaitTime ?? 0,
    taskDefName: task.taskDefName,
    taskType: task.taskType,
    input: summaryPayload(task.inputData),
    output: summaryPayload(task.outputData),
    taskId: task.taskId,
    ...(task.externalInputPayloadStoragePath != null && {
      externalInputPayloadStoragePath: task.externalInputPayloadStoragePath,
    }),
    ...(task.externalOutputPayloadStoragePath != null && {
      externalOutputPayloadStoragePath: task.externalOutputPayloadStoragePath,
    }),
    workflowPriority: task.workflowPriority ?? 0,
    ...(task.domain != null && { domain: task.domain }),
  };
}
