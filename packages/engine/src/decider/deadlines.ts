/** The workflow's next timer (§4.5): the earliest future instant at which a timeout rule could fire. */
import { isTerminalTaskStatus, isTerminalWorkflowStatus, type Workflow } from '@baton/protocol';
import type { DeciderContext } from '../contract.js';
import { executionOf, moduleOf } from '../tasks/registry.js';
import { taskDefOf } from './task-def-of.js';
import { availableAt, TASK_TIMEOUT_RULES, workflowTimeoutDeadline } from './timeout-rules.js';

/**
 * Also the instants tasks the decider runs itself need a decide: a delayed start, a WAIT's end, an
 * evaluation to ask for again (the module's `wakeUpAt`).
 * Null when nothing can time out. Rules whose policy is ALERT_ONLY do nothing when they fire, so they arm
 * no timer; deadlines already past have fired (or been alerted) and are not re-armed.
 */
export function nextDeadline(workflow: Workflow, ctx: DeciderContext): number | null {
  if (isTerminalWorkflowStatus(workflow.status)) return null;
  const deadlines: number[] = [];
  const workflowDeadline = workflowTimeoutDeadline(workflow);
  if (workflowDeadline !== undefined) deadlines.push(workflowDeadline);
  // A paused workflow only watches its own timeout.
  if (workflow.status !== 'PAUSED') {
    for (const task of workflow.tasks) {
      if (isTerminalTaskStatus(task.status)) continue;
      const def = taskDefOf(task, ctx);
      const execution = executionOf(task);
      if (execution === 'sync' && task.status === 'SCHEDULED') deadlines.push(availableAt(task));
      const wakeUp = moduleOf(task).wakeUpAt?.(task);
      if (wakeUp !== undefined) deadlines.push(wakeUp);
      for (const rule of TASK_TIMEOUT_RULES) {
        if (rule.policy(def) === 'ALERT_ONLY') continue;
        const at = rule.deadline(task, def, execution);
        if (at !== undefined) deadlines.push(at);
      }
    }
  }
  let next: number | null = null;
  for (const at of deadlines) if (at > ctx.now && (next === null || at < next)) next = at;
  return next;
}
