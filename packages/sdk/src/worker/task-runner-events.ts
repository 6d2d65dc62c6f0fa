/**
 * The task runner's lifecycle events, named and shaped as the Python SDK's task runner events (PollStarted,
 * PollCompleted, PollFailure, TaskExecutionStarted, TaskExecutionCompleted, TaskExecutionFailure,
 * TaskUpdateFailure), plus Baton's taskLeaseExtended. The worker metrics are one subscriber; users add their own
 * with `TaskHandler.on(event, listener)` or the `eventListeners` option.
 */
import type { TaskResult } from '../model/execution.js';
import type { Logger } from './logger.js';

interface RunnerEvent {
  taskType: string;
  timestamp: Date;
}

interface TaskEvent extends RunnerEvent {
  taskId: string;
  workerId: string;
  workflowInstanceId: string;
}

export interface PollStarted extends RunnerEvent {
  workerId: string;
  /** How many tasks the poll asks for (the free slots). */
  pollCount: number;
}

export interface PollCompleted extends RunnerEvent {
  /** The poll request's time, long-poll wait included. */
  durationMs: number;
  tasksReceived: number;
}

export interface PollFailure extends RunnerEvent {
  durationMs: number;
  cause: unknown;
}

export type TaskExecutionStarted = TaskEvent;

export interface TaskExecutionCompleted extends TaskEvent {
  durationMs: number;
  /** The size of the output as JSON, in bytes. */
  outputSizeBytes: number;
  /** The result's status (a worker may return FAILED or IN_PROGRESS without throwing). */
  status: string;
}

export interface TaskExecutionFailure extends TaskEvent {
  durationMs: number;
  /** What the worker function threw. */
  cause: unknown;
  /** FAILED, or FAILED_WITH_TERMINAL_ERROR for a NonRetryableError. */
  status: string;
}

export interface TaskUpdateFailure extends TaskEvent {
  cause: unknown;
  /** The result that could not be sent. */
  taskResult: TaskResult;
}

export type TaskLeaseExtended = TaskEvent;

export interface TaskRunnerEventMap {
  pollStarted: PollStarted;
  pollCompleted: PollCompleted;
  pollFailure: PollFailure;
  taskExecutionStarted: TaskExecutionStarted;
  taskExecutionCompleted: TaskExecutionCompleted;
  taskExecutionFailure: TaskExecutionFailure;
  taskUpdateFailure: TaskUpdateFailure;
  taskLeaseExtended: TaskLeaseExtended;
}

export type TaskRunnerEventName = keyof TaskRunnerEventMap;
export type TaskRunnerListener<K extends TaskRunnerEventName> = (event: TaskRunnerEventMap[K]) => void;
/** Listeners for any of the events, as the `eventListeners` option takes them. */
export type TaskRunnerListeners = { [K in TaskRunnerEventName]?: TaskRunnerListener<K> };

/**
 * A typed event bus. Listeners run synchronously in the runner's path, so they should be quick; one that throws
 * is logged and does not disturb polling or the other listeners (unlike node's EventEmitter).
 */
export class TaskRunnerEvents {
  private readonly listeners = new Map<TaskRunnerEventName, Set<(event: never) => void>>();

  constructor(private readonly logger: Logger) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends TaskRunnerEventName>(event: K, listener: TaskRunnerListener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends TaskRunnerEventName>(event: K, listener: TaskRunnerListener<K>): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Subscribes every listener of `listeners`. */
  onAll(listeners: TaskRunnerListeners): void {
    for (const event of Object.keys(listeners) as TaskRunnerEventName[]) {
      const listener = listeners[event];
      if (listener) this.on(event, listener as TaskRunnerListener<typeof event>);
    }
  }

  emit<K extends TaskRunnerEventName>(event: K, payload: TaskRunnerEventMap[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as TaskRunnerListener<K>)(payload);
      } catch (error) {
        this.logger.error(`A ${event} listener failed`, error);
      }
    }
  }
}
