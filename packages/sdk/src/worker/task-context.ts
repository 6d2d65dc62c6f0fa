/**
 * What a running worker knows about its task (ids, retry and poll counts) and can do besides returning a value:
 * add log lines and ask to be called back later.
 */
import type { JsonObject } from '../model/definitions.js';
import type { Task, TaskExecLog } from '../model/execution.js';

/**
 * Returned by a worker to keep the task IN_PROGRESS: the server hands it out again after
 * `callbackAfterSeconds`, with `output` recorded meanwhile.
 *
 * @example
 * return new TaskInProgress(30, { percent: 40 });
 */
export class TaskInProgress<O extends object = JsonObject> {
  constructor(
    readonly callbackAfterSeconds: number,
    readonly output?: O,
  ) {}
}

/**
 * The second argument of every worker function.
 *
 * @example
 * const charge = worker({ taskDefName: 'charge_payment' }, ({ amount }: { amount: number }, ctx) => {
 *   ctx.addLog(`Charge attempt ${ctx.retryCount} for ${amount}`);
 *   return { charged: amount };
 * });
 */
export class TaskContext<I = JsonObject> {
  /** Log lines to send with the result (created on first use). */
  logs: TaskExecLog[] | undefined;
  /** Set by setCallbackAfter: the result goes back IN_PROGRESS. */
  callbackAfterSeconds: number | undefined;

  constructor(
    /** The task as polled: input, ids, counters, the workflow task definition. */
    readonly task: Task<I>,
    readonly workerId: string,
  ) {}

  get taskId(): string {
    return this.task.taskId;
  }

  get workflowInstanceId(): string {
    return this.task.workflowInstanceId;
  }

  /** 0 on the first attempt, 1 on the first retry, ... */
  get retryCount(): number {
    return this.task.retryCount;
  }

  /** How many times this attempt was handed out (grows with each IN_PROGRESS callback). */
  get pollCount(): number {
    return this.task.pollCount;
  }

  get taskDefName(): string {
    return this.task.taskDefName;
  }

  get referenceTaskName(): string {
    return this.task.referenceTaskName;
  }

  get correlationId(): string | undefined {
    return this.task.correlationId;
  }

  /** Adds a line to the task's execution log (shown in the UI). */
  addLog(message: string): void {
    (this.logs ??= []).push({ log: message, taskId: this.task.taskId, createdTime: Date.now() });
  }

  /**
   * Keeps the task IN_PROGRESS whatever the worker returns; the returned value is recorded as output and the
   * task comes back after `seconds`.
   */
  setCallbackAfter(seconds: number): void {
    this.callbackAfterSeconds = seconds;
  }

  /** Shorthand for `new TaskInProgress(callbackAfterSeconds, output)`. */
  inProgress<O extends object>(callbackAfterSeconds: number, output?: O): TaskInProgress<O> {
    return new TaskInProgress(callbackAfterSeconds, output);
  }
}
