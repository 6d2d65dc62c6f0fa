/** `/api/metadata`: workflow and task definitions (§1.1). */
import { getJson, requestJson, requestVoid } from './client.js';
import type { TaskDef, WorkflowDef } from './types.js';

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

/** Creates or replaces the definition's name+version. */
export async function updateWorkflowDef(def: unknown): Promise<void> {
  await requestJson('PUT', '/metadata/workflow', { body: [def] });
}

export const listTaskDefs = (signal?: AbortSignal): Promise<TaskDef[]> =>
  getJson<TaskDef[]>('/metadata/taskdefs', { signal });

export const getTaskDef = (name: string, signal?: AbortSignal): Promise<TaskDef> =>
  getJson<TaskDef>(`/metadata/taskdefs/${id(name)}`, { signal });

/** POST takes a list and overwrites existing names. */
export const registerTaskDef = (def: unknown): Promise<void> =>
  requestVoid('POST', '/metadata/taskdefs', { body: [def] });

/** PUT takes one definition and answers 404 for an unknown name. */
export const updateTaskDef = (def: unknown): Promise<void> =>
  requestVoid('PUT', '/metadata/taskdefs', { body: def });
