/**
 * Answers from outside the decider that a waiting task asked for: a script evaluation (`evaluated`) and a
 * child workflow's end (`childEnded`). Each returns why the event was ignored, or undefined when applied.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  MAX_JSON_DEPTH,
  tooDeepReason,
} from '@baton/protocol';
import type { ChildEndedEvent, WorkflowEvent } from '../contract.js';
import type { TaskRun } from '../tasks/module.js';
import { moduleOf } from '../tasks/registry.js';
import type { Pass } from './pass.js';

type EvaluatedEvent = Extract<WorkflowEvent, { type: 'evaluated' }>;

export function applyEvaluated(pass: Pass, run: TaskRun, event: EvaluatedEvent): string | undefined {
  const problem = waitingTaskProblem(pass, event.taskId);
  if (problem !== undefined) return problem;
  const task = pass.task(event.taskId)!;
  // A result too deep to store under one key of the task output is the script's error instead.
  const error = event.error ?? tooDeepReason('The script result', event.result, MAX_JSON_DEPTH - 1);
  const answer = { purpose: event.purpose, ...(error !== undefined ? { error } : { result: event.result }) };
  const accepted = moduleOf(task).onEvaluated?.(task, answer, run) ?? false;
  return accepted ? undefined : `Task ${task.taskId} is not waiting for a '${event.purpose}' evaluation`;
}

export function applyChildEnded(pass: Pass, run: TaskRun, event: ChildEndedEvent): string | undefined {
  const problem = waitingTaskProblem(pass, event.taskId);
  if (problem !== undefined) return problem;
  const task = pass.task(event.taskId)!;
  const accepted = moduleOf(task).onChildEnded?.(task, event, run) ?? false;
  return accepted ? undefined : `Task ${task.taskId} is not waiting for workflow ${event.childWorkflowId}`;
}

function waitingTaskProblem(pass: Pass, taskId: string): string | undefined {
  const { workflow } = pass;
  if (isTerminalWorkflowStatus(workflow.status))
    return `Workflow ${workflow.workflowId} is already ${workflow.status}`;
  const task = pass.task(taskId);
  if (!task) return `Task ${taskId} is not part of workflow ${workflow.workflowId}`;
  if (isTerminalTaskStatus(task.status)) return `Task ${taskId} is already ${task.status}`;
  return undefined;
}
