/**
 * When a virtual-clock test run gives up, and why: the `reasonForIncompletion` of the workflows it stops. All
 * start with the same words, so a user (or a test) can tell a stopped test run from a workflow that was
 * terminated for its own reasons.
 */
import type { Task } from '@baton/protocol';

/** Conductor's limit on the iterations of a workflow test. */
export const MAX_TEST_STEPS = 20_000;
const MAX_VIRTUAL_YEARS = 10;
export const MAX_VIRTUAL_MS = MAX_VIRTUAL_YEARS * 365 * 24 * 3600 * 1000;

export const STOP_PREFIX = 'Workflow test stopped:';

/** What a user calls the task: its type as written in the definition (SIMPLE for worker tasks). */
function describe(task: Task): string {
  return `'${task.referenceTaskName}' (${task.workflowTask.type ?? 'SIMPLE'})`;
}

export const stopReasons = {
  noMock: (task: Task): string => `${STOP_PREFIX} no mock output for task ${describe(task)}`,
  tooManySteps: (): string =>
    `${STOP_PREFIX} more than ${MAX_TEST_STEPS} steps (Conductor's limit); does a loop never end?`,
  tooLong: (): string =>
    `${STOP_PREFIX} the virtual clock would pass ${MAX_VIRTUAL_YEARS} years after the start`,
  idle: (task: Task | undefined): string =>
    task === undefined
      ? `${STOP_PREFIX} nothing is left to run`
      : `${STOP_PREFIX} task ${describe(task)} cannot go on without an outside update`,
};
