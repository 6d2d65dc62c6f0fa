/**
 * WAIT (§5): IN_PROGRESS at once and COMPLETED by the first decide at or after its end (`duration` after
 * it started, or `until`), which the workflow's timer is armed for. Neither given: it waits for a task
 * result. Both given, or an unreadable value: FAILED_WITH_TERMINAL_ERROR. A task result can complete or
 * fail it at any time.
 */
import { javaString, TaskType, type Task } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { ended, newTask, started } from './new-task.js';
import { parseDuration, parseUntil } from './wait-time.js';

/** Conductor's callbackAfterSeconds for a WAIT without an end (Integer.MAX_VALUE). */
const FOREVER_SECONDS = 2_147_483_647;

export const waitTask: TaskTypeModule = {
  type: TaskType.WAIT,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.WAIT)],
  execute(task, run) {
    let current = task;
    if (current.status === 'SCHEDULED') {
      const end = waitEnd(current, run.now);
      if (!end.ok) {
        run.update(
          current,
          ended(current, run.now, 'FAILED_WITH_TERMINAL_ERROR', current.outputData, end.reason),
        );
        return;
      }
      const seconds =
        end.at === undefined ? FOREVER_SECONDS : Math.max(0, Math.floor((end.at - run.now) / 1000));
      current = run.update(current, { ...started(current, run.now), callbackAfterSeconds: seconds });
    }
    const at = waitEndAt(current);
    if (at !== undefined && run.now >= at) run.update(current, ended(current, run.now, 'COMPLETED'));
  },
  wakeUpAt: (task) => (task.status === 'IN_PROGRESS' ? waitEndAt(task) : undefined),
};

type WaitEnd = { ok: true; at: number | undefined } | { ok: false; reason: string };

/** When a started WAIT ends (undefined: never by itself). */
function waitEndAt(task: Task): number | undefined {
  const end = waitEnd(task, task.startTime);
  return end.ok ? end.at : undefined;
}

/** @param startedAt When the wait began (a duration counts from there). */
function waitEnd(task: Task, startedAt: number): WaitEnd {
  const duration = text(task.inputData.duration);
  const until = text(task.inputData.until);
  if (duration && until) {
    return { ok: false, reason: "Both 'duration' and 'until' specified. Please provide only one input" };
  }
  if (duration) {
    const ms = parseDuration(duration);
    if (ms === undefined) return { ok: false, reason: `Not valid duration: ${duration}` };
    return { ok: true, at: startedAt + ms };
  }
  if (until) {
    const at = parseUntil(until);
    if (at === undefined)
      return { ok: false, reason: `Invalid/Unsupported Wait Until format.  Provided: ${until}` };
    return { ok: true, at };
  }
  return { ok: true, at: undefined };
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : javaString(value).trim();
}
