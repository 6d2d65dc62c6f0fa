/** Workflow schedules (`/api/scheduler`): the methods of the Python SDK's scheduler client that Conductor OSS serves. */
import type { HttpClient } from '../http/http-client.js';
import { seg } from '../http/query-string.js';
import type { MetadataTag } from '../model/definitions.js';
import type { SearchResult } from '../model/responses.js';
import type {
  SaveScheduleRequest,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
} from '../model/schedules.js';

export interface ScheduleExecutionSearch {
  start?: number;
  size?: number;
  /** `field[:ASC|DESC]`, e.g. `scheduledTime:DESC`. */
  sort?: string;
  /** Matched against schedule and workflow names; `*` (default) matches all. */
  freeText?: string;
  /** e.g. `scheduleName IN (nightly) AND state IN (FAILED) AND scheduledTime>1700000000000`. */
  query?: string;
}

/**
 * Creates, reads, pauses and deletes workflow schedules, previews cron expressions and searches what each tick
 * did.
 *
 * @example
 * const scheduler = new OrkesClients(new Configuration()).getSchedulerClient();
 * await scheduler.saveSchedule({
 *   name: 'weekday_report',
 *   cronExpression: '0 0 9 * * MON-FRI',
 *   zoneId: 'America/New_York',
 *   startWorkflowRequest: { name: 'daily_report', version: 1, input: {} },
 * });
 * console.log(await scheduler.getNextFewScheduleExecutionTimes('0 0 9 * * MON-FRI'));
 */
export class SchedulerClient {
  constructor(private readonly http: HttpClient) {}

  /** Creates a schedule, or replaces the one of that name; answers it with its next tick. */
  async saveSchedule(request: SaveScheduleRequest): Promise<WorkflowSchedule> {
    return this.http.json<WorkflowSchedule>('POST', '/scheduler/schedules', { body: request });
  }

  async getSchedule(name: string): Promise<WorkflowSchedule> {
    return this.http.json<WorkflowSchedule>('GET', `/scheduler/schedules/${seg(name)}`);
  }

  /** Every schedule, or those starting `workflowName`. */
  async getAllSchedules(workflowName?: string): Promise<WorkflowSchedule[]> {
    return this.http.json<WorkflowSchedule[]>('GET', '/scheduler/schedules', { query: { workflowName } });
  }

  /** The next ticks (epoch ms, at most 5) of an expression from now, within the optional bounds. */
  async getNextFewScheduleExecutionTimes(
    cronExpression: string,
    scheduleStartTime?: number,
    scheduleEndTime?: number,
    limit?: number,
  ): Promise<number[]> {
    return this.http.json<number[]>('GET', '/scheduler/nextFewSchedules', {
      query: { cronExpression, scheduleStartTime, scheduleEndTime, limit },
    });
  }

  async deleteSchedule(name: string): Promise<void> {
    await this.http.void('DELETE', `/scheduler/schedules/${seg(name)}`);
  }

  async pauseSchedule(name: string): Promise<void> {
    await this.http.void('GET', `/scheduler/schedules/${seg(name)}/pause`);
  }

  /** Resumes a paused schedule; ticks missed while it was paused are skipped. */
  async resumeSchedule(name: string): Promise<void> {
    await this.http.void('GET', `/scheduler/schedules/${seg(name)}/resume`);
  }

  /** Stops all scheduling on the server answering this call (other servers of a cluster go on). */
  async pauseAllSchedules(): Promise<Record<string, unknown>> {
    return this.http.json<Record<string, unknown>>('GET', '/scheduler/admin/pause');
  }

  async resumeAllSchedules(): Promise<Record<string, unknown>> {
    return this.http.json<Record<string, unknown>>('GET', '/scheduler/admin/resume');
  }

  /** Execution records matching the search, newest tick first unless sorted otherwise. */
  async searchScheduleExecutions(
    search: ScheduleExecutionSearch = {},
  ): Promise<SearchResult<WorkflowScheduleExecutionModel>> {
    return this.http.json<SearchResult<WorkflowScheduleExecutionModel>>(
      'GET',
      '/scheduler/search/executions',
      {
        query: { ...search },
      },
    );
  }

  /** Re-sends execution records still waiting for the server's archive (Baton has none waiting). */
  async requeueAllExecutionRecords(): Promise<Record<string, unknown>> {
    return this.http.json<Record<string, unknown>>('GET', '/scheduler/admin/requeue');
  }

  /** Replaces the schedule's tags (Orkes route). */
  async setSchedulerTags(tags: MetadataTag[], name: string): Promise<void> {
    await this.http.void('PUT', `/scheduler/schedules/${seg(name)}/tags`, { body: tags });
  }

  async getSchedulerTags(name: string): Promise<MetadataTag[]> {
    return this.http.json<MetadataTag[]>('GET', `/scheduler/schedules/${seg(name)}/tags`);
  }

  async deleteSchedulerTags(tags: MetadataTag[], name: string): Promise<void> {
    await this.http.void('DELETE', `/scheduler/schedules/${seg(name)}/tags`, { body: tags });
  }
}
