/** `/api/tasks`: task logs, queue sizes and poll data (§1.3). */
import { getJson, requestJson, requestText } from './client.js';
import type { JsonObject, PollData, SearchResult, Task, TaskExecLog } from './types.js';

/** A task's log lines; the server answers 204 when there are none. */
export async function getTaskLogs(taskId: string, signal?: AbortSignal): Promise<TaskExecLog[]> {
  return (
    (await requestJson<TaskExecLog[]>('GET', `/tasks/${encodeURIComponent(taskId)}/log`, { signal })) ?? []
  );
}

/** Pending messages per queue name (`[domain:]taskType`). */
export const getQueueSizes = (signal?: AbortSignal): Promise<Record<string, number>> =>
  getJson<Record<string, number>>('/tasks/queue/all', { signal });

/** The last poll of every worker on every queue. */
export const getAllPollData = (signal?: AbortSignal): Promise<PollData[]> =>
  getJson<PollData[]>('/tasks/queue/polldata/all', { signal });

/** A task's result as a worker reports it (`POST /api/tasks`): how an operator completes a WAIT or HUMAN. */
export const reportTaskResult = (result: {
  workflowInstanceId: string;
  taskId: string;
  status: 'COMPLETED' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR';
  outputData: JsonObject;
  reasonForIncompletion?: string;
}): Promise<string> => requestText('POST', '/tasks', { body: result });

export interface TaskSearchParams {
  start: number;
  size: number;
  sort?: string;
  freeText?: string;
  query?: string;
}

/** `GET /api/tasks/search-v2`: the tasks themselves (with reference name and worker) matching a query (§6). */
export async function searchTasks(
  params: TaskSearchParams,
  signal?: AbortSignal,
): Promise<SearchResult<Task>> {
  const { freeText, ...rest } = params;
  const result = await requestJson<SearchResult<Task>>('GET', '/tasks/search-v2', {
    query: { ...rest, freeText: freeText || '*' },
    signal,
  });
  return result ?? { totalHits: 0, results: [] };
}
