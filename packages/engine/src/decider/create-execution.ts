/** A new execution (§2.4) before its first decide: RUNNING, no tasks, input defaults applied. */
import type { JsonObject } from '@baton/protocol';
import type { CreateExecution } from '../contract.js';

/**
 * @example
 * const wf = createExecution(def, { workflowId: ctx.newId(), request: { name: def.name, input: { a: 1 } } }, ctx);
 * const decision = decide(wf, { type: 'start' }, ctx);
 */
export const createExecution: CreateExecution = (def, start, ctx) => {
  const { request } = start;
  const { now } = ctx;
  return {
    workflowId: start.workflowId,
    status: 'RUNNING',
    createTime: now,
    startTime: now,
    updateTime: now,
    endTime: 0,
    input: withTemplate(request.input ?? {}, def.inputTemplate),
    output: {},
    tasks: [],
    ...(request.correlationId != null && { correlationId: request.correlationId }),
    priority: request.priority ?? 0,
    // Copied: the execution's variables change, the definition must not (it is often shared and frozen).
    variables: def.variables ? structuredClone(def.variables) : {},
    taskToDomain: { ...request.taskToDomain },
    ...(start.parentWorkflowId !== undefined && { parentWorkflowId: start.parentWorkflowId }),
    ...(start.parentWorkflowTaskId !== undefined && { parentWorkflowTaskId: start.parentWorkflowTaskId }),
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    workflowDefinition: def,
    workflowName: def.name,
    workflowVersion: def.version ?? 1,
    lastRetriedTime: 0,
    ...(request.createdBy != null && { createdBy: request.createdBy }),
    ...(request.idempotencyKey != null && { idempotencyKey: request.idempotencyKey }),
    ...(request.externalInputPayloadStoragePath != null && {
      externalInputPayloadStoragePath: request.externalInputPayloadStoragePath,
    }),
  };
};

/** The definition's `inputTemplate` fills keys the start input leaves out (Java putIfAbsent: null counts as absent). */
function withTemplate(input: JsonObject, template: JsonObject | undefined): JsonObject {
  // The input itself when nothing is filled in: its measured size (external payloads) stays known.
  let merged: JsonObject | undefined;
  for (const [key, value] of Object.entries(template ?? {})) {
    if (input[key] === undefined || input[key] === null) (merged ??= { ...input })[key] = value;
  }
  return merged ?? input;
}
