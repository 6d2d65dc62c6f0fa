/**
 * What the other servers sharing the database must hear of a unit's effects (their long-polls, execute and
 * signal waiters), and what this server does when it hears theirs. One server alone (SQLite) sends none.
 */
import type { StoreSignal } from '@baton/store';
import type { Effects } from './apply-decision.js';

export function signalsOf(effects: Effects): StoreSignal[] {
  const signals: StoreSignal[] = effects.queued.map((q) => ({
    type: 'taskQueued',
    queueName: q.queueName,
    visibleAt: q.visibleAt,
  }));
  for (const workflowId of effects.changed.keys()) signals.push({ type: 'workflowChanged', workflowId });
  return signals;
}

export interface SignalTargets {
  /** A task became visible (or will, at `visibleAt`) in a queue. */
  taskQueued(queueName: string, visibleAt: number): void;
  workflowChanged(workflowId: string): void;
  definitionsChanged(): void;
  polled(queueName: string, lastPollTime: number): void;
}

export function deliverSignal(signal: StoreSignal, to: SignalTargets): void {
  switch (signal.type) {
    case 'taskQueued':
      return to.taskQueued(signal.queueName, signal.visibleAt);
    case 'workflowChanged':
      return to.workflowChanged(signal.workflowId);
    case 'definitionsChanged':
      return to.definitionsChanged();
    case 'polled':
      return to.polled(signal.queueName, signal.lastPollTime);
  }
}
