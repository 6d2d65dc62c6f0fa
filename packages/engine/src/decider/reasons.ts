/**
 * Caps on `reasonForIncompletion`, which is copied into search summaries, list rows and parent workflows: a
 * script, a terminate reason or a child's failure must not make every one of those carry megabytes.
 */

/** Conductor's TaskResult keeps the first 500 characters of a task's reason. */
export const MAX_TASK_REASON_LENGTH = 500;
/** Conductor sets no limit on a workflow's reason; we keep its first 4096 characters (room for several task reasons). */
export const MAX_WORKFLOW_REASON_LENGTH = 4096;

export function taskReason(reason: string): string {
  return reason.length > MAX_TASK_REASON_LENGTH ? reason.slice(0, MAX_TASK_REASON_LENGTH) : reason;
}

export function workflowReason(reason: string): string {
  return reason.length > MAX_WORKFLOW_REASON_LENGTH ? reason.slice(0, MAX_WORKFLOW_REASON_LENGTH) : reason;
}
