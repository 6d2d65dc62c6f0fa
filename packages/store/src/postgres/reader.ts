/**
 * StoreReader over PostgreSQL. The store reads through the pool (committed data only); a transaction reads
 * through its own connection (its writes included) and overrides what it reads differently (locks, caches).
 */
import type {
  PollData,
  ScheduleExecutionQuery,
  SearchRequest,
  Task,
  TaskDef,
  TaskExecLog,
  TaskSummary,
  Workflow,
  WorkflowDef,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
  WorkflowSummary,
} from '@baton/protocol';
import type {
  AccessKeyRecord,
  Application,
  EventHandler,
  EventHandlerActivity,
  IdempotentExecution,
  SearchPage,
  StoreReader,
  StoredEventExecution,
  StoredEventMessage,
  Tag,
  WorkflowFollower,
} from '../contract.js';
import type { Db } from './db.js';
import * as definitions from './definitions.js';
import type { PgSnapshots } from './def-snapshots.js';
import * as eventHandlers from './event-handlers.js';
import * as security from './security.js';
import * as eventMessages from './event-messages.js';
import * as eventMonitor from './event-monitor.js';
import * as executions from './executions.js';
import * as idempotency from './idempotency.js';
import * as logs from './logs.js';
import * as extras from './payloads-tags-messages.js';
import * as polls from './polls.js';
import { searchResultDocument, type JsonPieces } from '../documents.js';
import * as documents from './documents.js';
import * as queues from './queues.js';
import * as schedules from './schedules.js';
import type { PgSearch } from './search/index.js';

export abstract class PgReader implements StoreReader {
  protected readonly executions: executions.ExecutionSource;

  constructor(
    protected readonly db: Db,
    snapshots: PgSnapshots,
    committedOnly: boolean,
    private readonly search: PgSearch,
  ) {
    this.executions = { db, snapshots, committedOnly };
  }

  /** Throws when this reader may no longer be used. */
  protected abstract ensureUsable(): void;

  /** Runs `work` once this reader is known usable, so a misuse is a rejection rather than a throw. */
  protected use<T>(work: () => Promise<T>): Promise<T> {
    try {
      this.ensureUsable();
      return work();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  getWorkflowDef(name: string, version?: number): Promise<WorkflowDef | undefined> {
    return this.use(() => definitions.getWorkflowDef(this.db, name, version));
  }

  listWorkflowDefs(): Promise<WorkflowDef[]> {
    return this.use(() => definitions.listWorkflowDefs(this.db));
  }

  getTaskDef(name: string): Promise<TaskDef | undefined> {
    return this.use(() => definitions.getTaskDef(this.db, name));
  }

  listTaskDefs(): Promise<TaskDef[]> {
    return this.use(() => definitions.listTaskDefs(this.db));
  }

  getWorkflow(workflowId: string, includeTasks: boolean): Promise<Workflow | undefined> {
    return this.use(() => executions.getWorkflow(this.executions, workflowId, includeTasks));
  }

  getTask(taskId: string): Promise<Task | undefined> {
    return this.use(() => executions.getTask(this.db, taskId));
  }

  findByCorrelationId(
    name: string,
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<Workflow[]> {
    return this.use(() =>
      executions.findByCorrelationId(this.executions, name, correlationId, includeClosed, includeTasks),
    );
  }

  runningWorkflowIds(name: string, version: number, startTime?: number, endTime?: number): Promise<string[]> {
    return this.use(() => executions.runningWorkflowIds(this.db, name, version, startTime, endTime));
  }

  workflowsByIdempotencyKey(name: string, idempotencyKey: string): Promise<IdempotentExecution[]> {
    return this.use(() => idempotency.byKey(this.db, name, idempotencyKey));
  }

  workflowFollowers(workflowId: string): Promise<WorkflowFollower[]> {
    return this.use(() => idempotency.followers(this.db, workflowId));
  }

  searchWorkflows(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.use(() => this.search.searchWorkflows(request));
  }

  searchTasks(request: SearchRequest): Promise<SearchPage<Task>> {
    return this.use(() => this.search.searchTasks(request));
  }

  searchWorkflowsByTasks(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.use(() => this.search.searchWorkflowsByTasks(request));
  }

  searchWorkflowSummaries(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.use(() => this.search.searchWorkflowSummaries(request));
  }

  searchTaskSummaries(request: SearchRequest): Promise<SearchPage<TaskSummary>> {
    return this.use(() => this.search.searchTaskSummaries(request));
  }

  searchWorkflowSummariesByTasks(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.use(() => this.search.searchWorkflowSummariesByTasks(request));
  }

  workflowJson(workflowId: string, includeTasks: boolean): Promise<JsonPieces | undefined> {
    return this.use(() => documents.workflowJson(this.db, workflowId, includeTasks));
  }

  findByCorrelationIdJson(
    names: readonly string[],
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<JsonPieces> {
    return this.use(() =>
      documents.correlatedJson(this.db, names, correlationId, includeClosed, includeTasks),
    );
  }

  // The hits are read after the page, each when the answer asks for it.
  searchWorkflowsJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use(async () => {
      const page = await this.search.workflowIds(request);
      return searchResultDocument(page.totalHits, page.results, (id) =>
        documents.workflowJson(this.db, id, false),
      );
    });
  }

  searchTasksJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use(async () => {
      const page = await this.search.taskIds(request);
      return searchResultDocument(page.totalHits, page.results, (id) => documents.taskJson(this.db, id));
    });
  }

  searchWorkflowsByTasksJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use(async () => {
      const page = await this.search.workflowIdsByTasks(request);
      return searchResultDocument(page.totalHits, page.results, (id) =>
        documents.workflowJson(this.db, id, false),
      );
    });
  }

  queueSize(queueName: string): Promise<number> {
    return this.use(() => queues.size(this.db, queueName));
  }

  queueSizes(): Promise<Record<string, number>> {
    return this.use(() => queues.sizes(this.db));
  }

  nextVisibleAt(queueName: string, now: number): Promise<number | undefined> {
    return this.use(() => queues.nextVisibleAt(this.db, queueName, now));
  }

  getPollData(taskType?: string): Promise<PollData[]> {
    return this.use(() => polls.get(this.db, taskType));
  }

  getTaskLogs(taskId: string): Promise<TaskExecLog[]> {
    return this.use(() => logs.get(this.db, taskId));
  }

  getEventHandler(name: string): Promise<EventHandler | undefined> {
    return this.use(() => eventHandlers.get(this.db, name));
  }

  listEventHandlers(): Promise<EventHandler[]> {
    return this.use(() => eventHandlers.list(this.db));
  }

  eventHandlersFor(event: string, activeOnly: boolean): Promise<EventHandler[]> {
    return this.use(() => eventHandlers.forEvent(this.db, event, activeOnly));
  }

  eventQueueSize(queueName: string): Promise<number> {
    return this.use(() => eventMessages.size(this.db, queueName));
  }

  eventQueueSizes(): Promise<Record<string, number>> {
    return this.use(() => eventMessages.sizes(this.db));
  }

  getSchedule(name: string): Promise<WorkflowSchedule | undefined> {
    return this.use(() => schedules.get(this.db, name));
  }

  listSchedules(workflowName?: string): Promise<WorkflowSchedule[]> {
    return this.use(() => schedules.list(this.db, workflowName));
  }

  dueSchedules(now: number, limit: number): Promise<string[]> {
    return this.use(() => schedules.due(this.db, now, limit));
  }

  searchScheduleExecutions(
    query: ScheduleExecutionQuery,
  ): Promise<SearchPage<WorkflowScheduleExecutionModel>> {
    return this.use(() => schedules.search(this.db, query));
  }

  getExternalPayload(path: string): Promise<Buffer | undefined> {
    return this.use(() => extras.getPayload(this.db, path));
  }

  getTags(entityType: string, entityId: string): Promise<Tag[]> {
    return this.use(() => extras.getTags(this.db, entityType, entityId));
  }

  taggedEntities(entityType: string, tag: Tag): Promise<string[]> {
    return this.use(() => extras.tagged(this.db, entityType, tag));
  }

  workflowMessageCount(workflowId: string): Promise<number> {
    return this.use(() => extras.messageCount(this.db, workflowId));
  }

  getApplication(id: string): Promise<Application | undefined> {
    return this.use(() => security.getApplication(this.db, id));
  }

  listApplications(): Promise<Application[]> {
    return this.use(() => security.listApplications(this.db));
  }

  getAccessKey(id: string): Promise<AccessKeyRecord | undefined> {
    return this.use(() => security.getAccessKey(this.db, id));
  }

  listAccessKeys(applicationId: string): Promise<AccessKeyRecord[]> {
    return this.use(() => security.listAccessKeys(this.db, applicationId));
  }

  getSecret(name: string): Promise<string | undefined> {
    return this.use(() => security.getSecret(this.db, name));
  }

  listSecretNames(): Promise<string[]> {
    return this.use(() => security.listSecretNames(this.db));
  }

  getServerKey(name: string): Promise<string | undefined> {
    return this.use(() => security.getServerKey(this.db, name));
  }

  // ---- event monitor ----
  eventExecutions(handlerName: string, since: number, limit: number): Promise<StoredEventExecution[]> {
    return this.use(() => eventMonitor.executions(this.db, handlerName, since, limit));
  }

  receivedEventMessages(event: string, since: number, limit: number): Promise<StoredEventMessage[]> {
    return this.use(() => eventMonitor.messages(this.db, event, since, limit));
  }

  eventHandlerActivity(since: number): Promise<EventHandlerActivity[]> {
    return this.use(() => eventMonitor.activity(this.db, since));
  }

  receivedEventCounts(since: number): Promise<Record<string, number>> {
    return this.use(() => eventMonitor.counts(this.db, since));
  }
}
