/**
 * `POST /api/queue/update/...` (§1.4): completing or failing a waiting task by way of the internal queue, like
 * Conductor's DefaultEventQueueProcessor. One queue per status; a message names the workflow and the task
 * (by reference name or id) and carries the output, which is merged into the task's output.
 */
import type { JsonObject } from '@baton/protocol';
import type { Store } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';
import { runtimeOf, type EventRuntimeRef } from './event-runtime.js';
import { findTask } from './find-task.js';
import { isObject } from './payload-templates.js';

/** The statuses Conductor has queues for, and the (internal) queue names. */
export const StatusQueueName = {
  COMPLETED: 'conductor_COMPLETED',
  FAILED: 'conductor_FAILED',
} as const;
export type QueuedTaskStatus = keyof typeof StatusQueueName;

export function isQueuedTaskStatus(status: string): status is QueuedTaskStatus {
  return Object.hasOwn(StatusQueueName, status);
}

/** The status a status queue stands for, or undefined for any other queue. */
export function statusOfQueue(queueName: string): QueuedTaskStatus | undefined {
  return (Object.keys(StatusQueueName) as QueuedTaskStatus[]).find((s) => StatusQueueName[s] === queueName);
}

export interface StatusQueueDeps {
  store: Store;
  runtime: EventRuntimeRef;
  logger: FastifyBaseLogger;
  /** Called after a message was stored, so the processor picks it up at once. */
  published: () => void;
  newId: () => string;
  clock: () => number;
}

export class StatusQueues {
  constructor(private readonly deps: StatusQueueDeps) {}

  /** Queues the update; the task changes when the processor gets to it. */
  async publish(
    status: QueuedTaskStatus,
    target: { workflowId: string; taskRefName: string } | { workflowId: string; taskId: string },
    output: JsonObject,
  ): Promise<void> {
    // Conductor adds the addressing fields to the output map it sends; they end up in the task's output.
    const payload = { ...output, ...target };
    const { store, newId, clock } = this.deps;
    await store.transact((tx) => tx.publishEventMessage(StatusQueueName[status], newId(), payload, clock()));
    this.deps.published();
  }

  /** Queue name to pending messages, for every status queue. */
  async sizes(): Promise<Record<string, number>> {
    const sizes: Record<string, number> = {};
    for (const name of Object.values(StatusQueueName))
      sizes[name] = await this.deps.store.eventQueueSize(name);
    return sizes;
  }

  /** Status to queue name. */
  names(): Record<string, string> {
    return { ...StatusQueueName };
  }

  /** Applies one status-queue message; problems are logged (the message is done with either way). */
  async apply(status: QueuedTaskStatus, payload: unknown): Promise<void> {
    const message = isObject(payload) ? payload : {};
    const text = (key: string) => (typeof message[key] === 'string' ? message[key] : undefined);
    const lookup = await findTask(this.deps.store, {
      workflowId: text('workflowId'),
      taskId: text('taskId'),
      taskRefName: text('taskRefName'),
    });
    if (!lookup.ok) {
      this.deps.logger.warn({ status, error: lookup.error }, 'queue update matched no task');
      return;
    }
    const { task } = lookup;
    try {
      await runtimeOf(this.deps.runtime).updateTask({
        workflowInstanceId: task.workflowInstanceId,
        taskId: task.taskId,
        status,
        outputData: { ...task.outputData, ...message },
      });
    } catch (err) {
      this.deps.logger.warn({ status, taskId: task.taskId, err }, 'queue update failed');
    }
  }
}
