/**
 * The store: all durable state, and the only place that knows SQL. The SQLite implementation is the
 * embedded default (one server process owns the file); the PostgreSQL implementation is shared by any number
 * of servers. The contract holds for both:
 *
 * - A transaction function may run more than once: after a serialization failure or a deadlock the store
 *   rolls it back and runs it again on a fresh `tx`. Create effects (wake-ups, sandbox calls) inside it and
 *   release them only once `transact` resolved, so a re-run does not double them.
 * - Inside a transaction, `getWorkflow` locks that execution until the transaction ends: two servers never
 *   decide one workflow at once. Lock the unit's own workflow first; follow-ups on parents and children come
 *   after it (a deadlock between such a pair is detected and its unit re-run).
 * - Check-then-act pairs (idempotency keys, rate-limit and concurrency windows) take `lockKey` first.
 * - Caches are per transaction, or kept across transactions only where `Store.signals` invalidates them.
 *
 * Never call `transact` from inside a transaction function: pass the `tx` down instead.
 */
import type {
  JsonObject,
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
  WorkflowStatus,
  WorkflowSummary,
} from '@baton/protocol';
import type { StatementCounts } from './statement-counts.js';
import type { JsonPieces } from './documents.js';

// ---- events: handler and message types ------------------------------------------------------------

/** §2.13 wire model (kept here until @baton/protocol has it). Unknown fields are stored as given. */
export interface EventHandler {
  name: string;
  /** `<queueType>:<queueName>`, e.g. `conductor:wf:ref`, `nats:subject`, `amqp:queue`. */
  event: string;
  /** JavaScript over the payload (`$`); truthy = true or a number > 0. Empty: always. */
  condition?: string;
  evaluatorType?: string;
  /** Conductor's primitive boolean: absent means false. */
  active?: boolean;
  actions: EventHandlerAction[];
  [field: string]: unknown;
}

export interface EventHandlerAction {
  action: string;
  start_workflow?: JsonObject;
  complete_task?: JsonObject;
  fail_task?: JsonObject;
  terminate_workflow?: JsonObject;
  update_workflow_variables?: JsonObject;
  expandInlineJSON?: boolean;
  [field: string]: unknown;
}

/** A message of the durable internal event queue. */
export interface EventMessage {
  /** Delivery order, and the handle to acknowledge it with. */
  seq: number;
  queueName: string;
  /** Unique per queue while the message is pending. */
  messageId: string;
  /** The parsed JSON payload. */
  payload: unknown;
  publishedAt: number;
}

/** A tag (Orkes's TagObject without its legacy `type`): a key and a value on a named entity. */
export interface Tag {
  key: string;
  value: string;
}

/**
 * What family a tagged id belongs to. Definitions use the names below; another family (schedules, secrets, ...)
 * tags its entities under a name of its own, with no change to the store.
 */
export const TaggedEntity = {
  workflowDef: 'workflow_def',
  taskDef: 'task_def',
  eventHandler: 'event_handler',
  schedule: 'schedule',
  secret: 'secret',
} as const;

/** A message posted to a running workflow (`POST /api/workflow/{id}/messages`), as PULL_WORKFLOW_MESSAGES returns it. */
export interface WorkflowMessage {
  id: string;
  workflowId: string;
  /** The posted JSON. */
  payload: unknown;
  /** ISO-8601 UTC. */
  receivedAt: string;
}

// ---- event monitor: received messages and handler executions (Orkes' event execution/message views) ----

/** Conductor's EventExecution.Status; a record is written once its action ran, so never IN_PROGRESS here. */
export type EventExecutionStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'SKIPPED';
/** HANDLED: some handler ran actions for it; REJECTED: none did (no active handler, or no condition held). */
export type ReceivedMessageStatus = 'RECEIVED' | 'HANDLED' | 'REJECTED';

/** One message an event consumer received (the internal queue or a broker), as recorded. */
export interface ReceivedEventMessage {
  /** The message id (the EVENT task's id for `conductor` messages). */
  id: string;
  event: string;
  /** The parsed payload, secrets already masked. */
  payload: unknown;
  createdAt: number;
  status: ReceivedMessageStatus;
  statusDescription?: string;
}

/** One handler's outcome for one message: one action run, or the handler skipped. */
export interface EventExecutionRecord {
  /** `<messageId>_<n>`, n counting the handler's actions (Conductor's id). */
  id: string;
  messageId: string;
  /** The handler's name. */
  name: string;
  event: string;
  /** Absent when the handler was skipped (its condition did not hold) or failed before any action. */
  action?: string;
  status: EventExecutionStatus;
  created: number;
  /** What the action did, or why it failed or was skipped; secrets already masked. */
  output: JsonObject;
  statusDescription?: string;
}

/** An execution as read back, with the payload of its message (when the message is still kept). */
export interface StoredEventExecution extends EventExecutionRecord {
  payload?: unknown;
}

/** A received message as read back, with the executions it caused (those still kept). */
export interface StoredEventMessage extends ReceivedEventMessage {
  executions: EventExecutionRecord[];
}

/** Per handler name: its executions and the distinct messages they were for, since a time. */
export interface EventHandlerActivity {
  name: string;
  event: string;
  executions: number;
  messages: number;
}

/** Records kept per handler (executions) and per event (messages); older ones go as new ones are recorded. */
export const EVENT_RECORDS_KEPT = 1000;
/** Records older than this are dropped as new ones are recorded, whatever their handler or event. */
export const EVENT_RECORDS_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

// ---- security: applications, access keys, secrets (docs/security.md) ------------------------------

/** An Orkes application: a named identity whose access keys get tokens, with the roles that decide its rights. */
export interface Application {
  id: string;
  name: string;
  roles: string[];
  createdBy: string;
  createTime: number;
  updateTime: number;
}

/** An access key as stored: the secret only as its slow hash. */
export interface AccessKeyRecord {
  id: string;
  applicationId: string;
  /** `scrypt$<salt>$<hash>`, both base64url. */
  secretHash: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
}

/** An execution found by its idempotency key. */
export interface IdempotentExecution {
  workflowId: string;
  status: WorkflowStatus;
}

/** A SUB_WORKFLOW task waiting on a workflow it did not start (an idempotent RETURN_EXISTING start). */
export interface WorkflowFollower {
  workflowId: string;
  taskId: string;
}

/**
 * A wake-up for the other servers sharing the database, delivered to them after (and only if) the transaction
 * that sent it committed. Small: a queue name or a workflow id. Best effort: a server dying between its commit and
 * the send loses the wake-up, so waiters also re-check on a period (see `StoreSignals.reliable`).
 */
export type StoreSignal =
  /** A task became (or will become, at `visibleAt`) visible in a queue: long-polls there look again. */
  | { type: 'taskQueued'; queueName: string; visibleAt: number }
  /** An execution changed: `execute` and signal waiters look at it again. */
  | { type: 'workflowChanged'; workflowId: string }
  /** A workflow or task definition was written or deleted: definition caches are stale. */
  | { type: 'definitionsChanged' }
  /** A queue was polled (its domain is active, §4.8). */
  | { type: 'polled'; queueName: string; lastPollTime: number };

/** Signals from the other processes sharing the store (never this process's own). */
export interface StoreSignals {
  /** Returns the function that unsubscribes. */
  subscribe(listener: (signal: StoreSignal) => void): () => void;
  /**
   * False while signals may be missed (e.g. the listening connection is re-connecting): waiters should
   * then re-check on a short period instead of trusting wake-ups.
   */
  readonly reliable: boolean;
}

/** The database cannot be reached or refused the connection; the request may be retried later. */
export class StoreUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** What a closed store answers (a server shutting down): the same request may be sent again, to another server. */
export function storeClosedError(): StoreUnavailableError {
  return new StoreUnavailableError('the store is closed');
}

/** Whether the store's writes go through (see `Store.health`). */
export interface StoreHealth {
  healthy: boolean;
  /** Why not: the last failure's message (disk full, I/O error, database unreachable). */
  reason?: string;
  /** When the store became unhealthy (epoch ms). */
  since?: number;
}

/** One page of search hits and how many hits there are in all. */
export interface SearchPage<T> {
  totalHits: number;
  results: T[];
}

export interface StoreReader {
  /** Latest version when `version` is undefined. */
  getWorkflowDef(name: string, version?: number): Promise<WorkflowDef | undefined>;
  /** All versions of all definitions, by name then version. */
  listWorkflowDefs(): Promise<WorkflowDef[]>;
  getTaskDef(name: string): Promise<TaskDef | undefined>;
  listTaskDefs(): Promise<TaskDef[]>;

  /**
   * The execution; its `tasks` ordered by seq when `includeTasks`, else `[]`. Inside a transaction it also locks
   * the execution until that transaction ends (see the contract above). Its `workflowDefinition` may be
   * shared by every execution of that definition and is then deep-frozen: replace it, never mutate it. Inside a
   * transaction the workflow and its tasks may be shared (cached) objects too, frozen: build new ones instead.
   */
  getWorkflow(workflowId: string, includeTasks: boolean): Promise<Workflow | undefined>;
  getTask(taskId: string): Promise<Task | undefined>;
  /** Executions of `name` with that correlation id; only RUNNING/PAUSED ones unless `includeClosed`. */
  findByCorrelationId(
    name: string,
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<Workflow[]>;
  /** Ids of RUNNING executions of name+version, optionally with startTime in [startTime, endTime]. */
  runningWorkflowIds(name: string, version: number, startTime?: number, endTime?: number): Promise<string[]>;
  /** Executions of `name` started with this idempotency key, newest first. */
  workflowsByIdempotencyKey(name: string, idempotencyKey: string): Promise<IdempotentExecution[]>;
  /** The tasks following this workflow's end besides its parent (see `followWorkflow`). */
  workflowFollowers(workflowId: string): Promise<WorkflowFollower[]>;

  // ---- search (§6): the request comes parsed and checked from @baton/protocol's workflowSearchRequest ----
  /**
   * Executions matching WorkflowSummary fields and free text, `request.size` from `request.start` in the
   * requested order (default: startTime DESC, newest first), each without its tasks. Reads committed data only (outside a
   * transaction), so an execution is found as soon as the call that created or changed it has returned.
   */
  searchWorkflows(request: SearchRequest): Promise<SearchPage<Workflow>>;
  /** Tasks matching TaskSummary fields and free text (taskSearchRequest); by default the latest written first. */
  searchTasks(request: SearchRequest): Promise<SearchPage<Task>>;
  /**
   * Executions (without tasks) that have a task matching the filter (TaskSummary fields), each once, in the
   * order of the sort keys (WorkflowSummary fields; default startTime DESC).
   */
  searchWorkflowsByTasks(request: SearchRequest): Promise<SearchPage<Workflow>>;
  /**
   * The summaries of searchWorkflows' hits (input and output cut as @baton/protocol's summaryPayload does), read
   * at a cost that does not grow with the executions' payloads.
   */
  searchWorkflowSummaries(request: SearchRequest): Promise<SearchPage<WorkflowSummary>>;
  /** The summaries of searchTasks' hits (see searchWorkflowSummaries). */
  searchTaskSummaries(request: SearchRequest): Promise<SearchPage<TaskSummary>>;
  /** The summaries of searchWorkflowsByTasks' hits (see searchWorkflowSummaries). */
  searchWorkflowSummariesByTasks(request: SearchRequest): Promise<SearchPage<WorkflowSummary>>;

  // ---- the same documents as stored JSON text (see documents.ts), for answers that pass them through ----
  /** getWorkflow's execution as JSON text, its tasks read one batch at a time; undefined when there is none. */
  workflowJson(workflowId: string, includeTasks: boolean): Promise<JsonPieces | undefined>;
  /** findByCorrelationId's executions of each name in turn as one JSON array, read one at a time. */
  findByCorrelationIdJson(
    names: readonly string[],
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Promise<JsonPieces>;
  /** searchWorkflows' SearchResult as JSON text, its hits read one at a time. */
  searchWorkflowsJson(request: SearchRequest): Promise<JsonPieces>;
  /** searchTasks' SearchResult as JSON text, its hits read one at a time. */
  searchTasksJson(request: SearchRequest): Promise<JsonPieces>;
  /** searchWorkflowsByTasks' SearchResult as JSON text, its hits read one at a time. */
  searchWorkflowsByTasksJson(request: SearchRequest): Promise<JsonPieces>;

  /** Messages in a queue, visible or not. */
  queueSize(queueName: string): Promise<number>;
  /** Every non-empty queue with its size. */
  queueSizes(): Promise<Record<string, number>>;
  /**
   * When the queue next has a visible message (to know when a long-poll should re-check): `now` when one is
   * visible already, else the earliest `visibleAt`; undefined when the queue is empty.
   */
  nextVisibleAt(queueName: string, now: number): Promise<number | undefined>;

  getPollData(taskType?: string): Promise<PollData[]>;
  getTaskLogs(taskId: string): Promise<TaskExecLog[]>;

  // ---- events ----
  getEventHandler(name: string): Promise<EventHandler | undefined>;
  /** By name. */
  listEventHandlers(): Promise<EventHandler[]>;
  /** Handlers whose `event` is exactly `event`, by name; only active ones when `activeOnly`. */
  eventHandlersFor(event: string, activeOnly: boolean): Promise<EventHandler[]>;
  /** Pending messages of one event queue (claimed or not). */
  eventQueueSize(queueName: string): Promise<number>;
  /** Every non-empty event queue with its number of pending messages. */
  eventQueueSizes(): Promise<Record<string, number>>;

  // ---- scheduler ----
  getSchedule(name: string): Promise<WorkflowSchedule | undefined>;
  /** By name; only those starting `workflowName` when given. */
  listSchedules(workflowName?: string): Promise<WorkflowSchedule[]>;
  /** Names of unpaused schedules whose next tick is at or before `now`, the earliest first, at most `limit`. */
  dueSchedules(now: number, limit: number): Promise<string[]>;
  /** Execution records matching the query, `query.size` from `query.start` (default: newest tick first). */
  searchScheduleExecutions(
    query: ScheduleExecutionQuery,
  ): Promise<SearchPage<WorkflowScheduleExecutionModel>>;
  // ---- external payloads, tags, workflow messages ----
  /** The bytes stored at `path` (see `putExternalPayload`), or undefined. */
  getExternalPayload(path: string): Promise<Buffer | undefined>;
  /** The entity's tags, by key then value. */
  getTags(entityType: string, entityId: string): Promise<Tag[]>;
  /** Ids of the entities of that family carrying the tag, sorted. */
  taggedEntities(entityType: string, tag: Tag): Promise<string[]>;
  /** Messages posted to the workflow and not taken yet. */
  workflowMessageCount(workflowId: string): Promise<number>;
  // ---- security ----
  getApplication(id: string): Promise<Application | undefined>;
  /** By name, then id. */
  listApplications(): Promise<Application[]>;
  getAccessKey(id: string): Promise<AccessKeyRecord | undefined>;
  /** One application's keys, oldest first. */
  listAccessKeys(applicationId: string): Promise<AccessKeyRecord[]>;
  /** The sealed value, as `putSecret` stored it. */
  getSecret(name: string): Promise<string | undefined>;
  /** Every secret's name, sorted. */
  listSecretNames(): Promise<string[]>;
  getServerKey(name: string): Promise<string | undefined>;

  // ---- event monitor (Orkes' event execution and message views) ----
  /** The handler's executions created at or after `since`, newest first, at most `limit`. */
  eventExecutions(handlerName: string, since: number, limit: number): Promise<StoredEventExecution[]>;
  /** Messages received on `event` at or after `since`, newest first, at most `limit`, with their executions. */
  receivedEventMessages(event: string, since: number, limit: number): Promise<StoredEventMessage[]>;
  /** Every handler name with executions created at or after `since`, by name. */
  eventHandlerActivity(since: number): Promise<EventHandlerActivity[]>;
  /** Per event: the messages received at or after `since`. */
  receivedEventCounts(since: number): Promise<Record<string, number>>;
}

export interface StoreTx extends StoreReader {
  /**
   * Locks `key` until this transaction ends: two transactions naming one key (an idempotency key, a task
   * definition's rate-limit window) run their check and write one after the other, cluster-wide.
   */
  lockKey(key: string): Promise<void>;
  /** Sends `signals` to the other processes sharing the store once this transaction has committed. */
  notify(signals: readonly StoreSignal[]): Promise<void>;

  /** Insert or replace one name+version. */
  putWorkflowDef(def: WorkflowDef): Promise<void>;
  /** False when it did not exist. */
  deleteWorkflowDef(name: string, version: number): Promise<boolean>;
  putTaskDef(def: TaskDef): Promise<void>;
  deleteTaskDef(name: string): Promise<boolean>;

  /** Insert a new execution together with its tasks. */
  createWorkflow(workflow: Workflow): Promise<void>;
  /**
   * Persist the execution's own fields, insert-or-replace the given tasks, and delete the removed ones
   * (with their queue messages and logs; DO_WHILE `keepLastN` drops old iterations).
   */
  updateWorkflow(
    workflow: Workflow,
    changedTasks: readonly Task[],
    removedTaskIds?: readonly string[],
  ): Promise<void>;
  /**
   * Persist changed tasks of an execution (which must exist) without writing the execution's own fields, e.g. a
   * task handed out to a worker.
   */
  updateTasks(workflowId: string, tasks: readonly Task[]): Promise<void>;
  /** Delete the execution, its tasks, their queue messages, logs, its timer, followers and workflow messages. False when missing. */
  removeWorkflow(workflowId: string): Promise<boolean>;
  /** Records that `follower` (a task of another workflow) waits for this workflow's end. Repeats are no-ops. */
  followWorkflow(workflowId: string, follower: WorkflowFollower): Promise<void>;

  /** Add or move a message; `visibleAt` is epoch ms. Higher priority is delivered first among visible ones. */
  queuePush(queueName: string, taskId: string, priority: number, visibleAt: number): Promise<void>;
  /**
   * Take up to `count` visible messages (priority desc, then visibleAt asc) and hide them until
   * `now + visibilityMs`; they reappear unless acked. Returns task ids.
   */
  queuePop(queueName: string, count: number, now: number, visibilityMs: number): Promise<string[]>;
  /**
   * Take up to `count` visible messages in `queuePop` order and delete them (a hand-out that acks in the same
   * transaction). Returns task ids.
   */
  queueTake(queueName: string, count: number, now: number): Promise<string[]>;
  /** Delete a message. False when it was not there. */
  queueAck(queueName: string, taskId: string): Promise<boolean>;
  /**
   * Delete a message if it is there, when the caller does not need to know (a task that ended: a worker's message
   * went at hand-out already). Costs no round trip of its own on PostgreSQL.
   */
  queueRemove(queueName: string, taskId: string): Promise<void>;

  /** Set (or clear, with null) the workflow's single durable timer. */
  setTimer(workflowId: string, dueAt: number | null): Promise<void>;
  /** Set the timer to `dueAt` unless it is already due earlier (e.g. a response timeout after a poll). */
  setTimerIfEarlier(workflowId: string, dueAt: number): Promise<void>;
  /**
   * Workflows whose timer is due at `now`, at most `limit`; each returned timer is pushed to
   * `now + rearmMs` so a crash before the decide re-fires it later instead of losing it.
   */
  claimDueTimers(now: number, limit: number, rearmMs: number): Promise<string[]>;

  addTaskLogs(logs: readonly TaskExecLog[]): Promise<void>;
  /** Upsert by (queueName, domain, workerId). */
  recordPoll(data: PollData): Promise<void>;

  /** IN_PROGRESS tasks with this taskDefName (concurrentExecLimit). */
  countInProgress(taskDefName: string): Promise<number>;
  /** Hand-outs of this definition at or after `since`, oldest first (rateLimitPerFrequency). */
  recentHandouts(taskDefName: string, since: number): Promise<number[]>;
  recordHandout(taskDefName: string, at: number): Promise<void>;

  // ---- events ----
  /** Insert or replace by name. */
  putEventHandler(handler: EventHandler): Promise<void>;
  /** False when it did not exist. */
  deleteEventHandler(name: string): Promise<boolean>;
  /**
   * Appends a message (JSON-serialized `payload`) to an event queue. False, and nothing changes, when a
   * message with that id is already pending in that queue.
   */
  publishEventMessage(queueName: string, messageId: string, payload: unknown, now: number): Promise<boolean>;
  /**
   * Up to `limit` visible messages of any queue, oldest first, hidden until `now + leaseMs`: they come back
   * unless acknowledged (at-least-once delivery).
   */
  claimEventMessages(now: number, limit: number, leaseMs: number): Promise<EventMessage[]>;
  /** Deletes a message. False when it was not there. */
  ackEventMessage(seq: number): Promise<boolean>;

  // ---- scheduler ----
  /** Insert or replace by name; `nextRunTime` undefined means no further tick. */
  putSchedule(schedule: WorkflowSchedule): Promise<void>;
  /** False when it did not exist. Its execution records stay. */
  deleteSchedule(name: string): Promise<boolean>;
  /**
   * The schedule, if it is unpaused and due at `now`, locked until this transaction ends; undefined when it is
   * not due (or another server holds it: PostgreSQL skips locked rows), so each tick is claimed once.
   */
  claimSchedule(name: string, now: number): Promise<WorkflowSchedule | undefined>;
  /**
   * Records one tick and moves the schedule's next tick to `nextRunTime` (undefined: none). False, and nothing
   * changes, when that tick (schedule name + scheduled time) is recorded already. Keeps the newest
   * `SCHEDULE_EXECUTIONS_KEPT` records of the schedule.
   */
  recordScheduleRun(
    execution: WorkflowScheduleExecutionModel,
    nextRunTime: number | undefined,
  ): Promise<boolean>;
  // ---- external payloads, tags, workflow messages ----
  /** Stores (or replaces) the bytes at `path`. */
  putExternalPayload(path: string, data: Uint8Array, now: number): Promise<void>;
  /**
   * Keeps the pending payload at `path` (see `Store.storeExternalPayload`) for good once this transaction
   * commits. False when it is not pending: swept already (then it is gone), or never stored as pending.
   */
  settleExternalPayload(path: string): Promise<boolean>;
  /** Adds tags to the entity; ones it already has are kept once. */
  addTags(entityType: string, entityId: string, tags: readonly Tag[]): Promise<void>;
  /** Removes these tags from the entity, or all of its tags when `tags` is undefined. */
  deleteTags(entityType: string, entityId: string, tags?: readonly Tag[]): Promise<void>;
  /** Appends a message to the workflow's queue. */
  pushWorkflowMessage(message: WorkflowMessage): Promise<void>;
  /** Removes and returns up to `max` of the workflow's messages, oldest first. */
  takeWorkflowMessages(workflowId: string, max: number): Promise<WorkflowMessage[]>;
  // ---- security ----
  /** Insert or replace by id. */
  putApplication(application: Application): Promise<void>;
  /** Deletes the application and its access keys. False when it did not exist. */
  deleteApplication(id: string): Promise<boolean>;
  /** Insert or replace by id. */
  putAccessKey(key: AccessKeyRecord): Promise<void>;
  /** False when it did not exist. */
  deleteAccessKey(id: string): Promise<boolean>;
  /** Insert or replace; `sealed` is already encrypted. */
  putSecret(name: string, sealed: string): Promise<void>;
  /** False when it did not exist. */
  deleteSecret(name: string): Promise<boolean>;
  /** Stores `candidate` under `name` unless a value is there already; returns the value that is stored. */
  ensureServerKey(name: string, candidate: string): Promise<string>;

  // ---- event monitor ----
  /**
   * Records a received message and its executions, then drops what the retention rule no longer keeps: beyond
   * the newest `EVENT_RECORDS_KEPT` of each of their handlers and of the event, and anything older than
   * `EVENT_RECORDS_MAX_AGE_MS` before `message.createdAt`.
   */
  recordEventMessage(
    message: ReceivedEventMessage,
    executions: readonly EventExecutionRecord[],
  ): Promise<void>;
}

/** Execution records kept per schedule; older ones are dropped as new ticks are recorded. */
export const SCHEDULE_EXECUTIONS_KEPT = 1000;

export interface Store extends StoreReader {
  /** Runs `fn` in a transaction (possibly more than once, see above) and resolves after its commit. */
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Wake-ups from other processes; a SQLite store owns its file, so none ever come. */
  readonly signals: StoreSignals;
  /** True when other processes share this database: per-process caches must follow `signals`. */
  readonly shared: boolean;
  /** The statements run so far, by kind, when the store was opened with `countStatements`. */
  readonly statements?: StatementCounts;
  /**
   * Unhealthy from a write that failed for the environment's sake (it rejected with StoreUnavailableError: disk
   * full, I/O error, database unreachable) until a write that changed something is committed again.
   */
  health(): StoreHealth;
  /**
   * Stores `data` at `path` and commits it on its own, outside any transaction, off the event loop where the
   * store can (SQLite: a worker thread with its own connection): writing megabytes there holds no other request.
   * A `pending` payload is dropped by `sweepPendingPayloads` unless a transaction settles it first, so one stored
   * ahead of a request that then failed leaves nothing behind. The store may take `data` (its buffer detached).
   */
  storeExternalPayload(path: string, data: Uint8Array, now: number, pending: boolean): Promise<void>;
  /** Drops up to `limit` payloads still pending that were stored before `before`, oldest first; how many. */
  sweepPendingPayloads(before: number, limit: number): Promise<number>;
  /** Finish the pending batch and close the database. */
  close(): Promise<void>;
}
