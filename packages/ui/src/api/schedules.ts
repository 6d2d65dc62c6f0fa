/** `/api/scheduler`: workflow schedules, previews of their ticks and their execution history. */
import type { SearchResultWorkflowScheduleExecutionModel, WorkflowSchedule } from '@baton/protocol';
import { getJson, requestJson, requestVoid } from './client.js';

const id = encodeURIComponent;

export const listSchedules = (signal?: AbortSignal): Promise<WorkflowSchedule[]> =>
  getJson<WorkflowSchedule[]>('/scheduler/schedules', { signal });

/** Creates or replaces; rejects with the server's `validationErrors`. */
export const saveSchedule = (schedule: unknown): Promise<WorkflowSchedule | undefined> =>
  requestJson<WorkflowSchedule>('POST', '/scheduler/schedules', { body: schedule });

export const deleteSchedule = (name: string): Promise<void> =>
  requestVoid('DELETE', `/scheduler/schedules/${id(name)}`);

export const pauseSchedule = (name: string): Promise<void> =>
  requestVoid('PUT', `/scheduler/schedules/${id(name)}/pause`);

export const resumeSchedule = (name: string): Promise<void> =>
  requestVoid('PUT', `/scheduler/schedules/${id(name)}/resume`);

/** The next ticks (at most 5) of an expression read in `zoneId`. */
export const nextRuns = (cronExpression: string, zoneId: string, signal?: AbortSignal): Promise<number[]> =>
  getJson<number[]>('/scheduler/nextFewSchedules', { query: { cronExpression, zoneId, limit: 5 }, signal });

/** The newest execution records, of one schedule or of all. */
export const recentExecutions = (
  scheduleName: string | undefined,
  signal?: AbortSignal,
): Promise<SearchResultWorkflowScheduleExecutionModel> =>
  getJson<SearchResultWorkflowScheduleExecutionModel>('/scheduler/search/executions', {
    query: { query: scheduleName ? `scheduleName IN (${scheduleName})` : undefined, size: 20 },
    signal,
  });
