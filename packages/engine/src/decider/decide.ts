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
import type { Decide, WorkflowEvent } from '../contract.js';
import type { TaskRun } from '../tasks/module.js';
import { executionOf, moduleOf } from '../tasks/registry.js';
import { applyTaskResult } from './apply-result.js';
import { completeIfDone, endWorkflow } from './complete.js';
import { applyChildEnded, applyEvaluated } from './external-answers.js';
import { handleFailure } from './failures.js';
import { Pass } from './pass.js';
import { pauseWorkflow } from './pause.js';
import { reopenForChild } from './reopen-parent.js';
import { rerunFromTask } from './rerun.js';
import { startOver } from './restart.js';
import { workflowReason } from './reasons.js';
import { resetCallbacks } from './reset-callbacks.js';
import { resumeWorkflow } from './resume.js';
import { retryWorkflow } from './retry-workflow.js';
import { skipTask } from './skip.js';
import { updateVariables } from './update-variables.js';
import { scheduleFirst, scheduleSuccessor } from './schedule.js';
import { taskRun } from './task-run.js';
import { availableAt } from './timeout-rules.js';
import { checkTaskTimeouts, checkWorkflowTimeout } from './timeouts.js';

/** A pass never needs anywhere near this many rounds; hitting it means a module keeps changing something. */
const MAX_ROUNDS = 10_000;

/**
 * @example
 * const wf = createExecution(def, { workflowId: 'w1', request: { name: def.name, input } }, ctx);
 * const { workflow, commands } = decide(wf, { type: 'start' }, ctx);
 */
export const decide: Decide = (workflow, event, ctx) => {
  const pass = new Pass(workflow, ctx);
  const run = taskRun(pass);
  switch (event.type) {
    case 'taskResult': {
      const outcome = applyTaskResult(pass, event.result);
      if (outcome.kind === 'ignored') return pass.finish({ touch: false, ignored: outcome.reason });
      if (outcome.kind === 'leaseExtended') return pass.finish({ touch: false });
      break;
    }
    case 'evaluated': {
      const ignored = applyEvaluated(pass, run, event);
      if (ignored !== undefined) return pass.finish({ touch: false, ignored });
      break;
    }
    case 'childEnded': {
      const ignored = applyChildEnded(pass, run, event);
      if (ignored !== undefined) return pass.finish({ touch: false, ignored });
      break;
    }
    case 'terminate': {
      const status = pass.workflow.status;
      // An API terminate turns a failed or timed-out execution into a terminated one (§1.2).
      if (status === 'FAILED' || status === 'TIMED_OUT') {
        pass.updateWorkflow({ status: 'TERMINATED', reasonForIncompletion: workflowReason(event.reason) });
        return pass.finish({ touch: true });
      }
      if (isTerminalWorkflowStatus(status)) {
        return pass.finish({ touch: false, ignored: `Workflow ${workflow.workflowId} is already ${status}` });
      }
      endWorkflow(pass, {
        status: 'TERMINATED',
        reason: event.reason,
        byEngine: event.triggerFailureWorkflow ?? false,
      });
      return pass.finish({ touch: true });
    }
    case 'pause':
      return pass.finish({ touch: true, ignored: pauseWorkflow(pass) });
    case 'updateVariables':
      updateVariables(pass, event.variables, event.appendArray);
      return pass.finish({ touch: true });
    case 'resetCallbacks':
      resetCallbacks(pass);
      return pass.finish({ touch: true });
    case 'resume':
    case 'retry':
    case 'childReopened':
    case 'restart':
    case 'rerun':
    case 'skip': {
      const ignored = applyOperation(pass, event);
      if (ignored !== undefined) return pass.finish({ touch: false, ignored });
      break;
    }
    case 'start':
    case 'tick':
      break;
  }
  runDecidePass(pass, run);
  return pass.finish({ touch: true });
};

type Operation = Extract<
  WorkflowEvent,
  { type: 'resume' | 'retry' | 'childReopened' | 'restart' | 'rerun' | 'skip' }
>;

/** The workflow operations followed by a decide pass; returns why one was refused. */
function applyOperation(pass: Pass, event: Operation): string | undefined {
  switch (event.type) {
    case 'resume':
      return resumeWorkflow(pass);
    case 'retry':
      return retryWorkflow(pass);
    case 'childReopened':
      return reopenForChild(pass, event.taskId, event.childWorkflowId);
    case 'restart':
      startOver(pass, event.def ? { def: event.def } : {});
      return undefined;
    case 'rerun': {
      const { reRunFromTaskId, ...request } = event;
      if (reRunFromTaskId === undefined) {
        startOver(pass, { input: request.workflowInput, correlationId: request.correlationId });
        return undefined;
      }
      return rerunFromTask(pass, { ...request, taskId: reRunFromTaskId });
    }
    case 'skip':
      return skipTask(pass, event);
  }
}

/** What happened to one pending task in a round of the pass. */
type Step = 'idle' | 'progressed' | 'workflowEnded';

function runDecidePass(pass: Pass, run: TaskRun): void {
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
  // Rounds repeat because a round can add or change tasks that need processing in the same pass (retries,
  // operators and other tasks the decider runs itself).
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let progressed = false;
    for (const taskId of pass.tasks.map((t) => t.taskId)) {
      const task = pass.task(taskId);
      if (!task || task.retried || task.executed || task.status === 'SKIPPED') continue;
      const step = processTask(pass, run, task);
      if (step === 'workflowEnded') return;
      if (step === 'progressed') progressed = true;
    }
    if (!progressed) break;
  }
  completeIfDone(pass);
}

/**
 * §4.1.3: timeouts; a task the decider runs itself gets its turn; then retry / tolerate / fail an
 * unsuccessful task, and move past an ended one.
 */
function processTask(pass: Pass, run: TaskRun, pending: Task): Step {
  const before = pass.version;
  let task = checkTaskTimeouts(pass, pending);
  if (isTerminalWorkflowStatus(pass.workflow.status)) return 'workflowEnded';
  if (!isTerminalTaskStatus(task.status)) {
    task = runTask(pass, run, task);
    if (isTerminalWorkflowStatus(pass.workflow.status)) return 'workflowEnded';
    if (!isTerminalTaskStatus(task.status)) return pass.version === before ? 'idle' : 'progressed';
  }
  if (!isSuccessfulTaskStatus(task.status)) {
    const outcome = handleFailure(pass, task);
    if (outcome.kind === 'workflowEnded') return 'workflowEnded';
    if (outcome.kind === 'retried') return 'progressed';
    task = outcome.task;
  }
  const executed = pass.updateTask(task, { executed: true });
  const module = moduleOf(executed);
  if (module.scheduleNext) module.scheduleNext(executed, run);
  else scheduleSuccessor(pass, executed);
  return 'progressed';
}

/** Gives a task the decider runs itself its turn, once its start delay has passed; returns it as it is after. */
function runTask(pass: Pass, run: TaskRun, task: Task): Task {
  const module = moduleOf(task);
  if (!module.execute || executionOf(task) !== 'sync') return task;
  if (task.status === 'SCHEDULED' && pass.now < availableAt(task)) return task;
  module.execute(task, run);
  return pass.task(task.taskId) ?? task;
}
