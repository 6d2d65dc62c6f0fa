/**
 * Caps on task execution logs (`TaskResult.logs`, `POST /api/tasks/{taskId}/log`), so one worker cannot make a
 * task's log answer (and the database) carry megabytes per line.
 */

/** Conductor keeps the first 10 logs of a task update (`conductor.app.taskExecLogSizeLimit`). */
export const MAX_LOGS_PER_UPDATE = 10;
/** Characters kept of one log line; the rest is dropped silently (Conductor sets no limit). */
export const MAX_LOG_LINE_LENGTH = 32_768;

export function logLine(text: string): string {
  return text.length > MAX_LOG_LINE_LENGTH ? text.slice(0, MAX_LOG_LINE_LENGTH) : text;
}
