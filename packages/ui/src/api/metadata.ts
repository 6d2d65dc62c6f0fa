/** `/api/metadata`: workflow and task definitions (§1.1). */
import { ApiError, getJson, requestJson, requestVoid } from './client.js';
import type { BulkResponse, TaskDef, WorkflowDef } from './types.js';

const id = encodeURIComponent;

/** Every version of every workflow definition. */
export const listWorkflowDefs = (signal?: AbortSignal): Promise<WorkflowDef[]> =>
  getJson<WorkflowDef[]>('/metadata/workflow', { signal });

export const getWorkflowDef = (name: string, version?: number, signal?: AbortSignal): Promise<WorkflowDef> =>
  getJson<WorkflowDef>(`/metadata/workflow/${id(name)}`, { query: { version }, signal });

/** Resolves when the server accepts the definition; rejects with its `validationErrors` otherwise. */
export const validateWorkflowDef = (def: unknown): Promise<void> =>
  requestVoid('POST', '/metadata/workflow/validate', { body: def });

/** Registers a new name+version (409 when it exists). */
export const registerWorkflowDef = (def: unknown): Promise<void> =>
  requestVoid('POST', '/metadata/workflow', { body: def });

/** Creates or replaces the definition's name+version; a store failure comes back in the bulk answer. */
export async function updateWorkflowDef(def: unknown): Promise<void> {
  await asOne(
    requestJson<BulkResponse>('PUT', '/metadata/workflow', { body: [def] }).then((answer) => {
      const failures = Object.entries(answer?.bulkErrorResults ?? {});
      if (failures.length > 0)
        throw new ApiError(200, failures.map(([name, why]) => `${name}: ${why}`).join('; '));
    }),
  );
}

export const listTaskDefs = (signal?: AbortSignal): Promise<TaskDef[]> =>
  getJson<TaskDef[]>('/metadata/taskdefs', { signal });

export const getTaskDef = (name: string, signal?: AbortSignal): Promise<TaskDef> =>
  getJson<TaskDef>(`/metadata/taskdefs/${id(name)}`, { signal });

/** POST takes a list and overwrites existing names. */
export const registerTaskDef = (def: unknown): Promise<void> =>
  asOne(requestVoid('POST', '/metadata/taskdefs', { body: [def] }));

/** PUT takes one definition and answers 404 for an unknown name. */
export const updateTaskDef = (def: unknown): Promise<void> =>
  requestVoid('PUT', '/metadata/taskdefs', { body: def });

/**
 * These endpoints take lists, so the server's field paths start at `[0]`; the person edited one
 * definition, and the paths are shown relative to it.
 */
async function asOne(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    throw error instanceof ApiError ? error.withoutPathPrefix('[0]') : error;
  }
}
