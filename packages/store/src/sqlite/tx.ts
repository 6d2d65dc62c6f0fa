/** The `tx` handed to one transaction function; revoked once that function settled. */
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
import type { Queries } from './queries.js';
import { SqliteReader } from './reader.js';

export class SqliteTx extends SqliteReader implements StoreTx {
  private revoked = false;
  /** Whether this function wrote anything: a failure after a write undoes its whole batch (group-commit.ts). */
  wrote = false;

  revoke(): void {
    this.revoked = true;
  }

  /** For the methods that write (not the two limit counts, nor lockKey and notify, which do nothing here). */
  private write<T>(work: (q: Queries) => T): Promise<T> {
    this.wrote = true;
    return this.use(work);
  }

  protected ensureUsable(): void {
    if (this.revoked)
      throw new Error('this transaction has ended: a tx must not be used after its function settled');
  }

  /** One process owns the file and group commit runs every call one after another: nothing to lock. */
  lockKey(_key: string): Promise<void> {
    return this.use(() => undefined);
  }

  /** No other process shares the file. */
  notify(_signals: readonly StoreSignal[]): Promise<void> {
    return this.use(() => undefined);
  }

  putWorkflowDef(def: WorkflowDef): Promise<void> {
    return this.write((q) => q.definitions.putWorkflowDef(def));
  }

  deleteWorkflowDef(name: string, version: number): Promise<boolean> {
    return this.write((q) => q.definitions.deleteWorkflowDef(name, version));
  }

  putTaskDef(def: TaskDef): Promise<void> {
    return this.write((q) => q.definitions.putTaskDef(def));
  }

  deleteTaskDef(name: string): Promise<boolean> {
    return this.write((q) => q.definitions.deleteTaskDef(name));
  }

  createWorkflow(workflow: Workflow): Promise<void> {
    return this.write((q) => {
      q.executions.createWorkflow(workflow);
      q.timers.created(workflow.workflowId);
    });
  }

  updateWorkflow(
    workflow: Workflow,
    changedTasks: readonly Task[],
    removedTaskIds: readonly string[] = [],
  ): Promise<void> {
    return this.write((q) => {
      q.executions.updateWorkflow(workflow, changedTasks, removedTaskIds);
      for (const taskId of removedTaskIds) {
        q.queues.removeTask(taskId);
        q.logs.removeTask(taskId);
      }
    });
  }

  updateTasks(workflowId: string, tasks: readonly Task[]): Promise<void> {
    return this.write((q) => q.executions.updateTasks(workflowId, tasks));
  }

  removeWorkflow(workflowId: string): Promise<boolean> {
    return this.write((q) => removeWorkflow(q, workflowId));
  }

  followWorkflow(workflowId: string, follower: WorkflowFollower): Promise<void> {
    return this.write((q) => q.idempotency.follow(workflowId, follower));
  }

  queuePush(queueName: string, taskId: string, priority: number, visibleAt: number): Promise<void> {
    return this.write((q) => q.queues.push(queueName, taskId, priority, visibleAt));
  }

  queuePop(queueName: string, count: number, now: number, visibilityMs: number): Promise<string[]> {
    return this.write((q) => q.queues.pop(queueName, count, now, visibilityMs));
  }

  queueTake(queueName: string, count: number, now: number): Promise<string[]> {
    return this.write((q) => q.queues.take(queueName, count, now));
  }

  queueRemove(queueName: string, taskId: string): Promise<void> {
    return this.write((q) => void q.queues.ack(queueName, taskId));
  }

  queueAck(queueName: string, taskId: string): Promise<boolean> {
    return this.write((q) => q.queues.ack(queueName, taskId));
  }

  setTimer(workflowId: string, dueAt: number | null): Promise<void> {
    return this.write((q) => q.timers.set(workflowId, dueAt));
  }

  setTimerIfEarlier(workflowId: string, dueAt: number): Promise<void> {
    return this.write((q) => q.timers.setIfEarlier(workflowId, dueAt));
  }

  claimDueTimers(now: number, limit: number, rearmMs: number): Promise<string[]> {
    return this.write((q) => q.timers.claimDue(now, limit, rearmMs));
  }

  addTaskLogs(logs: readonly TaskExecLog[]): Promise<void> {
    return this.write((q) => q.logs.add(logs));
  }

  recordPoll(data: PollData): Promise<void> {
    return this.write((q) => q.polls.record(data));
  }

  countInProgress(taskDefName: string): Promise<number> {
    return this.use((q) => q.limits.countInProgress(taskDefName));
  }

  recentHandouts(taskDefName: string, since: number): Promise<number[]> {
    return this.use((q) => q.limits.recentHandouts(taskDefName, since));
  }

  recordHandout(taskDefName: string, at: number): Promise<void> {
    return this.write((q) => q.limits.recordHandout(taskDefName, at));
  }

  putEventHandler(handler: EventHandler): Promise<void> {
    return this.write((q) => q.eventHandlers.put(handler));
  }

  deleteEventHandler(name: string): Promise<boolean> {
    return this.write((q) => q.eventHandlers.delete(name));
  }

  publishEventMessage(queueName: string, messageId: string, payload: unknown, now: number): Promise<boolean> {
    return this.write((q) => q.eventMessages.publish(queueName, messageId, payload, now));
  }

  claimEventMessages(now: number, limit: number, leaseMs: number): Promise<EventMessage[]> {
    return this.write((q) => q.eventMessages.claim(now, limit, leaseMs));
  }

  ackEventMessage(seq: number): Promise<boolean> {
    return this.write((q) => q.eventMessages.ack(seq));
  }

  putSchedule(schedule: WorkflowSchedule): Promise<void> {
    return this.write((q) => q.schedules.put(schedule));
  }

  deleteSchedule(name: string): Promise<boolean> {
    return this.write((q) => q.schedules.delete(name));
  }

  claimSchedule(name: string, now: number): Promise<WorkflowSchedule | undefined> {
    return this.write((q) => q.schedules.claim(name, now));
  }

  recordScheduleRun(
    execution: WorkflowScheduleExecutionModel,
    nextRunTime: number | undefined,
  ): Promise<boolean> {
    return this.write((q) => q.schedules.recordRun(execution, nextRunTime));
  }

  putExternalPayload(path: string, data: Uint8Array, now: number): Promise<void> {
    return this.write((q) => q.externalPayloads.put(path, data, now));
  }

  settleExternalPayload(path: string): Promise<boolean> {
    return this.write((q) => q.externalPayloads.settle(path));
  }

  addTags(entityType: string, entityId: string, tags: readonly Tag[]): Promise<void> {
    return this.write((q) => q.tags.add(entityType, entityId, tags));
  }

  deleteTags(entityType: string, entityId: string, tags?: readonly Tag[]): Promise<void> {
    return this.write((q) => q.tags.delete(entityType, entityId, tags));
  }

  pushWorkflowMessage(message: WorkflowMessage): Promise<void> {
    return this.write((q) => q.workflowMessages.push(message));
  }

  takeWorkflowMessages(workflowId: string, max: number): Promise<WorkflowMessage[]> {
    return this.write((q) => q.workflowMessages.take(workflowId, max));
  }

  putApplication(application: Application): Promise<void> {
    return this.write((q) => q.security.putApplication(application));
  }

  deleteApplication(id: string): Promise<boolean> {
    return this.write((q) => q.security.deleteApplication(id));
  }

  putAccessKey(key: AccessKeyRecord): Promise<void> {
    return this.write((q) => q.security.putAccessKey(key));
  }

  deleteAccessKey(id: string): Promise<boolean> {
    return this.write((q) => q.security.deleteAccessKey(id));
  }

  putSecret(name: string, sealed: string): Promise<void> {
    return this.write((q) => q.security.putSecret(name, sealed));
  }

  deleteSecret(name: string): Promise<boolean> {
    return this.write((q) => q.security.deleteSecret(name));
  }

  ensureServerKey(name: string, candidate: string): Promise<string> {
    return this.write((q) => q.security.ensureServerKey(name, candidate));
  }

  // ---- event monitor ----
  recordEventMessage(
    message: ReceivedEventMessage,
    executions: readonly EventExecutionRecord[],
  ): Promise<void> {
    return this.write((q) => q.eventMonitor.record(message, executions));
  }
}

/** The execution and everything hanging off it: tasks, their queue messages and logs, its timer, followers. */
function removeWorkflow(q: Queries, workflowId: string): boolean {
  for (const taskId of q.executions.taskIds(workflowId)) {
    q.queues.removeTask(taskId);
    q.logs.removeTask(taskId);
  }
  q.timers.set(workflowId, null);
  q.idempotency.removeWorkflow(workflowId);
  q.workflowMessages.removeWorkflow(workflowId);
  return q.executions.deleteWorkflow(workflowId);
}
