/**
 * The workflow message queue (Conductor 3.x): messages posted to a RUNNING workflow wait in the store until a
 * PULL_WORKFLOW_MESSAGES task of it takes them. The runtime hands them over inside the transaction that posted
 * them, or that started the task, so a message is never taken without its task completing.
 */
import { TaskType, type Task, type Workflow } from '@baton/protocol';

/** Conductor's `conductor.workflow-message-queue` defaults. */
export const MAX_QUEUED_MESSAGES = 1000;
export const MAX_BATCH_SIZE = 100;

/** The workflow's PULL_WORKFLOW_MESSAGES task waiting for messages, if any. */
export function waitingPull(workflow: Workflow): Task | undefined {
  if (workflow.status !== 'RUNNING') return undefined;
  return workflow.tasks.find(
    (t) => t.taskType === TaskType.PULL_WORKFLOW_MESSAGES && t.status === 'IN_PROGRESS',
  );
}

/** `batchSize` from the task's input: 1 when absent or below 1, capped at MAX_BATCH_SIZE. */
export function batchSizeOf(task: Task): number {
  const raw = Number(task.inputData.batchSize);
  if (!Number.isFinite(raw) || raw < 1) return 1;
  return Math.min(Math.floor(raw), MAX_BATCH_SIZE);
}
