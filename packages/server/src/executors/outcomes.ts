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

/**
 * Waits for `work`, or only until `signal` aborts (the runner is stopping and reports nothing): a sandboxed
 * evaluation waiting its turn must not hold up a shutdown. Undefined when aborted.
 */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/** FAILED_WITH_TERMINAL_ERROR: the task is misconfigured, a retry cannot help. */
export function terminalFailure(message: string): SystemTaskOutcome {
  return {
    status: 'FAILED_WITH_TERMINAL_ERROR',
    reasonForIncompletion: message,
    outputData: { error: message },
  };
}
