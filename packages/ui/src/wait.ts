/** When a WAIT task wakes up by itself, read from what the server recorded when it started waiting. */
import type { Task } from './api/types.js';

/** Conductor's callbackAfterSeconds for a WAIT with no end (Integer.MAX_VALUE). */
const FOREVER_SECONDS = 2_147_483_647;

/**
 * Epoch ms of the wake-up; null for a WAIT that only a task update ends; undefined when the task is not a
 * waiting WAIT. The server sets callbackAfterSeconds to the seconds from the start to the end of the wait.
 */
export function waitWakesAt(task: Task): number | null | undefined {
  if (task.taskType !== 'WAIT' || task.status !== 'IN_PROGRESS' || !task.startTime) return undefined;
  if (task.callbackAfterSeconds >= FOREVER_SECONDS) return null;
  return task.startTime + task.callbackAfterSeconds * 1000;
}
