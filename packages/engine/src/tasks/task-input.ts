/** A task's input: its `inputParameters` resolved against the workflow, with the TaskDef's `inputTemplate` defaults. */
import type { JsonObject, TaskDef, Workflow, WorkflowTask } from '@baton/protocol';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';

export function resolveTaskInput(
  workflow: Workflow,
  workflowTask: WorkflowTask,
  taskDef: TaskDef,
  taskId: string,
): JsonObject {
  const ctx = buildExpressionContext(workflow, { taskId });
  const template = taskDef.inputTemplate ?? {};
  const resolved = resolveParameters({ ...template, ...workflowTask.inputParameters }, ctx);
  // Template keys also fill parameters that resolved to null (§4.2).
  for (const [key, value] of Object.entries(template)) {
    if (resolved[key] === null || resolved[key] === undefined) resolved[key] = resolveParameters(value, ctx);
  }
  return resolved;
}
