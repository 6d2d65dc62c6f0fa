/**
 * StoreReader over one connection. The store reads through its read-only connection (committed data only); a
 * transaction handle reads through the write connection (its batch's own writes included).
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
import { arrayDocument, searchResultDocument, type JsonPieces } from '../documents.js';
import type { Queries } from './queries.js';

export abstract class SqliteReader implements StoreReader {
  constructor(private readonly queries: Queries) {}

  /** Throws when this reader may no longer be used. */
  protected abstract ensureUsable(): void;

  /** Runs synchronous SQLite work as a promise, so a failure is a rejection rather than a throw. */
  protected use<T>(work: (q: Queries) => T): Promise<T> {
    try {
      this.ensureUsable();
      return Promise.resolve(work(this.queries));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  getWorkflowDef(name: string, version?: number): Promise<WorkflowDef | undefined> {
    return this.use((q) => q.definitions.getWorkflowDef(name, version));
  }

  listWorkflowDefs(): Promise<WorkflowDef[]> {
    return this.use((q) => q.definitions.listWorkflowDefs());
  }

  getTaskDef(name: string): Promise<TaskDef | undefined> {
    return this.use((q) => q.definitions.getTaskDef(name));
  }

  listTaskDefs(): Promise<TaskDef[]> {
    return this.use((q) => q.definitions.listTaskDefs());
  }

  getWorkflow(workflowId: string, includeTasks: boolean): Promise<Workflow | undefined> {
    return this.use((q) => q.executions.getWorkflow(workflowId, includeTasks));
  }

  getTask(taskId: string): Promise<Task | undefined> {
    return this.use((q) => q.executions.getTask(taskId));
  }

  findByCorrelationId(
    name: string,
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<Workflow[]> {
    return this.use((q) =>
      q.executions.findByCorrelationId(name, correlationId, includeClosed, includeTasks),
    );
  }

  runningWorkflowIds(name: string, version: number, startTime?: number, endTime?: number): Promise<string[]> {
    return this.use((q) => q.executions.runningWorkflowIds(name, version, startTime, endTime));
  }

  workflowsByIdempotencyKey(name: string, idempotencyKey: string): Promise<IdempotentExecution[]> {
    return this.use((q) => q.idempotency.byKey(name, idempotencyKey));
  }

  workflowFollowers(workflowId: string): Promise<WorkflowFollower[]> {
    return this.use((q) => q.idempotency.followers(workflowId));
  }

  searchWorkflows(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.use((q) => q.search.searchWorkflows(request));
  }

  searchTasks(request: SearchRequest): Promise<SearchPage<Task>> {
    return this.use((q) => q.search.searchTasks(request));
  }

  searchWorkflowsByTasks(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.use((q) => q.search.searchWorkflowsByTasks(request));
  }

  searchWorkflowSummaries(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.use((q) => q.search.searchWorkflowSummaries(request));
  }

  searchTaskSummaries(request: SearchRequest): Promise<SearchPage<TaskSummary>> {
    return this.use((q) => q.search.searchTaskSummaries(request));
  }

  searchWorkflowSummariesByTasks(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.use((q) => q.search.searchWorkflowSummariesByTasks(request));
  }

  workflowJson(workflowId: string, includeTasks: boolean): Promise<JsonPieces | undefined> {
    return this.use((q) => q.executions.workflowJson(workflowId, includeTasks));
  }

  findByCorrelationIdJson(
    names: readonly string[],
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<JsonPieces> {
    return this.use((q) => {
      const ids = names.flatMap((name) =>
        q.executions.idsByCorrelationId(name, correlationId, includeClosed),
      );
      return arrayDocument(ids, (id) => q.executions.workflowJson(id, includeTasks));
    });
  }

  // The hits are read after the page, each when the answer asks for it.
  searchWorkflowsJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use((q) => {
      const page = q.search.workflowRowids(request);
      return searchResultDocument(page.totalHits, page.results, (rowid) =>
        q.executions.workflowJsonAtRowid(rowid),
      );
    });
  }

  searchTasksJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use((q) => {
      const page = q.search.taskRowids(request);
      return searchResultDocument(page.totalHits, page.results, (rowid) =>
        q.executions.taskJsonAtRowid(rowid),
      );
    });
  }

  searchWorkflowsByTasksJson(request: SearchRequest): Promise<JsonPieces> {
    return this.use((q) => {
      const page = q.search.workflowRowidsByTasks(request);
      return searchResultDocument(page.totalHits, page.results, (rowid) =>
        q.executions.workflowJsonAtRowid(rowid),
      );
    });
  }

  queueSize(queueName: string): Promise<number> {
    return this.use((q) => q.queues.size(queueName));
  }

  queueSizes(): Promise<Record<string, number>> {
    return this.use((q) => q.queues.sizes());
  }

  nextVisibleAt(queueName: string, now: number): Promise<number | undefined> {
    return this.use((q) => q.queues.nextVisibleAt(queueName, now));
  }

  getPollData(taskType?: string): Promise<PollData[]> {
    return this.use((q) => q.polls.get(taskType));
  }

  getTaskLogs(taskId: string): Promise<TaskExecLog[]> {
    return this.use((q) => q.logs.get(taskId));
  }

  getEventHandler(name: string): Promise<EventHandler | undefined> {
    return this.use((q) => q.eventHandlers.get(name));
  }

  listEventHandlers(): Promise<EventHandler[]> {
    return this.use((q) => q.eventHandlers.list());
  }

  eventHandlersFor(event: string, activeOnly: boolean): Promise<EventHandler[]> {
    return this.use((q) => q.eventHandlers.forEvent(event, activeOnly));
  }

  eventQueueSize(queueName: string): Promise<number> {
    return this.use((q) => q.eventMessages.size(queueName));
  }

  eventQueueSizes(): Promise<Record<string, number>> {
    return this.use((q) => q.eventMessages.sizes());
  }

  getSchedule(name: string): Promise<WorkflowSchedule | undefined> {
    return this.use((q) => q.schedules.get(name));
  }

  listSchedules(workflowName?: string): Promise<WorkflowSchedule[]> {
    return this.use((q) => q.schedules.list(workflowName));
  }

  dueSchedules(now: number, limit: number): Promise<string[]> {
    return this.use((q) => q.schedules.due(now, limit));
  }

  searchScheduleExecutions(
    query: ScheduleExecutionQuery,
  ): Promise<SearchPage<WorkflowScheduleExecutionModel>> {
    return this.use((q) => q.schedules.search(query));
  }

  getExternalPayload(path: string): Promise<Buffer | undefined> {
    return this.use((q) => q.externalPayloads.get(path));
  }

  getTags(entityType: string, entityId: string): Promise<Tag[]> {
    return this.use((q) => q.tags.get(entityType, entityId));
  }

  taggedEntities(entityType: string, tag: Tag): Promise<string[]> {
    return this.use((q) => q.tags.tagged(entityType, tag));
  }

  workflowMessageCount(workflowId: string): Promise<number> {
    return this.use((q) => q.workflowMessages.size(workflowId));
  }

  getApplication(id: string): Promise<Application | undefined> {
    return this.use((q) => q.security.getApplication(id));
  }

  listApplications(): Promise<Application[]> {
    return this.use((q) => q.security.listApplications());
  }

  getAccessKey(id: string): Promise<AccessKeyRecord | undefined> {
    return this.use((q) => q.security.getAccessKey(id));
  }

  listAccessKeys(applicationId: string): Promise<AccessKeyRecord[]> {
    return this.use((q) => q.security.listAccessKeys(applicationId));
  }

  getSecret(name: string): Promise<string | undefined> {
    return this.use((q) => q.security.getSecret(name));
  }

  listSecretNames(): Promise<string[]> {
    return this.use((q) => q.security.listSecretNames());
  }

  getServerKey(name: string): Promise<string | undefined> {
    return this.use((q) => q.security.getServerKey(name));
  }

  // ---- event monitor ----
  eventExecutions(handlerName: string, since: number, limit: number): Promise<StoredEventExecution[]> {
    return this.use((q) => q.eventMonitor.executions(handlerName, since, limit));
  }

  receivedEventMessages(event: string, since: number, limit: number): Promise<StoredEventMessage[]> {
    return this.use((q) => q.eventMonitor.messages(event, since, limit));
  }

  eventHandlerActivity(since: number): Promise<EventHandlerActivity[]> {
    return this.use((q) => q.eventMonitor.activity(since));
  }

  receivedEventCounts(since: number): Promise<Record<string, number>> {
    return this.use((q) => q.eventMonitor.counts(since));
  }
}
