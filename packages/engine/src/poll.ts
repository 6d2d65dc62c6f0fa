/**
 * Poll-time rules (§4.7) as pure helpers for the runtime: whether a popped task may be handed out under
 * its definition's concurrency and rate limits, and the task as handed out.
 */
import type { Task, TaskDef } from '@baton/protocol';
import type { PollLimitsState, PollVerdict } from './contract.js';

/** How long a task stays back when its definition is at its concurrency limit. */
export const CONCURRENCY_POSTPONE_MS = 1000;

/**
 * @example
 * pollVerdict({ name: 't', rateLimitPerFrequency: 2, rateLimitFrequencyInSeconds: 10 },
 *   { inProgress: 0, recentHandouts: [1_000, 4_000] }, 5_000) // { handOut: false, postponeMs: 6000 }
 */
export function pollVerdict(def: TaskDef | undefined, state: PollLimitsState, now: number): PollVerdict {
  const concurrency = def?.concurrentExecLimit ?? 0;
  if (concurrency > 0 && state.inProgress >= concurrency)
    return { handOut: false, postponeMs: CONCURRENCY_POSTPONE_MS };
  const perWindow = def?.rateLimitPerFrequency ?? 0;
  if (perWindow > 0) {
    const windowMs = (def?.rateLimitFrequencyInSeconds || 1) * 1000;
    const inWindow = state.recentHandouts.filter((at) => now - at < windowMs).sort((a, b) => a - b);
    if (inWindow.length >= perWindow) {
      // A slot frees when enough of the oldest hand-outs have left the window.
      const freeing = inWindow[inWindow.length - perWindow]!;
      return { handOut: false, postponeMs: Math.max(1, freeing + windowMs - now) };
    }
  }
  return { handOut: true };
}

/** The task as a worker receives it: IN_PROGRESS, stamped with the poll (§3.2). */
export function handOut(task: Task, workerId: string | undefined, now: number): Task {
  return {
    ...task,
    status: 'IN_PROGRESS',
    startTime: now,
    firstStartTime: task.firstStartTime || now,
    ...(workerId !== undefined && { workerId }),
    pollCount: task.pollCount + 1,
    callbackAfterSeconds: 0,
    updateTime: now,
    queueWaitTime: now - task.scheduledTime,
  };
}
