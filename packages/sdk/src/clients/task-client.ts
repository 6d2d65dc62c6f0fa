/**
 * Tasks: polling, updates (by id or by workflow + reference name), signals, logs, queue sizes and poll data
 * (`/api/tasks`, §1.3).
 */
import type { HttpClient } from '../http/http-client.js';
import { seg } from '../http/query-string.js';
import type { JsonObject } from '../model/definitions.js';
import type { ReturnStrategy, TaskResultStatus } from '../model/enums.js';
import type { PollData, Task, TaskExecLog, TaskResult, Workflow } from '../model/execution.js';
import type { SearchResult, SignalResponse, TaskSummary } from '../model/responses.js';
import { ExternalPayloadClient } from './external-payloads.js';
import { searchQuery, type SearchOptions } from './search-options.js';

export interface PollOptions {
  workerId?: string;
  domain?: string;
}

export interface BatchPollOptions extends PollOptions {
  /** Most tasks to take. Default 1. */
  count?: number;
  /** Long-poll wait in ms when none is ready (≤ 5000). Default 100. */
  timeoutMs?: number;
}

/**
 * Works with tasks directly: what workers do under the hood, plus completing WAIT/HUMAN tasks from outside.
 *
 * @example
 * const tasks = new OrkesClients(new Configuration()).getTaskClient();
 * // complete the WAIT task `approval_ref` of a running workflow
 * await tasks.updateTaskByRefName(workflowId, 'approval_ref', 'COMPLETED', { approved: true });
 */
export class TaskClient {
  /** Large inputs and outputs stored by the server: read back on poll and get, uploaded on update. */
  readonly payloads: ExternalPayloadClient;

  constructor(private readonly http: HttpClient) {
    this.payloads = new ExternalPayloadClient(http);
  }

  /** Takes one task of `taskType`, or undefined when none is waiting. */
  async pollTask(taskType: string, options: PollOptions = {}): Promise<Task | undefined> {
    const task = await this.http.optionalJson<Task>('GET', `/tasks/poll/${seg(taskType)}`, {
      query: { workerid: options.workerId, domain: options.domain },
      idempotent: false,
    });
    return task && this.payloads.populateTask(task);
  }

  /** Takes up to `count` tasks, waiting up to `timeoutMs` for the first one. */
  async batchPollTasks(taskType: string, options: BatchPollOptions = {}): Promise<Task[]> {
    const timeoutMs = options.timeoutMs ?? 100;
    const tasks = await this.http.optionalJson<Task[]>('GET', `/tasks/poll/batch/${seg(taskType)}`, {
      query: {
        workerid: options.workerId,
        domain: options.domain,
        count: options.count ?? 1,
        timeout: timeoutMs,
      },
      extraTimeoutMs: timeoutMs,
      // A repeated poll could take tasks twice and lose the first batch.
      idempotent: false,
    });
    return Promise.all((tasks ?? []).map((task) => this.payloads.populateTask(task)));
  }

  async getTask(taskId: string): Promise<Task> {
    return this.payloads.populateTask(await this.http.json<Task>('GET', `/tasks/${seg(taskId)}`));
  }

  /** Reports a task result; returns the task id. */
  async updateTask(result: TaskResult): Promise<string> {
    const body = await this.payloads.externalizeResult(result);
    return this.http.text('POST', '/tasks', { body, idempotent: true });
  }

  /**
   * Reports a task result and, when the task is done, takes the next task of the same type for the same worker
   * (POST /api/tasks/update-v2, Conductor 3.22+). Undefined when there is none.
   */
  async updateTaskV2(result: TaskResult): Promise<Task | undefined> {
    const body = await this.payloads.externalizeResult(result);
    const next = await this.http.optionalJson<Task>('POST', '/tasks/update-v2', { body });
    return next && this.payloads.populateTask(next);
  }

  /**
   * Completes (or fails) the pending task with reference name `taskRefName` of a workflow: how WAIT and HUMAN
   * tasks are finished from outside. Returns the task id ('' when there was no pending task).
   */
  async updateTaskByRefName(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: JsonObject = {},
    workerId?: string,
  ): Promise<string> {
    return this.http.text('POST', `/tasks/${seg(workflowId)}/${seg(taskRefName)}/${status}`, {
      body: output,
      query: { workerid: workerId },
      idempotent: true,
    });
  }

  /** Like updateTaskByRefName, and returns the workflow after the update (Conductor 3.32+). */
  async updateTaskByRefNameSync(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: JsonObject = {},
    workerId?: string,
  ): Promise<Workflow> {
    return this.http.json<Workflow>('POST', `/tasks/${seg(workflowId)}/${seg(taskRefName)}/${status}/sync`, {
      body: output,
      query: { workerid: workerId },
      idempotent: true,
    });
  }

  /**
   * Signals the workflow: completes (or fails) the first pending WAIT task, looking into running sub-workflows
   * too, and returns what `returnStrategy` asks for (Conductor 3.32+).
   *
   * @example
   * const response = await tasks.signal(workflowId, 'COMPLETED', { approved: true });
   */
  async signal(
    workflowId: string,
    status: TaskResultStatus,
    output: JsonObject = {},
    options: { returnStrategy?: ReturnStrategy; timeoutMillis?: number } = {},
  ): Promise<SignalResponse | undefined> {
    return this.http.optionalJson<SignalResponse>('POST', `/tasks/${seg(workflowId)}/${status}/signal/sync`, {
      body: output,
      query: { returnStrategy: options.returnStrategy, timeoutMillis: options.timeoutMillis },
      extraTimeoutMs: options.timeoutMillis ?? 5000,
    });
  }

  /** Signals the workflow without waiting for the effect. */
  async signalAsync(workflowId: string, status: TaskResultStatus, output: JsonObject = {}): Promise<void> {
    await this.http.void('POST', `/tasks/${seg(workflowId)}/${status}/signal`, { body: output });
  }

  /** Appends a line to a task's log. */
  async addTaskLog(taskId: string, message: string): Promise<void> {
    await this.http.void('POST', `/tasks/${seg(taskId)}/log`, { textBody: message });
  }

  async getTaskLogs(taskId: string): Promise<TaskExecLog[]> {
    return (await this.http.optionalJson<TaskExecLog[]>('GET', `/tasks/${seg(taskId)}/log`)) ?? [];
  }

  /** Tasks waiting in the queue of `taskType` (in `domain`, if given). */
  async getQueueSizeForTask(taskType: string, options: { domain?: string } = {}): Promise<number> {
    return this.http.json<number>('GET', '/tasks/queue/size', {
      query: { taskType, domain: options.domain },
    });
  }

  /** Queue sizes of several task types, keyed by type. */
  async getQueueSizes(taskTypes: string[]): Promise<Record<string, number>> {
    return this.http.json<Record<string, number>>('GET', '/tasks/queue/sizes', {
      query: { taskType: taskTypes },
    });
  }

  /** When workers last polled `taskType` (one entry per domain). */
  async getTaskPollData(taskType: string): Promise<PollData[]> {
    return this.http.json<PollData[]>('GET', '/tasks/queue/polldata', { query: { taskType } });
  }

  /** Searches tasks (same query language as workflow search). */
  async search(options: SearchOptions = {}): Promise<SearchResult<TaskSummary>> {
    return this.http.json<SearchResult<TaskSummary>>('GET', '/tasks/search', {
      query: searchQuery(options),
    });
  }
}
