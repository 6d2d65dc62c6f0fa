/**
 * Synchronous execution done by the client, for servers without POST /api/workflow/execute: start the workflow,
 * then re-read it (50 ms, doubling to 500 ms) until it would have returned on the server — terminal, blocked on
 * a WAIT task without a timer (here or in a running sub-workflow), one of the awaited task refs terminal — or
 * the wait time runs out.
 */
import type { JsonObject } from '../model/definitions.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus } from '../model/enums.js';
import type { Workflow } from '../model/execution.js';
import type { StartWorkflowRequest } from '../model/requests.js';
import type { WorkflowRun } from '../model/responses.js';

interface WorkflowReader {
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  getWorkflow<O>(workflowId: string, includeTasks?: boolean): Promise<Workflow<O>>;
}

const MAX_SUB_WORKFLOW_DEPTH = 5;

export async function executeByPolling<O = JsonObject>(
  reader: WorkflowReader,
  request: StartWorkflowRequest,
  options: { refs: string[]; waitForSeconds: number; requestId: string },
): Promise<WorkflowRun<O>> {
  const workflowId = await reader.startWorkflow(request);
  const deadline = Date.now() + options.waitForSeconds * 1000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const workflow = await reader.getWorkflow<O>(workflowId, true);
    const settled =
      isTerminalWorkflowStatus(workflow.status) ||
      options.refs.some((ref) => hasTerminalTask(workflow, ref)) ||
      (await waitsOnSignal(reader, workflow, 0));
    const remaining = deadline - Date.now();
    if (settled || remaining <= 0) return toRun(workflow, options.requestId, !settled);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
  }
}

function hasTerminalTask(workflow: Workflow<unknown>, ref: string): boolean {
  return workflow.tasks.some((t) => t.referenceTaskName === ref && isTerminalTaskStatus(t.status));
}

async function waitsOnSignal(
  reader: WorkflowReader,
  workflow: Workflow<unknown>,
  depth: number,
): Promise<boolean> {
  for (const task of workflow.tasks) {
    if (isTerminalTaskStatus(task.status)) continue;
    const input = task.inputData as { duration?: unknown; until?: unknown };
    if (task.taskType === 'WAIT' && input.duration === undefined && input.until === undefined) return true;
    if (task.taskType === 'SUB_WORKFLOW' && task.subWorkflowId && depth < MAX_SUB_WORKFLOW_DEPTH) {
      const child = await reader.getWorkflow(task.subWorkflowId, true);
      if (!isTerminalWorkflowStatus(child.status) && (await waitsOnSignal(reader, child, depth + 1)))
        return true;
    }
  }
  return false;
}

function toRun<O>(workflow: Workflow<O>, requestId: string, timedOut: boolean): WorkflowRun<O> {
  const run: WorkflowRun<O> = {
    responseType: 'TARGET_WORKFLOW',
    workflowId: workflow.workflowId,
    targetWorkflowId: workflow.workflowId,
    targetWorkflowStatus: workflow.status,
    requestId,
    input: workflow.input,
    output: workflow.output,
    status: workflow.status,
    tasks: workflow.tasks,
  };
  if (workflow.correlationId !== undefined) run.correlationId = workflow.correlationId;
  if (workflow.priority !== undefined) run.priority = workflow.priority;
  if (workflow.variables !== undefined) run.variables = workflow.variables;
  if (workflow.createdBy !== undefined) run.createdBy = workflow.createdBy;
  if (workflow.startTime !== undefined) run.createTime = workflow.startTime;
  if (workflow.updateTime !== undefined) run.updateTime = workflow.updateTime;
  if (workflow.reasonForIncompletion !== undefined)
    run.reasonForIncompletion = workflow.reasonForIncompletion;
  if (timedOut) run.signalTimeout = true;
  return run;
}
