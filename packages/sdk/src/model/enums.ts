/**
 * Conductor's enumerations as `as const` objects with a derived union type of the same name. Copied from the
 * wire contract rather than imported, so the SDK works against any Conductor-compatible server.
 */

export const WorkflowStatus = {
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  TERMINATED: 'TERMINATED',
  PAUSED: 'PAUSED',
} as const;
export type WorkflowStatus = (typeof WorkflowStatus)[keyof typeof WorkflowStatus];

export const TaskStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  CANCELED: 'CANCELED',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  COMPLETED: 'COMPLETED',
  COMPLETED_WITH_ERRORS: 'COMPLETED_WITH_ERRORS',
  SCHEDULED: 'SCHEDULED',
  TIMED_OUT: 'TIMED_OUT',
  SKIPPED: 'SKIPPED',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Statuses a worker (or an API caller) may report for a task. */
export const TaskResultStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  COMPLETED: 'COMPLETED',
  CANCELED: 'CANCELED',
} as const;
export type TaskResultStatus = (typeof TaskResultStatus)[keyof typeof TaskResultStatus];

export const RetryLogic = {
  FIXED: 'FIXED',
  LINEAR_BACKOFF: 'LINEAR_BACKOFF',
  EXPONENTIAL_BACKOFF: 'EXPONENTIAL_BACKOFF',
} as const;
export type RetryLogic = (typeof RetryLogic)[keyof typeof RetryLogic];

export const TaskTimeoutPolicy = {
  RETRY: 'RETRY',
  TIME_OUT_WF: 'TIME_OUT_WF',
  ALERT_ONLY: 'ALERT_ONLY',
} as const;
export type TaskTimeoutPolicy = (typeof TaskTimeoutPolicy)[keyof typeof TaskTimeoutPolicy];

export const WorkflowTimeoutPolicy = {
  TIME_OUT_WF: 'TIME_OUT_WF',
  ALERT_ONLY: 'ALERT_ONLY',
} as const;
export type WorkflowTimeoutPolicy = (typeof WorkflowTimeoutPolicy)[keyof typeof WorkflowTimeoutPolicy];

export const IdempotencyStrategy = {
  FAIL: 'FAIL',
  RETURN_EXISTING: 'RETURN_EXISTING',
  FAIL_ON_RUNNING: 'FAIL_ON_RUNNING',
} as const;
export type IdempotencyStrategy = (typeof IdempotencyStrategy)[keyof typeof IdempotencyStrategy];

/** What a synchronous execute or signal call waits for and returns (§2.12). */
export const ReturnStrategy = {
  TARGET_WORKFLOW: 'TARGET_WORKFLOW',
  BLOCKING_WORKFLOW: 'BLOCKING_WORKFLOW',
  BLOCKING_TASK: 'BLOCKING_TASK',
  BLOCKING_TASK_INPUT: 'BLOCKING_TASK_INPUT',
} as const;
export type ReturnStrategy = (typeof ReturnStrategy)[keyof typeof ReturnStrategy];
/** Return strategies answered with a workflow (WorkflowRun). */
export type WorkflowReturnStrategy = 'TARGET_WORKFLOW' | 'BLOCKING_WORKFLOW';
/** Return strategies answered with the blocking task (TaskRun), or nothing when no task blocks. */
export type TaskReturnStrategy = 'BLOCKING_TASK' | 'BLOCKING_TASK_INPUT';

/** Task types a workflow definition may use (§5). Any other string is a user-defined worker task type. */
export const TaskType = {
  SIMPLE: 'SIMPLE',
  DYNAMIC: 'DYNAMIC',
  FORK_JOIN: 'FORK_JOIN',
  FORK_JOIN_DYNAMIC: 'FORK_JOIN_DYNAMIC',
  SWITCH: 'SWITCH',
  JOIN: 'JOIN',
  DO_WHILE: 'DO_WHILE',
  SUB_WORKFLOW: 'SUB_WORKFLOW',
  START_WORKFLOW: 'START_WORKFLOW',
  EVENT: 'EVENT',
  WAIT: 'WAIT',
  HUMAN: 'HUMAN',
  YIELD: 'YIELD',
  HTTP: 'HTTP',
  INLINE: 'INLINE',
  JSON_JQ_TRANSFORM: 'JSON_JQ_TRANSFORM',
  SET_VARIABLE: 'SET_VARIABLE',
  TERMINATE: 'TERMINATE',
  NOOP: 'NOOP',
} as const;
export type TaskType = (typeof TaskType)[keyof typeof TaskType];

const terminalWorkflow: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED']);
const terminalTask: ReadonlySet<string> = new Set([
  'CANCELED',
  'FAILED',
  'FAILED_WITH_TERMINAL_ERROR',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'TIMED_OUT',
  'SKIPPED',
]);

/** True for COMPLETED, FAILED, TIMED_OUT and TERMINATED. */
export const isTerminalWorkflowStatus = (status: string): boolean => terminalWorkflow.has(status);
/** True once a task attempt can no longer change (every status but SCHEDULED and IN_PROGRESS). */
export const isTerminalTaskStatus = (status: string): boolean => terminalTask.has(status);
