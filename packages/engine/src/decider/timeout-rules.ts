/**
 * The timeout rules of §4.5 as deadlines. Checking a timeout (now >= deadline) and arming the workflow's
 * timer (the earliest future deadline) both read these, so the two can never disagree.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  type Task,
  type TaskTimeoutPolicy,
  type Workflow,
} from '@baton/protocol';
import type { TaskExecution } from '../tasks/module.js';
import type { EffectiveTaskDef } from './task-defs.js';

export interface TaskTimeoutRule {
  readonly name: string;
  /** When the rule fires for this task; undefined when it does not apply to the task in its current state. */
  deadline(task: Task, def: EffectiveTaskDef, execution: TaskExecution): number | undefined;
  /** What firing does (the response timeout always times the task out, whatever the TaskDef says). */
  policy(def: EffectiveTaskDef): TaskTimeoutPolicy;
  reason(task: Task, def: EffectiveTaskDef, now: number): string;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

const taskTimeout: TaskTimeoutRule = {
  name: 'timeout',
  deadline: (task, def) =>
    def.timeoutSeconds > 0 && task.startTime > 0 && !isTerminalTaskStatus(task.status)
      ? startedAt(task) + def.timeoutSeconds * 1000
      : undefined,
  policy: (def) => def.timeoutPolicy,
  reason: (task, def, now) =>
    `Task timed out after ${seconds(now - startedAt(task))} seconds. Timeout configured as ${def.timeoutSeconds} seconds. Timeout policy configured to ${def.timeoutPolicy}`,
};

const pollTimeout: TaskTimeoutRule = {
  name: 'pollTimeout',
  deadline: (task, def) =>
    def.pollTimeoutSeconds > 0 && task.status === 'SCHEDULED'
      ? availableAt(task) + (def.pollTimeoutSeconds + task.callbackAfterSeconds) * 1000
      : undefined,
  policy: (def) => def.timeoutPolicy,
  reason: (task, def, now) =>
    `Task poll timed out after ${seconds(now - availableAt(task))} seconds. Poll timeout configured as ${def.pollTimeoutSeconds} seconds. Timeout policy configured to ${def.timeoutPolicy}`,
};

const responseTimeout: TaskTimeoutRule = {
  name: 'responseTimeout',
  deadline: (task, def, execution) =>
    def.responseTimeoutSeconds > 0 && task.status === 'IN_PROGRESS' && execution === 'worker'
      ? task.updateTime + (def.responseTimeoutSeconds + task.callbackAfterSeconds) * 1000
      : undefined,
  policy: () => 'RETRY',
  reason: (task, def) =>
    `responseTimeout: ${def.responseTimeoutSeconds} exceeded for the taskId: ${task.taskId} with Task Definition: ${task.taskDefName}`,
};

const totalTimeout: TaskTimeoutRule = {
  name: 'totalTimeout',
  deadline: (task, def) =>
    def.totalTimeoutSeconds > 0 && !isTerminalTaskStatus(task.status)
      ? firstScheduledTime(task) + def.totalTimeoutSeconds * 1000
      : undefined,
  policy: (def) => def.timeoutPolicy,
  reason: (task, def, now) =>
    `Task total timeout exceeded after ${seconds(now - firstScheduledTime(task))} seconds. Total timeout configured as ${def.totalTimeoutSeconds} seconds. Timeout policy configured to ${def.timeoutPolicy}`,
};

/** In Conductor's order of checking. */
export const TASK_TIMEOUT_RULES: readonly TaskTimeoutRule[] = [
  taskTimeout,
  pollTimeout,
  responseTimeout,
  totalTimeout,
];

/** When the workflow times out (only with the TIME_OUT_WF policy; ALERT_ONLY never acts). */
export function workflowTimeoutDeadline(workflow: Workflow): number | undefined {
  const def = workflow.workflowDefinition;
  const timeoutSeconds = def.timeoutSeconds ?? 0;
  if (
    timeoutSeconds <= 0 ||
    def.timeoutPolicy !== 'TIME_OUT_WF' ||
    isTerminalWorkflowStatus(workflow.status)
  ) {
    return undefined;
  }
  return workflowClockStart(workflow) + timeoutSeconds * 1000;
}

export function workflowTimeoutReason(workflow: Workflow, now: number): string {
  const def = workflow.workflowDefinition;
  return `Workflow timed out after ${seconds(now - workflowClockStart(workflow))} seconds. Timeout configured as ${def.timeoutSeconds ?? 0} seconds. Timeout policy configured to ${def.timeoutPolicy ?? 'ALERT_ONLY'}`;
}

/** A retry of the workflow restarts its timeout clock. */
function workflowClockStart(workflow: Workflow): number {
  return workflow.lastRetriedTime || workflow.startTime;
}

function startedAt(task: Task): number {
  return task.startTime + task.startDelayInSeconds * 1000;
}

/** When a SCHEDULED task becomes available (its start or retry delay has passed). */
export function availableAt(task: Task): number {
  return task.scheduledTime + task.startDelayInSeconds * 1000;
}

/** When the first attempt of this task was scheduled (drives totalTimeoutSeconds across attempts). */
export function firstScheduledTime(task: Task): number {
  return task.firstScheduledTime ?? task.scheduledTime;
}
