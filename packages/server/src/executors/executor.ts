/**
 * A server-side executor for one asynchronous system task type (HTTP, INLINE, JSON_JQ_TRANSFORM, ...).
 * The runtime's system-task runner pops the task from its queue, calls `execute`, and reports the outcome
 * as a TaskResult. Execution is at-least-once: after a crash a popped task is executed again.
 */
import type { JsonObject, Task, TaskResultStatus } from '@baton/protocol';

export interface SystemTaskOutcome {
  status: TaskResultStatus;
  outputData?: JsonObject;
  reasonForIncompletion?: string;
  /** With IN_PROGRESS: run `execute` again after this long. */
  callbackAfterSeconds?: number;
}

/**
 * How many tasks of a type run at once on this server, and how they share that: tasks of one lane (an HTTP
 * host, a workflow) run at most `lanes.limit` at a time, so a slow lane only slows itself. A task whose lane is
 * full stays SCHEDULED in its queue and is offered again shortly (runtime/lane-limits.ts).
 */
export interface ExecutorConcurrency {
  limit: number;
  lanes?: { of(task: Task): string; limit: number };
}

export interface SystemTaskExecutor {
  /** The task type served, e.g. `HTTP`. */
  readonly type: string;
  /** Default: 8 at a time, no lanes. */
  readonly concurrency?: ExecutorConcurrency;
  /** The longest one `execute` can take, if the executor bounds it: the task's lease is made to outlast it. */
  readonly maxExecutionMs?: number;
  /** Must not throw for task-level problems: report them as FAILED / FAILED_WITH_TERMINAL_ERROR. */
  execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome>;
}

/** Runs `executor`; a throw (a bug: task-level problems are outcomes) becomes FAILED with its message. */
export async function executeTask(
  executor: SystemTaskExecutor,
  task: Task,
  signal: AbortSignal,
): Promise<SystemTaskOutcome> {
  try {
    return await executor.execute(task, signal);
  } catch (err) {
    return { status: 'FAILED', reasonForIncompletion: err instanceof Error ? err.message : String(err) };
  }
}
