/**
 * Conductor's enumerations (`as const` objects with a union type of the same name) and status predicates, from
 * @baton/protocol, plus the SDK's split of the return strategies by the shape of their answer.
 */
export {
  IdempotencyStrategy,
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  RetryLogic,
  ReturnStrategy,
  TaskResultStatus,
  TaskStatus,
  TaskTimeoutPolicy,
  TaskType,
  WorkflowStatus,
  WorkflowTimeoutPolicy,
} from '@baton/protocol';

/** Return strategies answered with a workflow (WorkflowRun). */
export type WorkflowReturnStrategy = 'TARGET_WORKFLOW' | 'BLOCKING_WORKFLOW';
/** Return strategies answered with the blocking task (TaskRun), or nothing when no task blocks. */
export type TaskReturnStrategy = 'BLOCKING_TASK' | 'BLOCKING_TASK_INPUT';
