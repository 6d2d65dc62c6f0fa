/** @baton/engine: the pure decider, its contract, and Conductor's parameter expressions. */
export * from './contract.js';
export { decide } from './decider/decide.js';
export { createExecution } from './decider/create-execution.js';
export { nextDeadline } from './decider/deadlines.js';
export { MAX_TASK_REASON_LENGTH } from './decider/reasons.js';
export { retryDelayMs, retryDelaySeconds } from './decider/retry-delay.js';
export { withTaskDefDefaults, type EffectiveTaskDef } from './decider/task-defs.js';
export { CONCURRENCY_POSTPONE_MS, handOut, pollVerdict } from './poll.js';
export { queueNameFor } from './queues.js';
export type {
  ChildListEnd,
  EvaluationAnswer,
  Placement,
  ScheduleRequest,
  TaskExecution,
  TaskRun,
  TaskTypeModule,
  WorkflowEnding,
} from './tasks/module.js';
export { executionOf, isQueued, isSystemTaskType, moduleFor, SYSTEM_TASK_QUEUES } from './tasks/registry.js';
export { childWorkflowResult } from './tasks/sub-workflow.js';
export { EVALUATION_RETRY_MS } from './tasks/evaluation.js';
export { MAX_VARIABLES_BYTES } from './tasks/set-variable.js';
export { parseDuration, parseUntil } from './tasks/wait-time.js';
export * from './expressions/index.js';
export type {
  ScriptAnswer,
  ExecutionOutcome,
  RunProgress,
  RunRequest,
  RunResult,
  VirtualRunOptions,
} from './virtual-run/run-contract.js';
export { VirtualRun } from './virtual-run/virtual-run.js';
export { MAX_TEST_STEPS, MAX_VIRTUAL_MS, STOP_PREFIX } from './virtual-run/stop-reasons.js';
export { seededRandom } from './virtual-run/seeded-random.js';
