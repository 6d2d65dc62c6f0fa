/**
 * Sandboxed JavaScript for operators (SWITCH/DECISION expressions, LAMBDA, DO_WHILE conditions): the
 * decider asks with an `evaluate` command and waits for the `evaluated` answer. The task's `updateTime`
 * records when it asked, so an answer lost to a crash is asked for again after EVALUATION_RETRY_MS.
 */
import type { Task } from '@baton/protocol';
import type { TaskRun } from './module.js';

export const EVALUATION_RETRY_MS = 60_000;

export const JAVASCRIPT_EVALUATORS: ReadonlySet<string> = new Set(['javascript', 'graaljs']);

export interface EvaluationRequest {
  purpose: string;
  evaluatorType: string;
  expression: string;
  input: Record<string, unknown>;
}

/** Emits the `evaluate` command and marks the task as waiting since now (IN_PROGRESS). */
export function requestEvaluation(task: Task, run: TaskRun, request: EvaluationRequest): Task {
  run.emit({ type: 'evaluate', taskId: task.taskId, ...request });
  return run.update(task, {
    status: 'IN_PROGRESS',
    startTime: task.startTime || run.now,
    updateTime: run.now,
  });
}

/** When a waiting task asks again (see the header). */
export function evaluationRetryAt(task: Task): number {
  return task.updateTime + EVALUATION_RETRY_MS;
}

export function isEvaluationOverdue(task: Task, now: number): boolean {
  return now >= evaluationRetryAt(task);
}

/** Conductor's `evalBool`: true, or a number greater than 0. */
export function isTruthy(result: unknown): boolean {
  return result === true || (typeof result === 'number' && result > 0);
}
