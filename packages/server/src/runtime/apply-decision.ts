/**
 * Carries out a Decision inside a transaction: persists the tasks whose identity changed and performs the
 * commands. What must happen only after commit (waking long-polls, events) is collected in `Effects`.
 */
import type { Command, Decision } from '@baton/engine';
import { isTerminalTaskStatus, type Task, type Workflow } from '@baton/protocol';
import type { StoreTx } from '@baton/store';

export interface Effects {
  queued: Array<{ queueName: string; taskId: string; visibleAt: number }>;
  polled: Array<{ task: Task; workerId: string | undefined }>;
  endedTasks: Task[];
  started: Array<{ workflowId: string; workflowName: string }>;
  ended: Array<{ workflowId: string; status: Workflow['status'] }>;
}

export const newEffects = (): Effects => ({ queued: [], polled: [], endedTasks: [], started: [], ended: [] });

export type StartWorkflowCommand = Extract<Command, { type: 'startWorkflow' }>;

export interface ApplyOptions {
  now: number;
  effects: Effects;
  /** Starts another workflow in the same transaction (failure workflows). */
  startWorkflow(tx: StoreTx, command: StartWorkflowCommand): Promise<void>;
}

export async function applyDecision(
  tx: StoreTx,
  before: Workflow | undefined,
  decision: Decision,
  options: ApplyOptions,
): Promise<void> {
  const after = decision.workflow;
  const { effects, now } = options;
  if (!before) {
    await tx.createWorkflow(after);
    effects.started.push({ workflowId: after.workflowId, workflowName: after.workflowName });
  } else if (after !== before) {
    const previous = new Set(before.tasks);
    const changed = after.tasks.filter((t) => !previous.has(t));
    await tx.updateWorkflow(after, changed);
    const wasTerminal = new Map(before.tasks.map((t) => [t.taskId, isTerminalTaskStatus(t.status)]));
    for (const t of changed) {
      if (isTerminalTaskStatus(t.status) && wasTerminal.get(t.taskId) === false) effects.endedTasks.push(t);
    }
  }
  for (const command of decision.commands) {
    switch (command.type) {
      case 'queueTask': {
        const visibleAt = now + command.delayMs;
        await tx.queuePush(command.queueName, command.taskId, command.priority, visibleAt);
        effects.queued.push({ queueName: command.queueName, taskId: command.taskId, visibleAt });
        break;
      }
      case 'dequeueTask':
        await tx.queueAck(command.queueName, command.taskId);
        break;
      case 'setTimer':
        await tx.setTimer(after.workflowId, command.at);
        break;
      case 'startWorkflow':
        await options.startWorkflow(tx, command);
        break;
      case 'workflowEnded':
        effects.ended.push({ workflowId: command.workflowId, status: command.status });
        break;
    }
  }
}
