/**
 * Turns what a worker function did into the TaskResult sent to the server: a return value becomes COMPLETED
 * with output (an object as is, anything else as `{result}`), TaskInProgress or setCallbackAfter become
 * IN_PROGRESS with a callback, an error FAILED (NonRetryableError: FAILED_WITH_TERMINAL_ERROR).
 */
import { NonRetryableError } from '../errors.js';
import type { JsonObject } from '../model/definitions.js';
import type { TaskResult } from '../model/execution.js';
import { TaskInProgress, type TaskContext } from './task-context.js';

/** The server keeps at most this much of reasonForIncompletion. */
const MAX_REASON_LENGTH = 500;

export function resultFromValue(context: TaskContext<unknown>, value: unknown): TaskResult {
  const task = context.task;
  const result: TaskResult = {
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    workerId: context.workerId,
    status: 'COMPLETED',
    outputData: undefined,
  };
  if (value instanceof TaskInProgress) {
    result.status = 'IN_PROGRESS';
    result.callbackAfterSeconds = value.callbackAfterSeconds;
    result.outputData = toOutput(value.output);
  } else {
    result.outputData = toOutput(value);
    if (context.callbackAfterSeconds !== undefined) {
      result.status = 'IN_PROGRESS';
      result.callbackAfterSeconds = context.callbackAfterSeconds;
    }
  }
  if (context.logs !== undefined) result.logs = context.logs;
  return result;
}

export function resultFromError(context: TaskContext<unknown>, error: unknown): TaskResult {
  const task = context.task;
  const message = error instanceof Error ? error.message : String(error);
  context.addLog(error instanceof Error && error.stack ? error.stack : message);
  return {
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    workerId: context.workerId,
    status: error instanceof NonRetryableError ? 'FAILED_WITH_TERMINAL_ERROR' : 'FAILED',
    reasonForIncompletion: message.length > MAX_REASON_LENGTH ? message.slice(0, MAX_REASON_LENGTH) : message,
    outputData: {},
    logs: context.logs,
  };
}

/** Output of a return value: a plain object is the output; undefined none; anything else `{ result }`. */
export function toOutput(value: unknown): JsonObject {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)) {
    return value as JsonObject;
  }
  return { result: value };
}
