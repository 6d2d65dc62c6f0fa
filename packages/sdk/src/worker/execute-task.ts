/** Runs a worker function on one polled task and produces its TaskResult; never throws. */
import type { Task, TaskResult } from '../model/execution.js';
import { TaskContext } from './task-context.js';
import { resultFromError, resultFromValue } from './task-outcome.js';
import type { AnyWorker } from './worker.js';

export async function executeTask(
  worker: AnyWorker,
  task: Task,
  onError?: (error: unknown) => void,
): Promise<TaskResult> {
  const context = new TaskContext(task, worker.workerId);
  try {
    const input: unknown = worker.validate
      ? await worker.validate(task.inputData ?? {})
      : (task.inputData ?? {});
    return resultFromValue(context, await worker.execute(input, context));
  } catch (error) {
    onError?.(error);
    return resultFromError(context, error);
  }
}
