/**
 * Runs one event handler action (§2.13) for one message, as Conductor's SimpleActionProcessor does: string
 * values are resolved against the payload first, and the started workflow / updated task is told which
 * message and event caused it (`conductor.event.messageId`, `conductor.event.name`).
 */
import {
  IdempotencyStrategy,
  type JsonObject,
  type StartWorkflowRequest,
  type TaskResultStatus,
} from '@baton/protocol';
import type { EventHandlerAction, StoreReader } from '@baton/store';
import type { EventRuntime } from './event-runtime.js';
import { findTask } from './find-task.js';
import { expandInlineJson, isObject, resolveAgainstPayload } from './payload-templates.js';

export const EventActionType = {
  start_workflow: 'start_workflow',
  complete_task: 'complete_task',
  fail_task: 'fail_task',
  terminate_workflow: 'terminate_workflow',
  update_workflow_variables: 'update_workflow_variables',
} as const;
export type EventActionType = (typeof EventActionType)[keyof typeof EventActionType];

/** The message an action runs for. */
export interface EventSource {
  event: string;
  messageId: string;
  payload: unknown;
}

export interface ActionDeps {
  store: StoreReader;
  runtime: EventRuntime;
}

/** An action that could not do its job; the message is still acknowledged. */
export class ActionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionFailedError';
  }
}

/** Returns what the action did (e.g. `{workflowId}`); throws ActionFailedError when it could not. */
export async function runAction(
  action: EventHandlerAction,
  source: EventSource,
  deps: ActionDeps,
): Promise<JsonObject> {
  const payload = action.expandInlineJSON ? expandInlineJson(source.payload) : source.payload;
  const params = (key: string): JsonObject => {
    const value = action[key];
    return isObject(value) ? value : {};
  };
  switch (action.action) {
    case EventActionType.start_workflow:
      return startWorkflow(params('start_workflow'), payload, source, deps);
    case EventActionType.complete_task:
      return updateTask(params('complete_task'), 'COMPLETED', payload, source, deps);
    case EventActionType.fail_task:
      return updateTask(params('fail_task'), 'FAILED', payload, source, deps);
    case EventActionType.terminate_workflow:
      return terminateWorkflow(params('terminate_workflow'), payload, deps);
    case EventActionType.update_workflow_variables:
      return updateVariables(params('update_workflow_variables'), payload, deps);
    default:
      throw new ActionFailedError(`Unsupported action: ${String(action.action)}`);
  }
}

function eventMarks(source: EventSource): JsonObject {
  return { 'conductor.event.messageId': source.messageId, 'conductor.event.name': source.event };
}

async function startWorkflow(
  params: JsonObject,
  payload: unknown,
  source: EventSource,
  { runtime }: ActionDeps,
): Promise<JsonObject> {
  const resolved = resolveAgainstPayload(params, payload);
  const name = resolved.name;
  if (typeof name !== 'string' || name === '')
    throw new ActionFailedError('start_workflow needs a workflow name');
  const request: StartWorkflowRequest = {
    name,
    input: { ...(isObject(resolved.input) ? resolved.input : {}), ...eventMarks(source) },
  };
  const version =
    resolved.version === null || resolved.version === undefined ? undefined : Number(resolved.version);
  if (version !== undefined && Number.isInteger(version)) request.version = version;
  if (resolved.correlationId !== null && resolved.correlationId !== undefined) {
    request.correlationId = stringOf(resolved.correlationId);
  }
  if (isObject(resolved.taskToDomain)) request.taskToDomain = resolved.taskToDomain as Record<string, string>;
  // Orkes' start_workflow action carries the idempotency fields of a StartWorkflowRequest (§2.7).
  const idempotencyKey = optionalString(resolved.idempotencyKey);
  if (idempotencyKey !== undefined) request.idempotencyKey = idempotencyKey;
  const strategy = optionalString(resolved.idempotencyStrategy);
  if (strategy !== undefined) {
    if (!Object.hasOwn(IdempotencyStrategy, strategy))
      throw new ActionFailedError(`Unknown idempotencyStrategy: ${strategy}`);
    request.idempotencyStrategy = strategy as IdempotencyStrategy;
  }
  try {
    return { workflowId: await runtime.startWorkflow(request) };
  } catch (err) {
    throw new ActionFailedError(`Error starting workflow ${name}: ${messageOf(err)}`);
  }
}

async function updateTask(
  details: JsonObject,
  status: TaskResultStatus,
  payload: unknown,
  source: EventSource,
  { store, runtime }: ActionDeps,
): Promise<JsonObject> {
  const output = isObject(details.output) ? details.output : {};
  const resolved = resolveAgainstPayload(
    {
      workflowId: details.workflowId ?? null,
      taskId: details.taskId ?? null,
      taskRefName: details.taskRefName ?? null,
      ...output,
    },
    payload,
  );
  const reason =
    details.reasonForIncompletion === undefined
      ? undefined
      : resolveAgainstPayload({ reason: details.reasonForIncompletion }, payload).reason;
  const lookup = await findTask(store, {
    workflowId: optionalString(resolved.workflowId),
    taskId: optionalString(resolved.taskId),
    taskRefName: optionalString(resolved.taskRefName),
  });
  if (!lookup.ok) throw new ActionFailedError(lookup.error);
  const outputData = withoutNulls({ ...resolved, ...eventMarks(source) });
  try {
    await runtime.updateTask({
      workflowInstanceId: lookup.task.workflowInstanceId,
      taskId: lookup.task.taskId,
      status,
      outputData,
      reasonForIncompletion: reason === undefined || reason === null ? undefined : stringOf(reason),
    });
  } catch (err) {
    throw new ActionFailedError(`Error updating task ${lookup.task.taskId}: ${messageOf(err)}`);
  }
  return { ...outputData, taskId: lookup.task.taskId };
}

async function terminateWorkflow(
  params: JsonObject,
  payload: unknown,
  { runtime }: ActionDeps,
): Promise<JsonObject> {
  const resolved = resolveAgainstPayload(params, payload);
  const workflowId = optionalString(resolved.workflowId);
  if (!workflowId) throw new ActionFailedError('terminate_workflow needs a workflowId');
  const reason = optionalString(resolved.terminationReason) ?? '';
  try {
    await runtime.operations.terminateWorkflow(workflowId, reason);
  } catch (err) {
    throw new ActionFailedError(`Error terminating workflow ${workflowId}: ${messageOf(err)}`);
  }
  return { workflowId, terminationReason: reason };
}

async function updateVariables(
  params: JsonObject,
  payload: unknown,
  { runtime }: ActionDeps,
): Promise<JsonObject> {
  const resolved = resolveAgainstPayload(params, payload);
  const workflowId = optionalString(resolved.workflowId);
  if (!workflowId) throw new ActionFailedError('update_workflow_variables needs a workflowId');
  const variables = isObject(resolved.variables) ? resolved.variables : {};
  try {
    await runtime.operations.updateWorkflowVariables(workflowId, variables, resolved.appendArray === true);
  } catch (err) {
    throw new ActionFailedError(`Error updating variables of workflow ${workflowId}: ${messageOf(err)}`);
  }
  return { workflowId, variables };
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : stringOf(value);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Our wire objects never hold nulls (absent fields are omitted). */
function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
