/** The wait before a retry (§4.4), from the TaskDef's retry logic and the failed attempt's retryCount. */
import type { TaskDef } from '@baton/protocol';
import { withTaskDefDefaults } from './task-defs.js';

const MAX_INT = 2 ** 31 - 1;

/**
 * The delay in whole seconds, before jitter.
 * @param attempt `retryCount` of the attempt that just failed (0 for the first failure).
 * @example retryDelaySeconds({ name: 't', retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 5 }, 2) // 20
 */
export function retryDelaySeconds(def: TaskDef, attempt: number): number {
  const d = withTaskDefDefaults(def);
  let seconds: number;
  switch (d.retryLogic) {
    case 'LINEAR_BACKOFF':
      seconds = d.retryDelaySeconds * d.backoffScaleFactor * (attempt + 1);
      break;
    case 'EXPONENTIAL_BACKOFF':
      seconds = d.retryDelaySeconds * 2 ** attempt;
      break;
    default:
      seconds = d.retryDelaySeconds;
  }
  // Conductor computes in Java ints and resets an overflow to Integer.MAX_VALUE.
  seconds = Math.min(seconds, MAX_INT);
  return d.maxRetryDelaySeconds > 0 ? Math.min(seconds, d.maxRetryDelaySeconds) : seconds;
}

/**
 * The delay in milliseconds: `retryDelaySeconds` plus a uniform jitter in [0, backoffJitterMs].
 * @param random Uniform in [0, 1) (the decider passes `ctx.random`).
 */
export function retryDelayMs(def: TaskDef, attempt: number, random: () => number): number {
  const jitterMs = def.backoffJitterMs ?? 0;
  const jitter = jitterMs > 0 ? Math.floor(random() * (jitterMs + 1)) : 0;
  return retryDelaySeconds(def, attempt) * 1000 + jitter;
}
