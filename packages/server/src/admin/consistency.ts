/**
 * `POST /api/admin/consistency/verifyAndRepair/{workflowId}`, as Conductor's WorkflowRepairService: a queued task
 * still SCHEDULED gets its queue message back when it has lost it, and a running workflow gets a decide pass,
 * which arms the timer it is due (timeouts, WAIT, retry delays) whether or not the timer was lost.
 */
import { isQueued, queueNameFor } from '@baton/engine';
import { isTerminalWorkflowStatus } from '@baton/protocol';
import type { Store } from '@baton/store';
import { NotFoundError } from '../errors.js';
import { visibleAt } from '../runtime/requeue.js';
import type { Runtime } from '../runtime/runtime.js';

/** Returns whether a queue message had to be restored (Conductor answers this boolean as text). */
export async function verifyAndRepair(
  store: Store,
  runtime: Runtime,
  workflowId: string,
  now: number,
): Promise<boolean> {
  const workflow = await store.getWorkflow(workflowId, true);
  if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
  if (isTerminalWorkflowStatus(workflow.status)) return false;
  const scheduled = workflow.tasks.filter((task) => task.status === 'SCHEDULED' && isQueued(task));
  const restored = await store.transact(async (tx) => {
    let missing = 0;
    for (const task of scheduled) {
      // The store has no membership test: acknowledging tells whether the message was there, and the push
      // puts it back where a SCHEDULED task's message belongs (visible now, or after its callback wait).
      const queueName = queueNameFor(task);
      if (!(await tx.queueAck(queueName, task.taskId))) missing += 1;
      await tx.queuePush(queueName, task.taskId, task.workflowPriority, visibleAt(task, now));
    }
    return missing;
  });
  await runtime.decideWorkflow(workflowId);
  return restored > 0;
}
