/** Conductor's enumerations, as `as const` objects with a derived union type of the same name. */

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

/** Statuses a worker may report in a TaskResult. */
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

/** What a synchronous execute or signal answers with (§2.12). */
export const ReturnStrategy = {
  TARGET_WORKFLOW: 'TARGET_WORKFLOW',
  BLOCKING_WORKFLOW: 'BLOCKING_WORKFLOW',
  BLOCKING_TASK: 'BLOCKING_TASK',
  BLOCKING_TASK_INPUT: 'BLOCKING_TASK_INPUT',
} as const;
export type ReturnStrategy = (typeof ReturnStrategy)[keyof typeof ReturnStrategy];

/** Task types of §5. An unknown type string is "user-defined" and is scheduled like a worker task. */
export const TaskType = {
  SIMPLE: 'SIMPLE',
  DYNAMIC: 'DYNAMIC',
  FORK_JOIN: 'FORK_JOIN',
  FORK_JOIN_DYNAMIC: 'FORK_JOIN_DYNAMIC',
  DECISION: 'DECISION',
  SWITCH: 'SWITCH',
  JOIN: 'JOIN',
  EXCLUSIVE_JOIN: 'EXCLUSIVE_JOIN',
  DO_WHILE: 'DO_WHILE',
  SUB_WORKFLOW: 'SUB_WORKFLOW',
  START_WORKFLOW: 'START_WORKFLOW',
  EVENT: 'EVENT',
  WAIT: 'WAIT',
  HUMAN: 'HUMAN',
  /** Conductor 3.x / Orkes: holds the workflow until a signal (`/api/tasks/{workflowId}/{status}/signal`). */
  YIELD: 'YIELD',
  /** Conductor 3.x: waits for messages posted to the workflow (`POST /api/workflow/{id}/messages`). */
  PULL_WORKFLOW_MESSAGES: 'PULL_WORKFLOW_MESSAGES',
  HTTP: 'HTTP',
  INLINE: 'INLINE',
  LAMBDA: 'LAMBDA',
  JSON_JQ_TRANSFORM: 'JSON_JQ_TRANSFORM',
  SET_VARIABLE: 'SET_VARIABLE',
  TERMINATE: 'TERMINATE',
  NOOP: 'NOOP',
  KAFKA_PUBLISH: 'KAFKA_PUBLISH',
  /** Runtime taskType of FORK_JOIN and FORK_JOIN_DYNAMIC tasks. */
  FORK: 'FORK',
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
const successfulTask: ReadonlySet<string> = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'SKIPPED']);
const unretriableTask: ReadonlySet<string> = new Set(['FAILED_WITH_TERMINAL_ERROR', 'CANCELED', 'SKIPPED']);

/** True for COMPLETED, FAILED, TIMED_OUT and TERMINATED (any string is accepted: clients read unknown servers). */
export const isTerminalWorkflowStatus = (s: WorkflowStatus | (string & {})): boolean =>
  terminalWorkflow.has(s);
export const isSuccessfulWorkflowStatus = (s: WorkflowStatus): boolean => s === 'COMPLETED' || s === 'PAUSED';
/** True once a task attempt can no longer change (every status but SCHEDULED and IN_PROGRESS). */
export const isTerminalTaskStatus = (s: TaskStatus | (string & {})): boolean => terminalTask.has(s);
export const isSuccessfulTaskStatus = (s: TaskStatus): boolean => successfulTask.has(s);
export const isRetriableTaskStatus = (s: TaskStatus): boolean => !unretriableTask.has(s);
