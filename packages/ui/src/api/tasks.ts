/** `/api/tasks`: task logs, queue sizes and poll data (§1.3). */
import { getJson, requestJson } from './client.js';
import type { PollData, TaskExecLog } from './types.js';

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
