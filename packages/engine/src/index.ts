/** @baton/engine: the pure decider, its contract, and Conductor's parameter expressions. */
export * from './contract.js';
export { decide } from './decider/decide.js';
export { createExecution } from './decider/create-execution.js';
export { nextDeadline } from './decider/deadlines.js';
export { retryDelayMs, retryDelaySeconds } from './decider/retry-delay.js';
export { withTaskDefDefaults, type EffectiveTaskDef } from './decider/task-defs.js';
export { CONCURRENCY_POSTPONE_MS, handOut, pollVerdict } from './poll.js';
export { queueNameFor } from './queues.js';
export type { ChildListEnd, ScheduleRequest, TaskExecution, TaskTypeModule } from './tasks/module.js';
export { moduleFor } from './tasks/registry.js';
export * from './expressions/index.js';
