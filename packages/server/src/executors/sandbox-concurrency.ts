/**
 * INLINE and JSON_JQ_TRANSFORM run 16 at a time, at most 4 of one workflow: one workflow's scripts cannot take
 * every slot, and the sandbox pool then shares its worker threads between workflows too (sandbox/fair-queue.ts).
 */
import type { ExecutorConcurrency } from './executor.js';

export const SANDBOX_TASK_CONCURRENCY: ExecutorConcurrency = {
  limit: 16,
  lanes: { of: (task) => task.workflowInstanceId, limit: 4 },
};
