/** The task type modules by `WorkflowTask.type`; an unknown type is user-defined and runs as a worker task. */
import { TaskType, type Task } from '@baton/protocol';
import { decisionTask } from './decision.js';
import { doWhileTask } from './do-while.js';
import { dynamicTask } from './dynamic.js';
import { exclusiveJoinTask } from './exclusive-join.js';
import { forkJoinDynamicTask } from './fork-join-dynamic.js';
import { forkJoinTask } from './fork-join.js';
import { humanTask } from './human.js';
import { inlineTask } from './inline.js';
import { joinTask } from './join.js';
import { lambdaTask } from './lambda.js';
import type { TaskExecution, TaskTypeModule } from './module.js';
import { noopTask } from './noop.js';
import { setVariableTask } from './set-variable.js';
import { simpleTask } from './simple.js';
import { startWorkflowTask } from './start-workflow.js';
import { subWorkflowTask } from './sub-workflow.js';
import { switchTask } from './switch.js';
import { eventTask, httpTask, jsonJqTransformTask } from './system-executed.js';
import { terminateTask } from './terminate.js';
import { waitTask } from './wait.js';
import { yieldTask } from './yield.js';
import { pullWorkflowMessagesTask } from './pull-workflow-messages.js';

const modules: ReadonlyMap<string, TaskTypeModule> = new Map(
  [
    simpleTask,
    dynamicTask,
    switchTask,
    decisionTask,
    forkJoinTask,
    forkJoinDynamicTask,
    joinTask,
    exclusiveJoinTask,
    doWhileTask,
    subWorkflowTask,
    startWorkflowTask,
    setVariableTask,
    terminateTask,
    noopTask,
    waitTask,
    humanTask,
    yieldTask,
    pullWorkflowMessagesTask,
    lambdaTask,
    inlineTask,
    httpTask,
    jsonJqTransformTask,
    eventTask,
  ].map((m) => [m.type, m]),
);

export function moduleFor(type: string | undefined): TaskTypeModule {
  return modules.get(type ?? simpleTask.type) ?? simpleTask;
}

export function moduleOf(task: Task): TaskTypeModule {
  return moduleFor(task.workflowTask.type);
}

/** How this task is executed (a module may decide per task, e.g. INLINE). */
export function executionOf(task: Task): TaskExecution {
  const module = moduleOf(task);
  return module.executionOf?.(task) ?? module.execution;
}

/** Whether the task has a queue message (worker and async tasks do; sync ones never leave the decider). */
export function isQueued(task: Task): boolean {
  return executionOf(task) !== 'sync';
}

/**
 * The task types the server executes itself from queues named exactly after the type (§5); workers never
 * poll these queues. INLINE tasks with `value-param` never reach the queue.
 */
export const SYSTEM_TASK_QUEUES: readonly string[] = [
  TaskType.HTTP,
  TaskType.INLINE,
  TaskType.JSON_JQ_TRANSFORM,
  TaskType.EVENT,
];

export function isSystemTaskType(type: string): boolean {
  return SYSTEM_TASK_QUEUES.includes(type);
}
