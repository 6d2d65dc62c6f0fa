/**
 * Polls one worker's task type and runs its tasks, at most `concurrency` at a time.
 *
 * States (changed only by start() and stop()):
 *   idle ──start()──▶ running ──stop()──▶ draining ──(nothing in flight)──▶ stopped
 * running:  one loop asks for as many tasks as there are free slots (a batch long-poll), starts each in a slot,
 *           and sleeps when every slot is busy until one frees. A slot whose task finished works the next task
 *           update-v2 hands back, without a poll. Poll failures back off exponentially (capped at 10 s).
 * draining: no new polls (a long poll already in flight completes and its tasks are worked); results go through
 *           POST /api/tasks so no new task is taken; stop() resolves once every in-flight task is reported.
 */
import type { BatchPollOptions, TaskClient } from '../clients/task-client.js';
import { backoffDelay } from '../http/retry-policy.js';
import type { Task, TaskResult } from '../model/execution.js';
import { executeTask } from './execute-task.js';
import type { Logger } from './logger.js';
import type { TaskRunnerEvents } from './task-runner-events.js';
import type { TaskUpdater } from './task-updater.js';
import type { AnyWorker } from './worker.js';

export type PollerState = 'idle' | 'running' | 'draining' | 'stopped';

const MAX_POLL_BACKOFF_MS = 10_000;

export class Poller {
  private state: PollerState = 'idle';
  private active = 0;
  private pollErrors = 0;
  private loop: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  /** Ends the loop's current wait (a slot freed, stop() was called). */
  private wake: (() => void) | undefined;
  /** Resolves stop() once the last in-flight task is reported. */
  private drained: (() => void) | undefined;
  private readonly pollOptions: BatchPollOptions;

  constructor(
    readonly worker: AnyWorker,
    private readonly taskClient: TaskClient,
    private readonly updater: TaskUpdater,
    private readonly events: TaskRunnerEvents,
    private readonly logger: Logger,
  ) {
    this.pollOptions = { workerId: worker.workerId, count: 1, timeoutMs: worker.pollTimeoutMs };
    if (worker.domain !== undefined) this.pollOptions.domain = worker.domain;
  }

  get status(): PollerState {
    return this.state;
  }

  /** Tasks being worked on or reported right now. */
  get inFlight(): number {
    return this.active;
  }

  start(): void {
    if (this.state !== 'idle') throw new Error(`Poller for ${this.worker.taskDefName} is ${this.state}`);
    this.state = 'running';
    this.loop = this.pollLoop();
  }

  /** Stops polling and resolves when every task already taken has been worked and reported. */
  stop(): Promise<void> {
    return (this.stopping ??= this.drain());
  }

  private async drain(): Promise<void> {
    if (this.state === 'running') this.state = 'draining';
    this.wake?.();
    await this.loop;
    if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.state = 'stopped';
  }

  private async pollLoop(): Promise<void> {
    const { taskDefName, concurrency, pollIntervalMs, workerId } = this.worker;
    const taskType = taskDefName;
    while (this.state === 'running') {
      const free = concurrency - this.active;
      if (free <= 0) {
        await this.pause();
        continue;
      }
      this.pollOptions.count = free;
      this.events.emit('pollStarted', { taskType, workerId, pollCount: free, timestamp: new Date() });
      const started = performance.now();
      let tasks: Task[];
      try {
        tasks = await this.taskClient.batchPollTasks(taskDefName, this.pollOptions);
      } catch (error) {
        const durationMs = performance.now() - started;
        this.events.emit('pollFailure', { taskType, durationMs, cause: error, timestamp: new Date() });
        if (this.pollErrors === 0) this.logger.warn(`Polling ${taskDefName} failed: ${String(error)}`);
        await this.pause(backoffDelay(this.pollErrors++, Math.max(pollIntervalMs, 100), MAX_POLL_BACKOFF_MS));
        continue;
      }
      if (this.pollErrors > 0) {
        this.logger.info(`Polling ${taskDefName} works again after ${this.pollErrors} failures`);
        this.pollErrors = 0;
      }
      const elapsed = performance.now() - started;
      this.events.emit('pollCompleted', {
        taskType,
        durationMs: elapsed,
        tasksReceived: tasks.length,
        timestamp: new Date(),
      });
      // Tasks taken are ours to work even if stop() came meanwhile.
      for (const task of tasks) this.run(task);
      // A server that answered at once (no long poll) is not asked again before the poll interval.
      if (tasks.length === 0 && elapsed < pollIntervalMs) await this.pause(pollIntervalMs - elapsed);
    }
  }

  /** Waits until woken (slot freed, stop) or, with `ms`, until that much time passed. */
  private pause(ms?: number): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private run(task: Task): void {
    this.active++;
    void this.work(task);
  }

  /** Works a task, reports it, and keeps going with the task update-v2 may hand back. */
  private async work(first: Task): Promise<void> {
    let task: Task | undefined = first;
    try {
      while (task !== undefined) {
        const result = await this.execute(task);
        task = await this.updater.report(
          result,
          this.worker.taskDefName,
          this.state === 'running',
          this.events,
        );
      }
    } catch (error) {
      this.logger.error(`Worker loop of ${this.worker.taskDefName} failed`, error);
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
      this.wake?.();
    }
  }

  private async execute(task: Task): Promise<TaskResult> {
    const lease = this.worker.leaseExtendEnabled ? this.extendLeaseWhileRunning(task) : undefined;
    const { workerId } = this.worker;
    const about = {
      taskType: this.worker.taskDefName,
      taskId: task.taskId,
      workerId,
      workflowInstanceId: task.workflowInstanceId,
    };
    this.events.emit('taskExecutionStarted', { ...about, timestamp: new Date() });
    const started = performance.now();
    let thrown: { cause: unknown } | undefined;
    const result = await executeTask(this.worker, task, (cause) => (thrown = { cause }));
    if (lease !== undefined) clearInterval(lease);
    const durationMs = performance.now() - started;
    const status = result.status ?? 'COMPLETED';
    if (thrown !== undefined)
      this.events.emit('taskExecutionFailure', {
        ...about,
        durationMs,
        cause: thrown.cause,
        status,
        timestamp: new Date(),
      });
    else
      this.events.emit('taskExecutionCompleted', {
        ...about,
        durationMs,
        outputSizeBytes: Buffer.byteLength(JSON.stringify(result.outputData ?? {})),
        status,
        timestamp: new Date(),
      });
    return result;
  }

  private extendLeaseWhileRunning(task: Task): NodeJS.Timeout {
    const period =
      this.worker.leaseExtendIntervalMs ?? Math.max(1000, (task.responseTimeoutSeconds ?? 3600) * 1000 * 0.8);
    return setInterval(() => void this.updater.extendLease(task, this.worker.workerId, this.events), period);
  }
}
