/**
 * Restart (§4.3) and rerun without a task id: wipe the tasks and start over under the same id, optionally
 * with the latest definition, a new input or a new correlationId. The caller then runs a decide pass,
 * which schedules the first task because the task list is empty.
 */
import { isTerminalTaskStatus, type JsonObject, type WorkflowDef } from '@baton/protocol';
import { dequeueTask } from './commands.js';
import { executionOf } from '../tasks/registry.js';
import type { Pass } from './pass.js';

export interface StartOver {
  def?: WorkflowDef;
  input?: JsonObject;
  correlationId?: string;
}

export function startOver(pass: Pass, { def, input, correlationId }: StartOver): void {
  const { workflow } = pass;
  const taskIds = workflow.tasks.map((t) => t.taskId);
  for (const task of workflow.tasks) {
    // A terminal workflow has no queued task; this only guards against a half-ended one.
    if (!isTerminalTaskStatus(task.status) && executionOf(task) !== 'sync') pass.emit(dequeueTask(task));
  }
  pass.removeTasks(taskIds);
  if (taskIds.length > 0) pass.emit({ type: 'removeTasks', workflowId: workflow.workflowId, taskIds });
  const definition = def ?? workflow.workflowDefinition;
  pass.updateWorkflow({
    status: 'RUNNING',
    reasonForIncompletion: undefined,
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    output: {},
    endTime: 0,
    startTime: pass.now,
    createTime: pass.now,
    lastRetriedTime: 0,
    variables: definition.variables ? structuredClone(definition.variables) : {},
    workflowDefinition: definition,
    workflowVersion: definition.version ?? workflow.workflowVersion,
    ...(input !== undefined && { input }),
    ...(correlationId !== undefined && { correlationId }),
  });
}
