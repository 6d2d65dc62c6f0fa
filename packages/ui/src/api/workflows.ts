/** `/api/workflow`: read one execution, search, start, and the management operations (§1.2). */
import { getJson, requestJson, requestText, requestVoid } from './client.js';
import type { BulkResponse, JsonObject, SearchResult, Workflow, WorkflowSummary } from './types.js';

const id = encodeURIComponent;

export function getWorkflow(workflowId: string, signal?: AbortSignal): Promise<Workflow> {
  return getJson<Workflow>(`/workflow/${id(workflowId)}`, { query: { includeTasks: true }, signal });
}

export interface SearchParams {
  start: number;
  size: number;
  /** `field:ASC|DESC`. */
  sort?: string;
  freeText?: string;
  query?: string;
}

export async function searchWorkflows(
  params: SearchParams,
  signal?: AbortSignal,
): Promise<SearchResult<WorkflowSummary>> {
  const { start, size, sort, freeText, query } = params;
  const result = await requestJson<SearchResult<WorkflowSummary>>('GET', '/workflow/search', {
    query: { start, size, sort, freeText: freeText || '*', query },
    signal,
  });
  return result ?? { totalHits: 0, results: [] };
}

export interface StartRequest {
  name: string;
  version?: number;
  input: JsonObject;
  correlationId?: string;
}

/** Starts a run; the answer is the new workflow id (plain text). */
export function startWorkflow(request: StartRequest): Promise<string> {
  return requestText('POST', '/workflow', { body: request });
}

export const pauseWorkflow = (workflowId: string): Promise<void> =>
  requestVoid('PUT', `/workflow/${id(workflowId)}/pause`);

export const resumeWorkflow = (workflowId: string): Promise<void> =>
  requestVoid('PUT', `/workflow/${id(workflowId)}/resume`);

export const terminateWorkflow = (workflowId: string, reason: string): Promise<void> =>
  requestVoid('DELETE', `/workflow/${id(workflowId)}`, { query: { reason } });

export const retryWorkflow = (workflowId: string): Promise<void> =>
  requestVoid('POST', `/workflow/${id(workflowId)}/retry`);

export const restartWorkflow = (workflowId: string, useLatestDefinitions: boolean): Promise<void> =>
  requestVoid('POST', `/workflow/${id(workflowId)}/restart`, { query: { useLatestDefinitions } });

/** Reruns from one task, optionally replacing that task's input. */
export const rerunWorkflow = (
  workflowId: string,
  reRunFromTaskId: string,
  taskInput?: JsonObject,
): Promise<string> =>
  requestText('POST', `/workflow/${id(workflowId)}/rerun`, { body: { reRunFromTaskId, taskInput } });

export const skipTask = (workflowId: string, taskReferenceName: string): Promise<void> =>
  requestVoid('PUT', `/workflow/${id(workflowId)}/skiptask/${id(taskReferenceName)}`);

export type BulkOperation = 'pause' | 'resume' | 'terminate' | 'retry';

/**
 * One operation over many runs (`/api/workflow/bulk/*`); the answer lists the ids that succeeded and, per id,
 * why the others did not.
 */
export async function bulkOperation(
  operation: BulkOperation,
  workflowIds: string[],
  reason?: string,
): Promise<BulkResponse> {
  const method = operation === 'pause' || operation === 'resume' ? 'PUT' : 'POST';
  const query = operation === 'terminate' ? { reason } : undefined;
  const answer = await requestJson<BulkResponse>(method, `/workflow/bulk/${operation}`, {
    body: workflowIds,
    query,
  });
  return answer ?? { bulkErrorResults: {}, bulkSuccessfulResults: [], message: '' };
}
