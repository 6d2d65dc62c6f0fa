/**
 * Synchronous execution done by the client, for servers without POST /api/workflow/execute: start the workflow,
 * then re-read it (50 ms, doubling to 500 ms) until it would have returned on the server — terminal, blocked on
 * a WAIT task without a timer or a HUMAN task (here or in a running sub-workflow), one of the awaited task refs
 * terminal — or the wait time runs out. The answer has the server's shape for the return strategy.
 */
import type { JsonObject } from '../model/definitions.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus, type ReturnStrategy } from '../model/enums.js';
import type { Task, Workflow } from '../model/execution.js';
import type { StartWorkflowRequest } from '../model/requests.js';
import type { TaskRun, WorkflowRun } from '../model/responses.js';

interface WorkflowReader {
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  getWorkflow<O>(workflowId: string, includeTasks?: boolean): Promise<Workflow<O>>;
}

interface Blocking {
  task: Task;
  workflow: Workflow<unknown>;
}

const MAX_SUB_WORKFLOW_DEPTH = 5;

export async function executeByPolling<O = JsonObject>(
  reader: WorkflowReader,
  request: StartWorkflowRequest,
  options: { refs: string[]; waitForSeconds: number; requestId: string; returnStrategy: ReturnStrategy },
): Promise<WorkflowRun<O> | TaskRun | undefined> {
  const workflowId = await reader.startWorkflow(request);
  const deadline = Date.now() + options.waitForSeconds * 1000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const workflow = await reader.getWorkflow<O>(workflowId, true);
    const blocking = await blockingTask(reader, workflow, 0);
    const settled =
      isTerminalWorkflowStatus(workflow.status) ||
      blocking !== undefined ||
      options.refs.some((ref) => hasTerminalTask(workflow, ref));
    const remaining = deadline - Date.now();
    if (settled || remaining <= 0) {
      return answer(options.returnStrategy, workflow, blocking, options.requestId, !settled);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
  }
}

function hasTerminalTask(workflow: Workflow<unknown>, ref: string): boolean {
  return workflow.tasks.some((t) => t.referenceTaskName === ref && isTerminalTaskStatus(t.status));
}

/** The first pending WAIT without a timer, HUMAN or YIELD task, looking into running sub-workflows. */
async function blockingTask(
  reader: WorkflowReader,
  workflow: Workflow<unknown>,
  depth: number,
): Promise<Blocking | undefined> {
  for (const task of workflow.tasks) {
    if (isTerminalTaskStatus(task.status)) continue;
    const input = task.inputData as { duration?: unknown; until?: unknown };
    const untimedWait = task.taskType === 'WAIT' && !input.duration && !input.until;
    if (untimedWait || task.taskType === 'HUMAN' || task.taskType === 'YIELD') return { task, workflow };
    if (task.taskType === 'SUB_WORKFLOW' && task.subWorkflowId && depth < MAX_SUB_WORKFLOW_DEPTH) {
      const child = await reader.getWorkflow(task.subWorkflowId, true);
      if (isTerminalWorkflowStatus(child.status)) continue;
      const found = await blockingTask(reader, child, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function answer<O>(
  strategy: ReturnStrategy,
  target: Workflow<O>,
  blocking: Blocking | undefined,
  requestId: string,
  timedOut: boolean,
): WorkflowRun<O> | TaskRun | undefined {
  const common = {
    responseType: strategy,
    targetWorkflowId: target.workflowId,
    targetWorkflowStatus: target.status,
    requestId,
    signalTimeout: timedOut,
  };
  switch (strategy) {
    case 'TARGET_WORKFLOW':
      return { ...toRun(target), ...common };
    case 'BLOCKING_WORKFLOW':
      return { ...toRun((blocking?.workflow ?? target) as Workflow<O>), ...common };
    case 'BLOCKING_TASK':
    case 'BLOCKING_TASK_INPUT':
      // Nothing waits any more: the workflow under the strategy asked for, as the server answers.
      return blocking ? { ...toTaskRun(blocking), ...common } : { ...toRun(target), ...common };
  }
}

function toRun<O>(workflow: Workflow<O>): WorkflowRun<O> {
  const run: WorkflowRun<O> = {
    workflowId: workflow.workflowId,
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
  return run;
}

function toTaskRun({ task, workflow }: Blocking): TaskRun {
  const run: TaskRun = {
    workflowId: workflow.workflowId,
    taskType: task.taskType,
    taskId: task.taskId,
    referenceTaskName: task.referenceTaskName,
    retryCount: task.retryCount,
    taskDefName: task.taskDefName,
    workflowType: task.workflowType,
    status: task.status,
    input: task.inputData,
    output: task.outputData,
    createTime: task.startTime,
    updateTime: task.updateTime,
  };
  if (workflow.correlationId !== undefined) run.correlationId = workflow.correlationId;
  if (task.retriedTaskId !== undefined) run.retriedTaskId = task.retriedTaskId;
  if (task.workflowPriority !== undefined) run.priority = task.workflowPriority;
  if (task.reasonForIncompletion !== undefined) run.reasonForIncompletion = task.reasonForIncompletion;
  return run;
}
