/**
 * Handing queued tasks out, inside a transaction: to external workers (poll) and to the server's own
 * system-task executors. Applies the rate limit and concurrency cap of §4.7, an executor's per-lane limit
 * (lane-limits.ts), and skips stale messages.
 */
import { handOut, pollVerdict } from '@baton/engine';
import { isTerminalWorkflowStatus, type Task, type TaskDef, type Workflow } from '@baton/protocol';
import type { StoreTx } from '@baton/store';
import type { LaneAdmission } from './lane-limits.js';

/**
 * Messages one hand-out looks at, past tasks held back for their lane: this many times `count`, and at most
 * MAX_LOOK_AHEAD. A task further down the queue is reached by the next hand-outs, which run at once.
 */
const LOOK_AHEAD_FACTOR = 20;
const MAX_LOOK_AHEAD = 500;

export interface HandOutRequest {
  queueName: string;
  count: number;
  workerId: string | undefined;
  now: number;
  /** How long a popped message stays invisible. */
  visibilityMs: number;
  /**
   * Workers: the message is acked at hand-out (the task's lease is its response timeout). System tasks: the
   * message stays, invisible, until the result arrives, so a crash mid-execution runs the task again.
   */
  keepMessage: boolean;
  taskDefOf(task: Task): TaskDef | undefined;
  /** An executor's lane limit: a task it refuses stays queued, postponed, and the hand-out looks further. */
  admit?: LaneAdmission;
}

export async function handOutInTx(tx: StoreTx, request: HandOutRequest): Promise<Task[]> {
  const { queueName, now, keepMessage } = request;
  const handed: Task[] = [];
  for (let looked = 0; ;) {
    const wanted = request.count - handed.length;
    // A worker's message is deleted as it is taken (the same transaction writes the hand-out); a system task's
    // message stays, hidden, until its result arrives.
    const ids = keepMessage
      ? await tx.queuePop(queueName, wanted, now, request.visibilityMs)
      : await tx.queueTake(queueName, wanted, now);
    looked += ids.length;
    let heldBack = false;
    for (const taskId of ids) {
      const task = await tx.getTask(taskId);
      // With its tasks: the transaction's cache then has what the task's update will need next.
      const workflow = task && (await tx.getWorkflow(task.workflowInstanceId, true));
      if (!task || !workflow || !isDeliverable(task, workflow)) {
        if (keepMessage) await tx.queueAck(queueName, taskId); // stale message: the task moved on without it
        continue;
      }
      const laneWaitMs = request.admit?.(task);
      if (laneWaitMs !== undefined) {
        await tx.queuePush(queueName, taskId, workflow.priority, now + laneWaitMs);
        heldBack = true;
        continue;
      }
      const def = request.taskDefOf(task);
      if (!(await withinLimits(tx, task, def, workflow, request))) continue;
      // A worker's IN_PROGRESS task was re-queued by an IN_PROGRESS update: its poll counts again.
      const polled =
        task.status === 'SCHEDULED' || !keepMessage ? handOut(task, request.workerId, now) : task;
      if (polled !== task) await tx.updateTasks(workflow.workflowId, [polled]);
      if (!keepMessage) {
        // The response-timeout clock starts now; make sure the workflow's timer fires by then.
        await tx.setTimerIfEarlier(workflow.workflowId, now + polled.responseTimeoutSeconds * 1000);
      }
      handed.push(polled);
    }
    // Tasks held back for their lane leave room for tasks of other lanes behind them in the queue.
    const more = heldBack && handed.length < request.count && ids.length === wanted;
    if (!more || looked >= Math.min(MAX_LOOK_AHEAD, LOOK_AHEAD_FACTOR * request.count)) return handed;
  }
}

/**
 * SCHEDULED tasks, and IN_PROGRESS ones that have a message: a worker's task re-queued by an IN_PROGRESS
 * update with no callback delay, or a system task popped again after a crash.
 */
function isDeliverable(task: Task, workflow: Workflow): boolean {
  if (isTerminalWorkflowStatus(workflow.status)) return false;
  return task.status === 'SCHEDULED' || task.status === 'IN_PROGRESS';
}

/** False (and the message postponed) when the definition's rate limit or concurrency cap says wait. */
async function withinLimits(
  tx: StoreTx,
  task: Task,
  def: TaskDef | undefined,
  workflow: Workflow,
  request: HandOutRequest,
): Promise<boolean> {
  const concurrency = def?.concurrentExecLimit ?? 0;
  const rate = def?.rateLimitPerFrequency ?? 0;
  if (!def || (concurrency <= 0 && rate <= 0) || task.status !== 'SCHEDULED') return true;
  const { now } = request;
  // The count and the hand-out it allows are one step cluster-wide.
  await tx.lockKey(JSON.stringify(['limits', task.taskDefName]));
  const windowMs = (def.rateLimitFrequencyInSeconds || 1) * 1000;
  const verdict = pollVerdict(
    def,
    {
      inProgress: concurrency > 0 ? await tx.countInProgress(task.taskDefName) : 0,
      recentHandouts: rate > 0 ? await tx.recentHandouts(task.taskDefName, now - windowMs) : [],
    },
    now,
  );
  if (!verdict.handOut) {
    await tx.queuePush(request.queueName, task.taskId, workflow.priority, now + verdict.postponeMs);
    return false;
  }
  if (rate > 0) await tx.recordHandout(task.taskDefName, now);
  return true;
}
