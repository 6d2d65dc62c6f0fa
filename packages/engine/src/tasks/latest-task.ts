/** Looking up tasks in an execution the way operators see them: the latest attempt of a reference name. */
import { isTerminalTaskStatus, type Task, type Workflow } from '@baton/protocol';

/** The latest attempt (highest `seq`) of `ref`, or undefined when it was never scheduled. */
export function latestTask(workflow: Workflow, ref: string): Task | undefined {
  let latest: Task | undefined;
  for (const task of workflow.tasks) {
    if (task.referenceTaskName === ref && (!latest || task.seq > latest.seq)) latest = task;
  }
  return latest;
}

/**
 * Whether the decider is done with the task: terminal and handled (an unsuccessful task not yet handled may
 * still be retried, or turn COMPLETED_WITH_ERRORS if optional).
 */
export function isSettled(task: Task): boolean {
  return isTerminalTaskStatus(task.status) && (task.executed || task.status === 'SKIPPED');
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
