/**
 * Runs the server's own executors (HTTP, INLINE, JSON_JQ_TRANSFORM, EVENT): one long-poll loop per task
 * type, at most `concurrency` executions of a type at a time, each outcome reported as a task result.
 *
 * States: idle -> running (loops polling) -> stopping (loops end; executions in flight are aborted and
 * report nothing: their queue message is still leased, so after a restart they run again) -> idle.
 */
import type { Task, TaskResult } from '@baton/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { executeTask, type SystemTaskExecutor } from '../executors/executor.js';
import { maskRevealed, type RevealedTask } from '../secrets/task-inputs.js';

/** What the runner needs from the runtime. */
export interface SystemTaskSource {
  pollSystemTasks(taskType: string, count: number, timeoutMs: number): Promise<Task[]>;
  updateTask(result: TaskResult): Promise<unknown>;
  /** The copy to execute, with secret references filled in, and the values to mask in its outcome. */
  revealTask(task: Task): Promise<RevealedTask>;
}

const POLL_TIMEOUT_MS = 1000;
const ERROR_BACKOFF_MS = 1000;

export class SystemTaskRunner {
  private running = false;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly source: SystemTaskSource,
    private readonly executors: readonly SystemTaskExecutor[],
    private readonly logger: FastifyBaseLogger,
    private readonly concurrency = 8,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loops = this.executors.map((executor) => this.loop(executor));
  }

  /** Call after long-polls have been released, or the loops wait out their current poll. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  private async loop(executor: SystemTaskExecutor): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      const free = this.concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let tasks: Task[];
      try {
        tasks = await this.source.pollSystemTasks(executor.type, free, POLL_TIMEOUT_MS);
      } catch (err) {
        this.logger.error({ err, taskType: executor.type }, 'system task poll failed');
        await new Promise((r) => setTimeout(r, ERROR_BACKOFF_MS));
        continue;
      }
      for (const task of tasks) {
        const run = this.run(executor, task).finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
    }
    await Promise.allSettled(inFlight);
  }

  private async run(executor: SystemTaskExecutor, task: Task): Promise<void> {
    const signal = this.abort.signal;
    const revealed = await this.source.revealTask(task);
    const outcome = maskRevealed(await executeTask(executor, revealed.task, signal), revealed.revealed);
    if (signal.aborted) return;
    try {
      await this.source.updateTask({
        workflowInstanceId: task.workflowInstanceId,
        taskId: task.taskId,
        status: outcome.status,
        outputData: outcome.outputData,
        reasonForIncompletion: outcome.reasonForIncompletion,
        callbackAfterSeconds: outcome.callbackAfterSeconds,
        workerId: task.workerId,
      });
    } catch (err) {
      this.logger.error({ err, taskId: task.taskId }, 'reporting a system task result failed');
    }
  }
}
