/** Outcomes the system-task executors share. */
import type { JsonObject } from '@baton/protocol';
import type { SystemTaskOutcome } from './executor.js';

/** FAILED (retried per the TaskDef) with the message as the reason and as `outputData.error`. */
export function failed(message: string, outputData: JsonObject = { error: message }): SystemTaskOutcome {
  return { status: 'FAILED', reasonForIncompletion: message, outputData };
}

/** The sandbox refused the evaluation for now (too many waiting): nothing ran, so run the task again in a second. */
export function sandboxBusy(message: string): SystemTaskOutcome {
  return { status: 'IN_PROGRESS', reasonForIncompletion: message, callbackAfterSeconds: 1 };
}

/** FAILED_WITH_TERMINAL_ERROR: the task is misconfigured, a retry cannot help. */
export function terminalFailure(message: string): SystemTaskOutcome {
  return {
    status: 'FAILED_WITH_TERMINAL_ERROR',
    reasonForIncompletion: message,
    outputData: { error: message },
  };
}
