/**
 * Carries out a Decision inside a transaction: persists the tasks whose identity changed and performs the
 * commands that touch only this workflow. Commands that touch another workflow (start a child, terminate
 * one, tell a parent its child ended) become follow-ups, run after this decision in the same transaction,
 * so no workflow is ever decided while another decision about it is half applied. What must wait for the
 * commit (waking long-polls, sandboxed evaluations, events) is collected in `Effects`.
 */
import type { Command, Decision } from '@baton/engine';
import { isTerminalTaskStatus, isTerminalWorkflowStatus, type Task, type Workflow } from '@baton/protocol';
import type { StoreTx } from '@baton/store';

export type EvaluateCommand = Extract<Command, { type: 'evaluate' }>;
export type StartWorkflowCommand = Extract<Command, { type: 'startWorkflow' }>;

export interface Effects {
  queued: Array<{ queueName: string; taskId: string; visibleAt: number }>;
  polled: Array<{ task: Task; workerId: string | undefined }>;
  endedTasks: Task[];
  started: Array<{ workflowId: string; workflowName: string }>;
  ended: Array<{ workflowId: string; workflowName: string; status: Workflow['status'] }>;
  /** Workflows created or changed, as this transaction left them (synchronous execute and signals wait on these). */
  changed: Map<string, Workflow>;
  /** Sandboxed JavaScript to run after commit; the answer comes back as an `evaluated` event. */
  evaluations: Array<EvaluateCommand & { workflowId: string }>;
  /** Status changes of workflows with a status listener, and of their tasks, for that listener. */
  statusChanges: Array<{ workflow: Workflow; task?: Task }>;
}

export const newEffects = (): Effects => ({
  queued: [],
  polled: [],
  endedTasks: [],
  started: [],
  ended: [],
  changed: new Map(),
  evaluations: [],
  statusChanges: [],
});

/** Work on another workflow, run later in the same transaction. */
export type FollowUp = (tx: StoreTx) => Promise<void>;

/** A workflow transaction: the work, plus follow-ups on other workflows and effects for after commit. */
export interface Unit {
  tx: StoreTx;
  effects: Effects;
  followUps: FollowUp[];
  now: number;
}

export interface CrossWorkflowHandlers {
  startWorkflow(tx: StoreTx, command: StartWorkflowCommand): Promise<void>;
  terminateWorkflow(tx: StoreTx, workflowId: string, reason: string): Promise<void>;
  /** A child workflow ended: report to the parent's SUB_WORKFLOW task, and to the tasks following it. */
  childEnded(tx: StoreTx, child: Workflow): Promise<void>;
}

export interface ApplyOptions {
  now: number;
  effects: Effects;
  followUps: FollowUp[];
  handlers: CrossWorkflowHandlers;
}

export async function applyDecision(
  tx: StoreTx,
  before: Workflow | undefined,
  decision: Decision,
  { now, effects, followUps, handlers }: ApplyOptions,
): Promise<void> {
  const after = decision.workflow;
  if (!before) {
    await tx.createWorkflow(after);
    effects.started.push({ workflowId: after.workflowId, workflowName: after.workflowName });
    effects.changed.set(after.workflowId, after);
  } else if (after !== before) {
    effects.changed.set(after.workflowId, after);
    const previous = new Set(before.tasks);
    const changed = after.tasks.filter((t) => !previous.has(t));
    const removed = decision.commands.flatMap((c) => (c.type === 'removeTasks' ? c.taskIds : []));
    await tx.updateWorkflow(after, changed, removed);
    const wasTerminal = new Map(before.tasks.map((t) => [t.taskId, isTerminalTaskStatus(t.status)]));
    for (const t of changed) {
      if (isTerminalTaskStatus(t.status) && wasTerminal.get(t.taskId) === false) effects.endedTasks.push(t);
    }
  }
  if (after.workflowDefinition.workflowStatusListenerEnabled) noteStatusChanges(before, after, effects);
  for (const command of decision.commands) {
    switch (command.type) {
      case 'queueTask': {
        const visibleAt = now + command.delayMs;
        await tx.queuePush(command.queueName, command.taskId, command.priority, visibleAt);
        effects.queued.push({ queueName: command.queueName, taskId: command.taskId, visibleAt });
        break;
      }
      case 'dequeueTask':
        await tx.queueRemove(command.queueName, command.taskId);
        break;
      case 'setTimer':
        await armTimer(tx, after, command.at);
        break;
      case 'evaluate':
        effects.evaluations.push({ ...command, workflowId: after.workflowId });
        break;
      case 'startWorkflow':
        followUps.push((t) => handlers.startWorkflow(t, command));
        break;
      case 'terminateWorkflow':
        followUps.push((t) => handlers.terminateWorkflow(t, command.workflowId, command.reason));
        break;
      case 'removeTasks':
        break; // persisted with the workflow above
      case 'workflowEnded':
        effects.ended.push({
          workflowId: command.workflowId,
          workflowName: after.workflowName,
          status: command.status,
        });
        // A workflow with an idempotency key may be followed by tasks of other workflows besides its parent.
        if (after.parentWorkflowId || after.idempotencyKey)
          followUps.push((t) => handlers.childEnded(t, after));
        break;
    }
  }
}

/**
 * The timer only has to fire no later than the workflow's next deadline: an earlier one just costs a decide pass
 * that finds nothing due. So a later or vanished deadline keeps the armed timer (no write per task), an earlier
 * one lowers it, and an ended workflow drops it. The decide pass of a fired timer clears it first
 * (`Runtime.decideWorkflow`), so the pass re-arms exactly.
 */
async function armTimer(tx: StoreTx, workflow: Workflow, at: number | null): Promise<void> {
  if (isTerminalWorkflowStatus(workflow.status)) await tx.setTimer(workflow.workflowId, null);
  else if (at !== null) await tx.setTimerIfEarlier(workflow.workflowId, at);
}

/**
 * What a status listener publishes: the workflow's new status, and each task's (new tasks included), in the order
 * they happened: a workflow starts before its tasks and ends after them.
 */
function noteStatusChanges(before: Workflow | undefined, after: Workflow, effects: Effects): void {
  const was = new Map(before?.tasks.map((t) => [t.taskId, t.status]));
  const tasks = after.tasks
    .filter((t) => was.get(t.taskId) !== t.status)
    .map((task) => ({ workflow: after, task }));
  if (before?.status === after.status) effects.statusChanges.push(...tasks);
  else if (isTerminalWorkflowStatus(after.status)) effects.statusChanges.push(...tasks, { workflow: after });
  else effects.statusChanges.push({ workflow: after }, ...tasks);
}
