/** Applying the timeout rules (§4.5) on a decide: the workflow's own timeout and each pending task's. */
import type { Task } from '@baton/protocol';
import { executionOf, isQueued } from '../tasks/registry.js';
import { dequeueTask } from './commands.js';
import { endWorkflow } from './complete.js';
import type { Pass } from './pass.js';
import { taskDefOf } from './task-def-of.js';
import { TASK_TIMEOUT_RULES, workflowTimeoutDeadline, workflowTimeoutReason } from './timeout-rules.js';

/** Times the workflow out when its deadline has passed; true when it did. */
export function checkWorkflowTimeout(pass: Pass): boolean {
  const deadline = workflowTimeoutDeadline(pass.workflow);
  if (deadline === undefined || pass.now < deadline) return false;
  endWorkflow(pass, { status: 'TIMED_OUT', reason: workflowTimeoutReason(pass.workflow, pass.now) });
  return true;
}

/**
 * Applies the first rule that has fired: RETRY (and any response timeout) → the task is TIMED_OUT and
 * the retry rules take over; TIME_OUT_WF → the workflow times out too; ALERT_ONLY → nothing.
 * Returns the task as it is afterwards.
 */
export function checkTaskTimeouts(pass: Pass, task: Task): Task {
  const def = taskDefOf(task, pass.ctx);
  const execution = executionOf(task);
  for (const rule of TASK_TIMEOUT_RULES) {
    const deadline = rule.deadline(task, def, execution);
    if (deadline === undefined || pass.now < deadline) continue;
    const policy = rule.policy(def);
    if (policy === 'ALERT_ONLY') continue;
    const reason = rule.reason(task, def, pass.now);
    const timedOut = pass.updateTask(task, {
      status: 'TIMED_OUT',
      reasonForIncompletion: reason,
      endTime: pass.now,
      updateTime: pass.now,
    });
    if (isQueued(task)) pass.emit(dequeueTask(task));
    if (policy === 'TIME_OUT_WF') endWorkflow(pass, { status: 'TIMED_OUT', reason, trigger: timedOut });
    return timedOut;
  }
  return task;
}
