/**
 * A small pool of worker threads that run untrusted code for the sandboxes, so the main thread never does.
 *
 * Each worker handles one batch of jobs at a time; jobs wait on the main thread until a worker is idle, in one
 * queue per owner (a workflow) served round-robin, and one owner occupies at most its share of the workers
 * (fair-queue.ts). The waiting room is bounded: a job that does not fit is refused at once (SandboxBusy) and
 * nothing of it runs. Workers start lazily (up to `size`) and announce readiness before they get work, so the
 * answer timer never counts wasm compilation. A worker that does not answer in time is terminated and
 * replaced; a worker that crashes is replaced too. When a batch of several jobs fails that way, its jobs are
 * retried one by one, so only the culprit fails.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { FairQueue, SHARED_OWNER } from './fair-queue.js';
import { startWorker } from './start-worker.js';
import type { BatchMessage, WorkerMessage } from './worker-protocol.js';

export interface WorkerPoolOptions<P> {
  /** Worker entry file in this folder, without extension, e.g. `script-worker`. */
  entry: string;
  /** Used in error messages, e.g. `Script`. */
  label: string;
  size: number;
  workerData: unknown;
  resourceLimits: ResourceLimits;
  /** A worker that has not answered a batch of `batchSize` jobs within this many ms is terminated. */
  answerWithinMs: (batchSize: number) => number;
  /** The error of a job whose worker was terminated for not answering in time. */
  timeoutMessage: string;
  /** Queued jobs with the same key may go to a worker together, at most `maxBatch` of them. */
  batchKey?: (payload: P) => string;
  maxBatch?: number;
  /** Workers one owner may occupy at once [half the pool, at least 1]. */
  workersPerOwner?: number;
  /** Jobs that may wait for a worker [10,000], and of one owner [1,000]. */
  maxQueued?: number;
  maxQueuedPerOwner?: number;
}

/** Why a job got no answer from its worker. */
export class SandboxFailure extends Error {
  override name = 'SandboxFailure';
}

/** The job was refused because too many jobs wait already: it did not run and may be tried again later. */
export class SandboxBusy extends SandboxFailure {
  override name = 'SandboxBusy';
}

interface Job<P, R> {
  payload: P;
  owner: string;
  /** Set after a failed batch: this job now runs alone. */
  solo: boolean;
  resolve(reply: R): void;
  reject(error: SandboxFailure): void;
}

interface Batch<P, R> {
  id: number;
  owner: string;
  jobs: Job<P, R>[];
  timer: NodeJS.Timeout;
}

interface PoolWorker<P, R> {
  thread: Worker;
  ready: boolean;
  batch?: Batch<P, R>;
  /** Why we terminated it (time limit, retirement); absent for crashes. */
  stoppedBecause?: string;
  lastError?: Error & { code?: string };
}

export class WorkerPool<P, R> {
  private readonly queue: FairQueue<Job<P, R>>;

  /** Jobs waiting for a worker. */
  get queueLength(): number {
    return this.queue.length;
  }
  private readonly workers = new Set<PoolWorker<P, R>>();
  private nextBatchId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions<P>) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`${options.label} sandbox pool size must be a positive integer`);
    }
    const perOwner = options.workersPerOwner ?? Math.max(1, Math.floor(options.size / 2));
    if (!Number.isInteger(perOwner) || perOwner < 1) {
      throw new RangeError(`${options.label} sandbox workers per workflow must be a positive integer`);
    }
    this.queue = new FairQueue({
      perOwner,
      maxQueued: options.maxQueued ?? 10_000,
      maxQueuedPerOwner: options.maxQueuedPerOwner ?? 1_000,
    });
  }

  /**
   * Runs one job on some worker, in `owner`'s turn (no owner: a shared queue without a per-owner share).
   * Rejects with a SandboxFailure if the worker dies or overruns its time, a SandboxBusy if too many wait.
   */
  run(payload: P, owner?: string): Promise<R> {
    if (this.closed) return Promise.reject(new SandboxFailure(`${this.options.label} sandbox is closed`));
    const refusal = this.queue.refusal(owner);
    if (refusal !== undefined) {
      return Promise.reject(
        new SandboxBusy(`${this.options.label} sandbox is busy (${refusal}); try again later`),
      );
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push(owner, { payload, owner: owner ?? SHARED_OWNER, solo: false, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const failure = new SandboxFailure(`${this.options.label} sandbox is closed`);
    for (const job of this.queue.drain()) job.reject(failure);
    const stopping: Promise<number>[] = [];
    for (const worker of this.workers) {
      worker.stoppedBecause = failure.message;
      // Referenced, so the process waits for the exit that the returned promise stands for.
      worker.thread.ref();
      stopping.push(worker.thread.terminate());
    }
    await Promise.all(stopping);
  }

  private pump(): void {
    while (!this.closed) {
      const owner = this.queue.nextOwner();
      if (owner === undefined) break;
      const idle = [...this.workers].find((w) => w.ready && !w.batch && !w.stoppedBecause);
      if (!idle) {
        if (this.workers.size < this.options.size) this.spawn();
        break;
      }
      this.send(idle, owner, this.takeBatch(owner));
    }
    this.holdProcessWhileBusy();
  }

  /** Workers keep the process alive while there is work queued or running, and not when the pool is idle. */
  private holdProcessWhileBusy(): void {
    // Once closing, every worker stays referenced until it has exited: close() promises that exit.
    if (this.closed) return;
    const busy = this.queue.length > 0 || [...this.workers].some((w) => w.batch);
    for (const worker of this.workers) {
      if (busy) worker.thread.ref();
      else worker.thread.unref();
    }
  }

  /** Some of `owner`'s waiting jobs for one worker, oldest first. */
  private takeBatch(owner: string): Job<P, R>[] {
    return this.queue.take(owner, (waiting) => {
      // A fair share of the owner's queue at most: a job must not wait behind others while another worker
      // the owner may use could take it.
      const workers = Math.min(this.options.size, this.queue.workersFor(owner));
      const limit = Math.min(this.options.maxBatch ?? 1, Math.ceil(waiting.length / workers));
      const head = waiting[0]!;
      const { batchKey } = this.options;
      if (!batchKey || head.solo || limit <= 1) return [head];
      const key = batchKey(head.payload);
      const batch = [head];
      for (const job of waiting.slice(1)) {
        if (batch.length >= limit) break;
        if (!job.solo && batchKey(job.payload) === key) batch.push(job);
      }
      return batch;
    });
  }

  private send(worker: PoolWorker<P, R>, owner: string, jobs: Job<P, R>[]): void {
    const id = this.nextBatchId++;
    const timer = setTimeout(
      () => this.stop(worker, this.options.timeoutMessage),
      this.options.answerWithinMs(jobs.length),
    );
    worker.batch = { id, owner, jobs, timer };
    const message: BatchMessage<P> = { id, payloads: jobs.map((job) => job.payload) };
    worker.thread.postMessage(message);
  }

  private spawn(): void {
    const thread = startWorker(this.options.entry, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
    });
    const worker: PoolWorker<P, R> = { thread, ready: false };
    this.workers.add(worker);
    thread.on('message', (message: WorkerMessage<R>) => this.onMessage(worker, message));
    thread.on('error', (error) => (worker.lastError = error));
    thread.on('exit', (code) => this.onExit(worker, code));
  }

  private onMessage(worker: PoolWorker<P, R>, message: WorkerMessage<R>): void {
    if (message.kind === 'ready') {
      worker.ready = true;
    } else {
      const batch = worker.batch;
      if (!batch || batch.id !== message.id) return;
      clearTimeout(batch.timer);
      worker.batch = undefined;
      this.queue.release(batch.owner);
      const unanswered = batch.jobs.slice(message.replies.length);
      message.replies.forEach((reply, i) => batch.jobs[i]!.resolve(reply));
      if (this.closed) this.failBatch(unanswered, `${this.options.label} sandbox is closed`);
      else this.queue.putBack(batch.owner, unanswered);
      if (message.retire) this.stop(worker, 'retired');
    }
    this.pump();
  }

  /** Terminates a worker on purpose; its jobs fail with `reason` (the 'exit' handler does the rest). */
  private stop(worker: PoolWorker<P, R>, reason: string): void {
    if (worker.stoppedBecause) return;
    worker.stoppedBecause = reason;
    void worker.thread.terminate();
  }

  private onExit(worker: PoolWorker<P, R>, code: number): void {
    this.workers.delete(worker);
    const reason = worker.stoppedBecause ?? this.crashReason(worker, code);
    if (worker.batch) {
      clearTimeout(worker.batch.timer);
      this.queue.release(worker.batch.owner);
      this.failBatch(worker.batch.jobs, reason);
    }
    if (!worker.ready && !worker.stoppedBecause) {
      // It died while starting: another attempt would most likely die the same way.
      const failure = new SandboxFailure(reason);
      for (const job of this.queue.drain()) job.reject(failure);
    }
    this.pump();
  }

  private crashReason(worker: PoolWorker<P, R>, code: number): string {
    const error = worker.lastError;
    if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `${this.options.label} ran out of memory`;
    const detail = error ? error.message : `exit code ${code}`;
    return `${this.options.label} sandbox worker stopped unexpectedly (${detail})`;
  }

  private failBatch(jobs: Job<P, R>[], reason: string): void {
    if (jobs.length === 1 || this.closed) {
      const failure = new SandboxFailure(reason);
      for (const job of jobs) job.reject(failure);
      return;
    }
    // We cannot tell which job of the batch was at fault: run each alone, ahead of the owner's other jobs.
    for (const job of jobs) job.solo = true;
    this.queue.putBack(jobs[0]!.owner, jobs);
  }
}
