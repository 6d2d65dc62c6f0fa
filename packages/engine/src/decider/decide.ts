/**
 * The decider (§4.1): applies one event to an execution and runs the decide pass until nothing changes.
 * Pure: time, ids and randomness come from the context; inputs are never mutated.
 */
import {
  isSuccessfulTaskStatus,
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  type Task,
} from '@baton/protocol';
import type { Decide } from '../contract.js';
import { applyTaskResult } from './apply-result.js';
import { completeIfDone, endWorkflow } from './complete.js';
import { handleFailure } from './failures.js';
import { Pass } from './pass.js';
import { scheduleFirst, scheduleSuccessor } from './schedule.js';
import { checkTaskTimeouts, checkWorkflowTimeout } from './timeouts.js';

/**
 * @example
 * const wf = createExecution(def, { workflowId: 'w1', request: { name: def.name, input } }, ctx);
 * const { workflow, commands } = decide(wf, { type: 'start' }, ctx);
 */
export const decide: Decide = (workflow, event, ctx) => {
  const pass = new Pass(workflow, ctx);
  if (event.type === 'taskResult') {
    const outcome = applyTaskResult(pass, event.result);
    if (outcome.kind === 'ignored') return pass.finish({ touch: false, ignored: outcome.reason });
    if (outcome.kind === 'leaseExtended') return pass.finish({ touch: false });
  }
  runDecidePass(pass);
  return pass.finish({ touch: true });
};

/** What happened to one pending task in a round of the pass. */
type Step = 'idle' | 'progressed' | 'workflowEnded';

function runDecidePass(pass: Pass): void {
  if (isTerminalWorkflowStatus(pass.workflow.status)) return;
  if (checkWorkflowTimeout(pass)) return;
  // A paused workflow takes task results but schedules nothing (§3.1).
  if (pass.workflow.status === 'PAUSED') return;
  if (pass.tasks.length === 0) {
    if (pass.workflow.workflowDefinition.tasks.length === 0) {
      endWorkflow(pass, { status: 'COMPLETED' });
      return;
    }
    scheduleFirst(pass);
  }
  // Rounds repeat because a round can add tasks that need processing in the same pass (retries now;
  // synchronous system tasks later).
  for (;;) {
    let progressed = false;
    for (const taskId of pass.tasks.map((t) => t.taskId)) {
      const task = pass.task(taskId)!;
      if (task.retried || task.executed || task.status === 'SKIPPED') continue;
      const step = processTask(pass, task);
      if (step === 'workflowEnded') return;
      if (step === 'progressed') progressed = true;
    }
    if (!progressed) break;
  }
  completeIfDone(pass);
}

/** §4.1.3: timeouts, then retry / tolerate / fail an unsuccessful task, then move past an ended one. */
function processTask(pass: Pass, pending: Task): Step {
  let task = checkTaskTimeouts(pass, pending);
  if (isTerminalWorkflowStatus(pass.workflow.status)) return 'workflowEnded';
  if (!isTerminalTaskStatus(task.status)) return 'idle';
  if (!isSuccessfulTaskStatus(task.status)) {
    const outcome = handleFailure(pass, task);
    if (outcome.kind === 'workflowEnded') return 'workflowEnded';
    if (outcome.kind === 'retried') return 'progressed';
    task = outcome.task;
  }
  const executed = pass.updateTask(task, { executed: true });
  scheduleSuccessor(pass, executed);
  return 'progressed';
}
