/**
 * Skipping a task that is not scheduled yet (PUT /api/workflow/{id}/skiptask/{ref}): a SKIPPED task is
 * recorded for the ref and scheduling later moves past it. The caller then runs a decide pass.
 */
import type { JsonObject } from '@baton/protocol';
import { moduleFor } from '../tasks/registry.js';
import { findWorkflowTask } from './def-tree.js';
import type { Pass } from './pass.js';
import { effectiveTaskDef } from './task-defs.js';

export interface SkipRequest {
  taskReferenceName: string;
  taskInput?: JsonObject;
  taskOutput?: JsonObject;
}

/** Returns why it was refused: the workflow is not running, or the ref is unknown or already scheduled. */
export function skipTask(
  pass: Pass,
  { taskReferenceName: ref, taskInput, taskOutput }: SkipRequest,
): string | undefined {
  const { workflow } = pass;
  if (workflow.status !== 'RUNNING') {
    return `Cannot skip task: ${ref} in workflow: ${workflow.workflowId}, workflow is ${workflow.status}`;
  }
  const workflowTask = findWorkflowTask(workflow.workflowDefinition.tasks, ref);
  if (!workflowTask) return `Cannot skip task: ${ref}, it is not part of workflow ${workflow.workflowName}`;
  if (pass.tasks.some((t) => t.referenceTaskName === ref)) {
    return `Cannot skip task: ${ref} in workflow: ${workflow.workflowId}, it is already scheduled`;
  }
  const module = moduleFor(workflowTask.type);
  const [built] = module
    .schedule({
      workflow,
      workflowTask,
      taskDef: effectiveTaskDef(workflowTask, module.execution === 'worker', pass.ctx),
      retryCount: 0,
      ctx: pass.ctx,
      loopSuffix: '',
    })
    .filter((t) => t.referenceTaskName === ref);
  if (!built) return `Cannot skip task: ${ref}`;
  pass.addTask({
    ...built,
    status: 'SKIPPED',
    inputData: taskInput ?? built.inputData,
    outputData: taskOutput ?? {},
    startTime: pass.now,
    endTime: pass.now,
    updateTime: pass.now,
  });
  return undefined;
}
