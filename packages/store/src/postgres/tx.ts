/**
 * The `tx` handed to one transaction function. Its connection is pipelined (see tx-connection.ts): writes whose
 * answer nobody needs return at once and cost no round trip. The executions it locked are kept for the rest of
 * the transaction (nobody else can change them meanwhile), so reading one again, or one of its tasks, is free.
 *
 * `getTask`, `queueTake` and `queuePop` lock and read the executions of the tasks they name, as `getWorkflow`
 * would, in the same round trip: a transaction reads a task to decide on its execution next (a result, a
 * hand-out), and that read is then answered from memory. The locks taken are the ones it takes next anyway.
 */
import type {
  PollData,
  Task,
  TaskDef,
  TaskExecLog,
  Workflow,
  WorkflowDef,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
} from '@baton/protocol';
import type {
  AccessKeyRecord,
  Application,
  EventExecutionRecord,
  EventHandler,
  EventMessage,
  ReceivedEventMessage,
  StoreSignal,
  StoreTx,
  Tag,
  WorkflowFollower,
  WorkflowMessage,
} from '../contract.js';
import { freezeExecution, mergeTasks, sortedBySeq } from '../sqlite/execution-cache.js';
import { statement } from './db.js';
import * as definitions from './definitions.js';
import type { PgSnapshots } from './def-snapshots.js';
import * as eventHandlers from './event-handlers.js';
import * as eventMessages from './event-messages.js';
import * as eventMonitor from './event-monitor.js';
import type { PgExecutionCache } from './execution-cache.js';
import * as executions from './executions.js';
import { HeldWrites } from './held-writes.js';
import * as idempotency from './idempotency.js';
import * as limits from './limits.js';
import * as logs from './logs.js';
import * as extras from './payloads-tags-messages.js';
import * as polls from './polls.js';
import * as queues from './queues.js';
import * as security from './security.js';
import { PgReader } from './reader.js';
import * as schedules from './schedules.js';
import type { PgSearch } from './search/index.js';
import * as taskClaims from './task-claims.js';
import * as timers from './timers.js';
import type { TxConnection } from './tx-connection.js';

const lockKeyStatement = statement('lock_key', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))');

export class PgTx extends PgReader implements StoreTx {
  private revoked = false;
  /** Executions this transaction locked (or created), with all their tasks, frozen. */
  private readonly locked = new Map<string, Workflow>();
  /** The version of each execution in `locked`: as read, or this transaction's once it wrote it. */
  private readonly versions = new Map<string, string>();
  /** Executions written without being in `locked`: what they hold now is not known here. */
  private readonly writtenUnseen = new Set<string>();
  /** The version this transaction gives the executions it writes, made at its first write. */
  private ownVersion: string | undefined;
  /** taskId -> workflowId for the tasks of `locked`. */
  private readonly taskOwners = new Map<string, string>();
  /** Snapshot hashes this transaction inserted: known stored once it commits. */
  readonly insertedSnapshots = new Set<string>();
  readonly signals: StoreSignal[] = [];
  /** Queue and timer writes, and the execution write they ride on (see held-writes.ts). */
  private readonly held: HeldWrites;

  constructor(
    private readonly connection: TxConnection,
    private readonly snapshots: PgSnapshots,
    search: PgSearch,
    private readonly cache: PgExecutionCache,
  ) {
    super(connection, snapshots, false, search);
    this.held = new HeldWrites(connection);
    connection.hold(this.held);
  }

  revoke(): void {
    this.revoked = true;
  }

  protected ensureUsable(): void {
    if (this.revoked)
      throw new Error('this transaction has ended: a tx must not be used after its function settled');
  }

  /** Runs a write that needs no answer: a failure surfaces at the next call or at commit. */
  private write(work: () => void): Promise<void> {
    return this.use(() => {
      work();
      return Promise.resolve();
    });
  }

  override getWorkflow(workflowId: string, includeTasks: boolean): Promise<Workflow | undefined> {
    return this.use(async () => {
      const workflow = this.locked.get(workflowId) ?? (await this.lockExecution(workflowId, includeTasks));
      return !workflow || includeTasks || workflow.tasks.length === 0 ? workflow : { ...workflow, tasks: [] };
    });
  }

  override getTask(taskId: string): Promise<Task | undefined> {
    return this.use(async () => {
      const owner = this.taskOwners.get(taskId) ?? this.cache.ownerOf(taskId);
      if (owner !== undefined) {
        const workflow = this.locked.get(owner) ?? (await this.lockExecution(owner, true));
        const task = workflow?.tasks.find((t) => t.taskId === taskId);
        if (task) return task;
      }
      const locked = await executions.lockTaskWorkflow(this.executions, taskId);
      if (!locked?.workflow) return undefined;
      this.remember(locked.workflow, locked.version);
      return locked.workflow.tasks.find((t) => t.taskId === taskId);
    });
  }

  /**
   * Locks the execution and reads it, or only its version when the cache has it at that version. Kept (with its
   * tasks) for the rest of the transaction; without tasks when they were not asked for and nothing was cached.
   */
  private async lockExecution(workflowId: string, includeTasks: boolean): Promise<Workflow | undefined> {
    const cached = this.cache.get(workflowId);
    if (cached && this.cache.speculating) {
      // Goes on at once with the execution as kept; the lock's answer (or its write's) confirms it before anything
      // commits.
      const { version } = cached;
      const current = (): void => this.cache.checked(workflowId, false);
      this.held.lock({
        workflowId,
        version,
        current,
        send: () => executions.lockAtVersion(this.connection, workflowId, version, current),
      });
      this.remember(cached.workflow, cached.version);
      return cached.workflow;
    }
    const withTasks = includeTasks || cached !== undefined;
    const locked = await executions.lockWorkflow(
      this.executions,
      workflowId,
      withTasks,
      cached?.version ?? null,
    );
    if (cached) this.cache.checked(workflowId, locked?.version !== cached.version);
    if (!locked) return undefined;
    const workflow = locked.workflow ?? cached?.workflow;
    if (workflow && withTasks) this.remember(workflow, locked.version);
    return workflow;
  }

  /** What this transaction knows of the executions it touched, for the store's cache once it committed. */
  settle(): void {
    for (const workflowId of this.writtenUnseen) {
      if (!this.locked.has(workflowId)) this.cache.forget(workflowId);
    }
    for (const [workflowId, workflow] of this.locked)
      this.cache.put(this.versions.get(workflowId)!, workflow);
  }

  private writeVersion(): string {
    return (this.ownVersion ??= this.cache.newVersion());
  }

  lockKey(key: string): Promise<void> {
    // Statements queue behind the lock on the connection: nothing later in this transaction runs before it is held.
    return this.write(() => this.connection.send(lockKeyStatement, [key]));
  }

  notify(signals: readonly StoreSignal[]): Promise<void> {
    return this.write(() => this.signals.push(...signals));
  }

  putWorkflowDef(def: WorkflowDef): Promise<void> {
    return this.write(() => definitions.putWorkflowDef(this.connection, def));
  }

  deleteWorkflowDef(name: string, version: number): Promise<boolean> {
    return this.use(() => definitions.deleteWorkflowDef(this.connection, name, version));
  }

  putTaskDef(def: TaskDef): Promise<void> {
    return this.write(() => definitions.putTaskDef(this.connection, def));
  }

  deleteTaskDef(name: string): Promise<boolean> {
    return this.use(() => definitions.deleteTaskDef(this.connection, name));
  }

  createWorkflow(workflow: Workflow): Promise<void> {
    return this.write(() => {
      const version = this.writeVersion();
      const { write, inserted } = executions.createWorkflow(this.snapshots, workflow, version);
      this.held.execute(write);
      this.inserted(inserted);
      this.remember({ ...workflow, tasks: sortedBySeq([...workflow.tasks]) }, version);
    });
  }

  updateWorkflow(
    workflow: Workflow,
    changedTasks: readonly Task[],
    removedTaskIds: readonly string[] = [],
  ): Promise<void> {
    return this.write(() => {
      const version = this.writeVersion();
      const { write, inserted } = executions.updateWorkflow(
        this.snapshots,
        workflow,
        changedTasks,
        removedTaskIds,
        version,
      );
      this.held.execute(write);
      this.inserted(inserted);
      const before = this.locked.get(workflow.workflowId);
      if (before)
        this.remember(
          { ...workflow, tasks: mergeTasks(before.tasks, changedTasks, removedTaskIds) },
          version,
        );
      else this.forgetWritten(workflow.workflowId);
    });
  }

  updateTasks(workflowId: string, tasks: readonly Task[]): Promise<void> {
    return this.write(() => {
      if (tasks.length === 0) return;
      const version = this.writeVersion();
      this.held.execute(executions.updateTasks(workflowId, tasks, version));
      const before = this.locked.get(workflowId);
      if (before) this.remember({ ...before, tasks: mergeTasks(before.tasks, tasks, []) }, version);
      else this.forgetWritten(workflowId);
    });
  }

  removeWorkflow(workflowId: string): Promise<boolean> {
    return this.use(() => {
      this.forgetWritten(workflowId);
      extras.removeWorkflowMessages(this.connection, workflowId);
      return executions.removeWorkflow(this.connection, workflowId);
    });
  }

  followWorkflow(workflowId: string, follower: WorkflowFollower): Promise<void> {
    return this.write(() => idempotency.follow(this.connection, workflowId, follower));
  }

  queuePush(queueName: string, taskId: string, priority: number, visibleAt: number): Promise<void> {
    return this.write(() => this.held.pushMessage(queueName, taskId, priority, visibleAt));
  }

  queuePop(queueName: string, count: number, now: number, visibilityMs: number): Promise<string[]> {
    return this.claimTasks(queueName, count, now, now + visibilityMs);
  }

  queueTake(queueName: string, count: number, now: number): Promise<string[]> {
    return this.claimTasks(queueName, count, now, null);
  }

  queueRemove(queueName: string, taskId: string): Promise<void> {
    return this.write(() => this.held.removeMessage(queueName, taskId));
  }

  queueAck(queueName: string, taskId: string): Promise<boolean> {
    return this.use(() => queues.ack(this.connection, queueName, taskId));
  }

  setTimer(workflowId: string, dueAt: number | null): Promise<void> {
    return this.write(() => this.held.setTimer(workflowId, dueAt));
  }

  setTimerIfEarlier(workflowId: string, dueAt: number): Promise<void> {
    return this.write(() => this.held.lowerTimer(workflowId, dueAt));
  }

  claimDueTimers(now: number, limit: number, rearmMs: number): Promise<string[]> {
    return this.use(() => timers.claimDueTimers(this.connection, now, limit, rearmMs));
  }

  addTaskLogs(entries: readonly TaskExecLog[]): Promise<void> {
    return this.write(() => logs.add(this.connection, entries));
  }

  recordPoll(data: PollData): Promise<void> {
    return this.write(() => polls.record(this.connection, data));
  }

  countInProgress(taskDefName: string): Promise<number> {
    return this.use(() => limits.countInProgress(this.connection, taskDefName));
  }

  recentHandouts(taskDefName: string, since: number): Promise<number[]> {
    return this.use(() => limits.recentHandouts(this.connection, taskDefName, since));
  }

  recordHandout(taskDefName: string, at: number): Promise<void> {
    return this.write(() => limits.recordHandout(this.connection, taskDefName, at));
  }

  putEventHandler(handler: EventHandler): Promise<void> {
    return this.write(() => eventHandlers.put(this.connection, handler));
  }

  deleteEventHandler(name: string): Promise<boolean> {
    return this.use(() => eventHandlers.remove(this.connection, name));
  }

  publishEventMessage(queueName: string, messageId: string, payload: unknown, now: number): Promise<boolean> {
    return this.use(() => eventMessages.publish(this.connection, queueName, messageId, payload, now));
  }

  claimEventMessages(now: number, limit: number, leaseMs: number): Promise<EventMessage[]> {
    return this.use(() => eventMessages.claim(this.connection, now, limit, leaseMs));
  }

  ackEventMessage(seq: number): Promise<boolean> {
    return this.use(() => eventMessages.ack(this.connection, seq));
  }

  /** Claims messages and keeps the executions of their tasks, locked: the hand-out reads them next. */
  private claimTasks(
    queueName: string,
    count: number,
    now: number,
    hideUntil: number | null,
  ): Promise<string[]> {
    return this.use(async () => {
      const mine = this.cache.versionPrefix;
      const claimed = await taskClaims.claim(this.executions, queueName, count, now, hideUntil, mine);
      for (const [workflowId, { version, workflow }] of claimed.executions) {
        const cached = this.cache.get(workflowId);
        const known = workflow ?? (cached?.version === version ? cached.workflow : undefined);
        if (known) {
          this.remember(known, version);
          continue;
        }
        // Ours but no longer kept (rare): read it; the claim holds its lock already.
        const read = await executions.lockWorkflow(this.executions, workflowId, true, null);
        if (read?.workflow) this.remember(read.workflow, read.version);
      }
      return claimed.taskIds;
    });
  }

  putSchedule(schedule: WorkflowSchedule): Promise<void> {
    return this.write(() => schedules.put(this.connection, schedule));
  }

  deleteSchedule(name: string): Promise<boolean> {
    return this.use(() => schedules.remove(this.connection, name));
  }

  claimSchedule(name: string, now: number): Promise<WorkflowSchedule | undefined> {
    return this.use(() => schedules.claim(this.connection, name, now));
  }

  recordScheduleRun(
    execution: WorkflowScheduleExecutionModel,
    nextRunTime: number | undefined,
  ): Promise<boolean> {
    return this.use(() => schedules.recordRun(this.connection, execution, nextRunTime));
  }

  putExternalPayload(path: string, data: Uint8Array, now: number): Promise<void> {
    return this.write(() => extras.putPayload(this.connection, path, data, now));
  }

  /** Stores a pending payload (Store.storeExternalPayload runs this in a transaction of its own). */
  putPendingPayload(path: string, data: Uint8Array, now: number): Promise<void> {
    return this.write(() => extras.putPayload(this.connection, path, data, now, true));
  }

  settleExternalPayload(path: string): Promise<boolean> {
    return this.use(() => extras.settlePayload(this.connection, path));
  }

  addTags(entityType: string, entityId: string, tags: readonly Tag[]): Promise<void> {
    return this.write(() => extras.addTags(this.connection, entityType, entityId, tags));
  }

  deleteTags(entityType: string, entityId: string, tags?: readonly Tag[]): Promise<void> {
    return this.write(() => extras.deleteTags(this.connection, entityType, entityId, tags));
  }

  pushWorkflowMessage(message: WorkflowMessage): Promise<void> {
    return this.write(() => extras.pushMessage(this.connection, message));
  }

  takeWorkflowMessages(workflowId: string, max: number): Promise<WorkflowMessage[]> {
    return this.use(() => extras.takeWorkflowMessages(this.connection, workflowId, max));
  }

  private inserted(hash: string | undefined): void {
    if (hash !== undefined) this.insertedSnapshots.add(hash);
  }

  /** Keeps the execution as this transaction now has it, at `version`; frozen, since callers may get it again. */
  private remember(workflow: Workflow, version: string): void {
    this.forget(workflow.workflowId);
    for (const task of freezeExecution(workflow).tasks) this.taskOwners.set(task.taskId, workflow.workflowId);
    this.locked.set(workflow.workflowId, workflow);
    this.versions.set(workflow.workflowId, version);
  }

  private forget(workflowId: string): void {
    const known = this.locked.get(workflowId);
    if (!known) return;
    for (const task of known.tasks) this.taskOwners.delete(task.taskId);
    this.locked.delete(workflowId);
    this.versions.delete(workflowId);
  }

  /** Written, but what it now holds is not known here. */
  private forgetWritten(workflowId: string): void {
    this.forget(workflowId);
    this.writtenUnseen.add(workflowId);
  }

  putApplication(application: Application): Promise<void> {
    return this.write(() => security.putApplication(this.connection, application));
  }

  deleteApplication(id: string): Promise<boolean> {
    return this.use(() => security.deleteApplication(this.connection, id));
  }

  putAccessKey(key: AccessKeyRecord): Promise<void> {
    return this.write(() => security.putAccessKey(this.connection, key));
  }

  deleteAccessKey(id: string): Promise<boolean> {
    return this.use(() => security.deleteAccessKey(this.connection, id));
  }

  putSecret(name: string, sealed: string): Promise<void> {
    return this.write(() => security.putSecret(this.connection, name, sealed));
  }

  deleteSecret(name: string): Promise<boolean> {
    return this.use(() => security.deleteSecret(this.connection, name));
  }

  ensureServerKey(name: string, candidate: string): Promise<string> {
    return this.use(() => security.ensureServerKey(this.connection, name, candidate));
  }

  // ---- event monitor ----
  recordEventMessage(
    message: ReceivedEventMessage,
    executions: readonly EventExecutionRecord[],
  ): Promise<void> {
    return this.use(() => eventMonitor.record(this.connection, message, executions));
  }
}
