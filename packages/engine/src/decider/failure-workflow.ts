/**
 * Starting the definition's `failureWorkflow` when the engine ends a workflow unsuccessfully (§4.3). Its
 * input is the failed workflow's input plus who failed and why; the failed workflow's output records the id.
 */
import type { JsonObject, StartWorkflowRequest, Task, Workflow } from '@baton/protocol';
import type { Pass } from './pass.js';

export const FAILURE_WORKFLOW_OUTPUT_KEY = 'conductor.failure_workflow';

export function startFailureWorkflow(pass: Pass, trigger: Task | undefined): void {
  const ended = pass.workflow;
  const name = failureWorkflowName(ended);
  if (!name) return;
  const workflowId = pass.ctx.newId();
  const def = ended.workflowDefinition;
  const input: JsonObject = {
    ...ended.input,
    workflowId: ended.workflowId,
    reason: ended.reasonForIncompletion ?? '',
    failureStatus: ended.status,
    ...(trigger && { failureTaskId: trigger.taskId }),
    failedWorkflow: { ...ended, tasks: [...ended.tasks] },
  };
  const request: StartWorkflowRequest = {
    name,
    ...(def.failureWorkflowVersion != null && { version: def.failureWorkflowVersion }),
    ...(ended.correlationId !== undefined && { correlationId: ended.correlationId }),
    ...(ended.taskToDomain && { taskToDomain: ended.taskToDomain }),
    input,
  };
  pass.emit({ type: 'startWorkflow', workflowId, request });
  pass.updateWorkflow({ output: { ...ended.output, [FAILURE_WORKFLOW_OUTPUT_KEY]: workflowId } });
}

/** A name starting with `$` is read from the workflow input: `$workflow.input.key` names the key (Conductor quirk). */
function failureWorkflowName(workflow: Workflow): string | undefined {
  const configured = workflow.workflowDefinition.failureWorkflow?.trim();
  if (!configured) return undefined;
  if (!configured.startsWith('$')) return configured;
  const key = configured.split('.')[2];
  const fromInput = key === undefined ? undefined : workflow.input[key];
  return typeof fromInput === 'string' && fromInput.trim() !== '' ? fromInput : undefined;
}
