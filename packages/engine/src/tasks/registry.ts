/** The task type modules by `WorkflowTask.type`; an unknown type is user-defined and runs as a worker task. */
import type { Task } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { simpleTask } from './simple.js';

const modules: ReadonlyMap<string, TaskTypeModule> = new Map([simpleTask].map((m) => [m.type, m]));

export function moduleFor(type: string | undefined): TaskTypeModule {
  return modules.get(type ?? simpleTask.type) ?? simpleTask;
}

export function moduleOf(task: Task): TaskTypeModule {
  return moduleFor(task.workflowTask.type);
}

/** Whether the task has a queue message (worker and async tasks do; sync ones never leave the decider). */
export function isQueued(task: Task): boolean {
  return moduleOf(task).execution !== 'sync';
}
