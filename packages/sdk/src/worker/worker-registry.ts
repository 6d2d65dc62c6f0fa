/**
 * Workers defined with `worker()`, for `TaskHandler({ scanForAnnotatedWorkers: true })` — the Python SDK's
 * discovery of `@worker_task` functions in imported modules. A later definition of a task type (and domain)
 * replaces an earlier one.
 */
import type { AnyWorker } from './worker.js';

const defined = new Map<string, AnyWorker>();

export function registerWorker(worker: AnyWorker): void {
  defined.set(`${worker.taskDefName}\u0000${worker.domain ?? ''}`, worker);
}

/** Every worker defined so far with `worker()`. */
export function definedWorkers(): AnyWorker[] {
  return [...defined.values()];
}
