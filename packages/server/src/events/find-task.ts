/** Finds the task an event (a handler action or a queue update) is about. */
import { isTerminalTaskStatus, type Task } from '@baton/protocol';
import type { StoreReader } from '@baton/store';

export type TaskLookup = { ok: true; task: Task } | { ok: false; error: string };

/**
 * The pending task with `taskId` when given, else the pending task of `workflowId` with reference name `taskRefName` (a loop
 * iteration `ref__N` matches `ref`; the latest iteration wins).
 */
export async function findTask(
  store: StoreReader,
  where: { workflowId?: string; taskId?: string; taskRefName?: string },
): Promise<TaskLookup> {
  const { workflowId, taskId, taskRefName } = where;
  if (taskId) {
    const task = await store.getTask(taskId);
    if (!task) return { ok: false, error: `No task found with taskId: ${taskId}` };
    if (isTerminalTaskStatus(task.status)) {
      return { ok: false, error: `Task ${taskId} has already ended with status ${task.status}` };
    }
    return { ok: true, task };
  }
  if (!workflowId || !taskRefName) {
    return { ok: false, error: 'Either taskId, or workflowId and taskRefName, are required' };
  }
  const workflow = await store.getWorkflow(workflowId, true);
  if (!workflow) return { ok: false, error: `No workflow found with ID: ${workflowId}` };
  const pending = workflow.tasks.filter((t) => !isTerminalTaskStatus(t.status));
  const task =
    pending.find((t) => t.referenceTaskName === taskRefName) ??
    pending
      .filter((t) => t.referenceTaskName.replace(/(?:__\d+)+$/, '') === taskRefName)
      .sort((a, b) => b.iteration - a.iteration)[0];
  return task
    ? { ok: true, task }
    : {
        ok: false,
        error: `No pending task found with reference name: ${taskRefName}, workflowId: ${workflowId}`,
      };
}
