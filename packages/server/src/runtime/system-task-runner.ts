/**
 * Runs the server's own executors (HTTP, INLINE, JSON_JQ_TRANSFORM, EVENT): one long-poll loop per task
 * type, at most the executor's `concurrency.limit` executions of a type at a time (and of one lane, its
 * `lanes.limit`: lane-limits.ts), each outcome reported as a task result.
 *
 * States: idle -> running (loops polling) -> stopping (loops end; executions in flight are aborted and
 * report nothing: their queue message is still leased, so after a restart they run again) -> idle.
 */
import type { Task, TaskResult } from '@baton/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { executeTask, type SystemTaskExecutor } from '../executors/executor.js';
import { maskRevealed, type RevealedTask } from '../secrets/task-inputs.js';
import { LaneLimits, type LaneAdmission } from './lane-limits.js';

export interface SystemPollOptions {
  /** How long a taken task's message stays hidden: a crash runs the task again after this long. */
  leaseMs: number;
  /** A lane admission for each hand-out transaction. */
  admission?: () => LaneAdmission;
}

/** What the runner needs from the runtime. */
export interface SystemTaskSource {
  pollSystemTasks(
    taskType: string,
    count: number,
    timeoutMs: number,
    options: SystemPollOptions,
  ): Promise<Task[]>;
  updateTask(result: TaskResult): Promise<unknown>;
  /** The copy to execute, with secret references filled in, and the values to mask in its outcome. */
  revealTask(task: Task): Promise<RevealedTask>;
}

const POLL_TIMEOUT_MS = 1000;
const ERROR_BACKOFF_MS = 1000;
const DEFAULT_CONCURRENCY = 8;
/** A system task is executed again after this long if no result arrived (a crash)... */
const DEFAULT_LEASE_MS = 60_000;
/** ...or, when its executor bounds its executions, this long after the longest one could end. */
const LEASE_MARGIN_MS = 15_000;

export class SystemTaskRunner {
  private running = false;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly source: SystemTaskSource,
    private readonly executors: readonly SystemTaskExecutor[],
    private readonly logger: FastifyBaseLogger,
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
    const limit = executor.concurrency?.limit ?? DEFAULT_CONCURRENCY;
    const laneSpec = executor.concurrency?.lanes;
    const lanes = laneSpec && new LaneLimits(laneSpec);
    const options: SystemPollOptions = {
      leaseMs: Math.max(DEFAULT_LEASE_MS, (executor.maxExecutionMs ?? 0) + LEASE_MARGIN_MS),
      admission: lanes && (() => lanes.admission()),
    };
    while (this.running) {
      const free = limit - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let tasks: Task[];
      try {
        tasks = await this.source.pollSystemTasks(executor.type, free, POLL_TIMEOUT_MS, options);
      } catch (err) {
        this.logger.error({ err, taskType: executor.type }, 'system task poll failed');
        await new Promise((r) => setTimeout(r, ERROR_BACKOFF_MS));
        continue;
      }
      for (const task of tasks) {
        const slot = lanes?.start(task);
        const run = this.run(executor, task).finally(() => {
          inFlight.delete(run);
          if (slot) lanes?.end(slot);
        });
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
