/** Adding new tasks to the workflow (§4.1.5): module scheduling, de-duplication, seq, domain, queueing. */
import type { Task, WorkflowTask } from '@baton/protocol';
import type { TaskTypeModule } from '../tasks/module.js';
import { moduleFor } from '../tasks/registry.js';
import { queueTask } from './commands.js';
import { domainFor } from './domains.js';
import { nextWorkflowTask } from './next-task.js';
import type { Pass } from './pass.js';
import { effectiveTaskDef } from './task-defs.js';

/** Schedules the first task of the definition (skipping refs already SKIPPED). */
export function scheduleFirst(pass: Pass): void {
  const first = skipSkipped(pass, pass.workflow.workflowDefinition.tasks[0]);
  if (first) scheduleWorkflowTask(pass, first);
}

/** Schedules what follows `task` in the definition, if anything. */
export function scheduleSuccessor(pass: Pass, task: Task): void {
  const next = nextWorkflowTask(pass.workflow.workflowDefinition, task.referenceTaskName);
  const schedulable = skipSkipped(pass, next);
  if (schedulable) scheduleWorkflowTask(pass, schedulable);
}

/** Creates, adds and queues the task(s) of one WorkflowTask; a ref + retryCount already present is not scheduled again. */
export function scheduleWorkflowTask(pass: Pass, workflowTask: WorkflowTask, retryCount = 0): Task[] {
  if (isPresent(pass, workflowTask.taskReferenceName, retryCount)) return [];
  const module = moduleFor(workflowTask.type);
  const created = module.schedule({
    workflow: pass.workflow,
    workflowTask,
    taskDef: effectiveTaskDef(workflowTask, module.execution === 'worker', pass.ctx),
    retryCount,
    ctx: pass.ctx,
  });
  const added: Task[] = [];
  for (const task of created) {
    if (isPresent(pass, task.referenceTaskName, task.retryCount)) continue;
    added.push(addScheduledTask(pass, module, task, task.startDelayInSeconds * 1000));
  }
  return added;
}

/** Adds a SCHEDULED task (first attempt or retry): assigns its domain and queues it after `delayMs`. */
export function addScheduledTask(pass: Pass, module: TaskTypeModule, task: Task, delayMs: number): Task {
  const { domain: _previous, ...rest } = task;
  const domain = domainFor(module, pass.workflow.taskToDomain, task.taskType, pass.ctx);
  const added = pass.addTask(domain === undefined ? rest : { ...rest, domain });
  if (module.execution !== 'sync') pass.emit(queueTask(added, delayMs));
  return added;
}

function isPresent(pass: Pass, ref: string, retryCount: number): boolean {
  return pass.tasks.some((t) => t.referenceTaskName === ref && t.retryCount === retryCount);
}

function skipSkipped(pass: Pass, workflowTask: WorkflowTask | undefined): WorkflowTask | undefined {
  let current = workflowTask;
  while (current && isSkipped(pass, current.taskReferenceName)) {
    current = nextWorkflowTask(pass.workflow.workflowDefinition, current.taskReferenceName);
  }
  return current;
}

function isSkipped(pass: Pass, ref: string): boolean {
  return pass.tasks.some((t) => t.referenceTaskName === ref && t.status === 'SKIPPED');
}
