/**
 * SUB_WORKFLOW (§5): starts a child workflow and mirrors its end. The child's id is a name-based UUID of
 * `subworkflow:{parentWorkflowId}:{taskId}:{retryCount}`, so starting it twice is harmless and a retry
 * (a new task) starts a fresh child. The task is IN_PROGRESS with `subWorkflowId` until the runtime feeds
 * the child's end back (`childWorkflowResult`); canceling the task terminates the child. An idempotent start
 * (RETURN_EXISTING) may instead give the task an existing workflow (a task result with `subWorkflowId`): that
 * one is followed but never terminated, since it is not this task's own child.
 */
import {
  TaskType,
  type JsonObject,
  type StartWorkflowRequest,
  type Task,
  type TaskStatus,
  type Workflow,
  type WorkflowDef,
} from '@baton/protocol';
import type { ChildEndedEvent } from '../contract.js';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';
import { isJsonObject } from '../expressions/json-values.js';
import type { TaskTypeModule } from './module.js';
import { nameUuid } from './name-uuid.js';
import { ended, newTask, started } from './new-task.js';

export const subWorkflowTask: TaskTypeModule = {
  type: TaskType.SUB_WORKFLOW,
  execution: 'sync',
  isOperator: false,
  schedule(request) {
    const { workflow, workflowTask, ctx } = request;
    const task = newTask(request, TaskType.SUB_WORKFLOW);
    const params = workflowTask.subWorkflowParam ?? {};
    const context = buildExpressionContext(workflow, { taskId: task.taskId });
    const resolved = resolveParameters(
      {
        name: params.name,
        version: params.version,
        taskToDomain: params.taskToDomain,
        priority: params.priority,
        idempotencyKey: params.idempotencyKey,
        idempotencyStrategy: params.idempotencyStrategy,
      },
      context,
    );
    // An inline definition object is the child's own (its expressions are not ours); a string is an expression.
    const definition =
      typeof params.workflowDefinition === 'string'
        ? resolveParameters(params.workflowDefinition, context)
        : params.workflowDefinition;
    const inline = isJsonObject(definition) ? (definition as unknown as WorkflowDef) : undefined;
    const name = inline?.name ?? resolved.name;
    const version = inline ? inline.version : resolved.version;
    const inputData: JsonObject = {
      subWorkflowName: name,
      subWorkflowVersion: typeof version === 'number' ? version : undefined,
      subWorkflowTaskToDomain: isJsonObject(resolved.taskToDomain)
        ? resolved.taskToDomain
        : workflow.taskToDomain,
      subWorkflowDefinition: inline,
      priority: priorityOf(resolved.priority) ?? workflow.priority,
      idempotencyKey: resolved.idempotencyKey ?? undefined,
      idempotencyStrategy: resolved.idempotencyStrategy ?? undefined,
      workflowInput: task.inputData,
    };
    const withInput = { ...task, inputData: withoutUndefined(inputData) };
    if (typeof name !== 'string' || name === '') {
      const reason = `No sub workflow name given for task ${workflowTask.taskReferenceName}`;
      return [{ ...withInput, ...ended(withInput, ctx.now, 'FAILED_WITH_TERMINAL_ERROR', {}, reason) }];
    }
    return [withInput];
  },
  execute(task, run) {
    if (task.status !== 'SCHEDULED') return;
    const workflow = run.workflow;
    const workflowId = ownChildId(task);
    run.emit({
      type: 'startWorkflow',
      workflowId,
      request: childRequest(task, workflow),
      parentWorkflowId: workflow.workflowId,
      parentWorkflowTaskId: task.taskId,
    });
    run.update(task, {
      ...started(task, run.now),
      subWorkflowId: workflowId,
      outputData: { ...task.outputData, subWorkflowId: workflowId },
    });
  },
  onChildEnded(task, child, run) {
    if (task.subWorkflowId !== child.childWorkflowId) return false;
    const status = CHILD_TO_TASK_STATUS[child.status];
    const outputData = { ...task.outputData, ...child.output, subWorkflowId: child.childWorkflowId };
    const reason = status === 'COMPLETED' ? undefined : (child.reasonForIncompletion ?? '');
    run.update(task, ended(task, run.now, status, outputData, reason));
    return true;
  },
  onCancel(task, ending) {
    if (!task.subWorkflowId || task.subWorkflowId !== ownChildId(task)) return [];
    const reason = ending.reason
      ? `Parent workflow has been terminated with reason: ${ending.reason}`
      : `Parent workflow has been terminated with status ${ending.status}`;
    return [{ type: 'terminateWorkflow', workflowId: task.subWorkflowId, reason }];
  },
};

/** The id of the child this task starts itself (one per attempt). */
function ownChildId(task: Task): string {
  return nameUuid(`subworkflow:${task.workflowInstanceId}:${task.taskId}:${task.retryCount}`);
}

const CHILD_TO_TASK_STATUS: Record<ChildEndedEvent['status'], TaskStatus> = {
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  TERMINATED: 'CANCELED',
};

/**
 * The event the runtime feeds a parent when its child ended. Pure.
 *
 * @example
 * const event = childWorkflowResult(parent.tasks.find((t) => t.subWorkflowId === child.workflowId)!, child);
 * decide(parent, event, ctx);
 */
export function childWorkflowResult(parentTask: Task, child: Workflow): ChildEndedEvent {
  const status = child.status;
  if (status === 'RUNNING' || status === 'PAUSED') {
    throw new Error(`child workflow ${child.workflowId} has not ended (${status})`);
  }
  return {
    type: 'childEnded',
    taskId: parentTask.taskId,
    childWorkflowId: child.workflowId,
    status,
    output: child.output,
    ...(child.reasonForIncompletion !== undefined && { reasonForIncompletion: child.reasonForIncompletion }),
  };
}

function childRequest(task: Task, parent: Workflow): StartWorkflowRequest {
  const input = task.inputData;
  const workflowInput = input.workflowInput;
  return withoutUndefined({
    name: String(input.subWorkflowName),
    version: typeof input.subWorkflowVersion === 'number' ? input.subWorkflowVersion : undefined,
    input: isJsonObject(workflowInput) ? workflowInput : {},
    correlationId: parent.correlationId,
    taskToDomain: isJsonObject(input.subWorkflowTaskToDomain)
      ? (input.subWorkflowTaskToDomain as Record<string, string>)
      : undefined,
    workflowDef: isJsonObject(input.subWorkflowDefinition)
      ? (input.subWorkflowDefinition as unknown as WorkflowDef)
      : undefined,
    priority: typeof input.priority === 'number' ? input.priority : undefined,
    idempotencyKey: typeof input.idempotencyKey === 'string' ? input.idempotencyKey : undefined,
    idempotencyStrategy:
      typeof input.idempotencyStrategy === 'string'
        ? (input.idempotencyStrategy as StartWorkflowRequest['idempotencyStrategy'])
        : undefined,
  });
}

function priorityOf(value: unknown): number | undefined {
  const priority = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof priority === 'number' && Number.isFinite(priority) ? priority : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
