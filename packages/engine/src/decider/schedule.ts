/** Adding new tasks to the workflow (§4.1.5): module scheduling, de-duplication, seq, domain, queueing. */
import { isTerminalTaskStatus, tooDeepReason, type Task, type WorkflowTask } from '@baton/protocol';
import type { Placement, TaskTypeModule } from '../tasks/module.js';
import { ended } from '../tasks/new-task.js';
import { executionOf, moduleFor } from '../tasks/registry.js';
import { queueTask } from './commands.js';
import { domainFor } from './domains.js';
import { successorOf, type PlacedWorkflowTask } from './next-task.js';
import type { Pass } from './pass.js';
import { effectiveTaskDef } from './task-defs.js';

const TOP_LEVEL: Placement = { loopSuffix: '' };

/** Schedules the first task of the definition (skipping refs already SKIPPED). */
export function scheduleFirst(pass: Pass): void {
  const first = pass.workflow.workflowDefinition.tasks[0];
  const schedulable = skipSkipped(pass, first && { workflowTask: first, loopSuffix: '' });
  if (schedulable) scheduleWorkflowTask(pass, schedulable.workflowTask, 0, schedulable);
}

/** Schedules what follows `task` in the definition, if anything. */
export function scheduleSuccessor(pass: Pass, task: Task): void {
  const next = successorOf(pass.workflow.workflowDefinition, task.referenceTaskName);
  const schedulable = skipSkipped(pass, next);
  if (schedulable) scheduleWorkflowTask(pass, schedulable.workflowTask, 0, schedulable);
}

/** Creates, adds and queues the task(s) of one WorkflowTask; a ref + retryCount already present is not scheduled again. */
export function scheduleWorkflowTask(
  pass: Pass,
  workflowTask: WorkflowTask,
  retryCount = 0,
  placement: Placement = TOP_LEVEL,
): Task[] {
  if (isPresent(pass, workflowTask.taskReferenceName + placement.loopSuffix, retryCount)) return [];
  const module = moduleFor(workflowTask.type);
  const created = module.schedule({
    workflow: pass.workflow,
    workflowTask,
    taskDef: effectiveTaskDef(workflowTask, module.execution === 'worker', pass.ctx),
    retryCount,
    ctx: pass.ctx,
    loopSuffix: placement.loopSuffix,
    ...(placement.extraInput !== undefined && { extraInput: placement.extraInput }),
  });
  const added: Task[] = [];
  for (const task of created) {
    if (isPresent(pass, task.referenceTaskName, task.retryCount)) continue;
    added.push(addScheduledTask(pass, module, task, task.startDelayInSeconds * 1000));
  }
  return added;
}

/**
 * Adds a task (first attempt or retry): assigns its domain and queues it after `delayMs` when its type is
 * queued. A task that is already terminal (bad input found at scheduling) is never queued.
 */
export function addScheduledTask(pass: Pass, module: TaskTypeModule, scheduled: Task, delayMs: number): Task {
  const task = withinDepthLimit(scheduled, pass.now);
  const { domain: _previous, ...rest } = task;
  const domain = domainFor(module, pass.workflow.taskToDomain, task.taskType, pass.ctx);
  const added = pass.addTask(domain === undefined ? rest : { ...rest, domain });
  if (executionOf(added) !== 'sync' && !isTerminalTaskStatus(added.status)) {
    pass.emit(queueTask(added, delayMs));
  }
  return added;
}

/**
 * Expressions can nest stored values in a template deeper than any request may (MAX_JSON_DEPTH): such an input is
 * not stored, and the task fails for good, as Conductor fails a task whose input is over its hard size limit.
 */
function withinDepthLimit(task: Task, now: number): Task {
  const reason = isTerminalTaskStatus(task.status) ? undefined : tooDeepReason('Task input', task.inputData);
  if (reason === undefined) return task;
  return { ...task, inputData: {}, ...ended(task, now, 'FAILED_WITH_TERMINAL_ERROR', {}, reason) };
}

function isPresent(pass: Pass, ref: string, retryCount: number): boolean {
  return pass.tasks.some((t) => t.referenceTaskName === ref && t.retryCount === retryCount);
}

function skipSkipped(pass: Pass, placed: PlacedWorkflowTask | undefined): PlacedWorkflowTask | undefined {
  let current = placed;
  while (current && isSkipped(pass, current.workflowTask.taskReferenceName + current.loopSuffix)) {
    current = successorOf(
      pass.workflow.workflowDefinition,
      current.workflowTask.taskReferenceName + current.loopSuffix,
    );
  }
  return current;
}

function isSkipped(pass: Pass, ref: string): boolean {
  return pass.tasks.some((t) => t.referenceTaskName === ref && t.status === 'SKIPPED');
}
