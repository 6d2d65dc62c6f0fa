/**
 * Group commit: many `run(fn)` calls share one SQLite transaction, so one fsync (or one WAL append) pays for a
 * whole batch instead of for every caller.
 *
 * States: idle -> scheduled (a flush is queued with setImmediate) -> flushing -> idle, or straight back to
 * scheduled when calls arrived during the flush. A flush takes up to `maxBatch` queued calls and runs
 * `BEGIN IMMEDIATE`, then each fn in arrival order, then `COMMIT`, and only then resolves the successful callers.
 * A failed COMMIT rejects the whole batch. Calls arriving during a flush wait for the next batch. A failure the
 * environment caused (disk full, I/O error) rejects as StoreUnavailableError and marks `health` unhealthy until a
 * batch that changed rows commits again.
 *
 * The lock: another connection may hold SQLite's write lock (the checkpointer's RESTART for a moment, another
 * process). SQLite's busy handler would sleep on the event loop while it waits, so the writer's busy timeout is 0
 * and `BEGIN IMMEDIATE` is retried on timers, backing off, until `busyTimeoutMs` has passed; then the batch is
 * rejected (SQLITE_BUSY: 503, retryable). Once begun, a WAL transaction needs no other lock: nothing else waits.
 *
 * No savepoint per call: a fn that fails before writing anything is simply rejected; one that fails after
 * writing (rare: checks come before writes) is rejected, the transaction rolled back, and the batch's other calls
 * run again in a new one. Transaction functions may run more than once (the store contract says so).
 *
 * A batch's fns run back to back without giving the event loop a turn; once they have taken `maxBatchMs` (say
 * twenty 10 MB task results), the batch commits and the calls it has not started wait for the next flush, so
 * other requests are served in between.
 *
 * A fn must not await anything but its own `tx` calls for long (the write lock is held meanwhile), must never
 * call `run` itself (it would wait for its own batch to end), and must not use its `tx` after it settled (the
 * handle is revoked then).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '../contract.js';
import { WriteHealth } from '../write-health.js';
import { storeError } from './errors.js';
import type { Connection } from './open.js';
import type { TxStaged } from './staged-map.js';

export interface GroupCommitStats {
  /** Transaction functions run (successful or not). */
  transactions: number;
  /** Batches committed. */
  commits: number;
  /** Transaction functions whose writes were rolled back and whose callers were rejected (their failure or their batch's). */
  rolledBack: number;
  /** Runs again of transaction functions whose batch was rolled back for another call that failed halfway. */
  reruns: number;
}

/** A transaction handle for one fn, the switch that disables it once that fn settled, and whether it wrote. */
export interface RevocableTx<Tx> {
  tx: Tx;
  revoke: () => void;
  wrote: () => boolean;
}

interface Job<Tx> {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type State = 'idle' | 'scheduled' | 'flushing';

export interface GroupCommitOptions {
  /** Most transaction functions per commit. Default 512. */
  maxBatch?: number;
  /** In-memory state that must follow each call's outcome and each commit (caches of rows). */
  staged?: TxStaged;
  /** Milliseconds a batch's functions may run back to back before the rest wait for the next batch. Default 20. */
  maxBatchMs?: number;
  /** How long `BEGIN IMMEDIATE` is retried while another connection holds the write lock. Default 5000. */
  busyTimeoutMs?: number;
  health?: WriteHealth;
}

/** The longest pause between two attempts at the write lock: a RESTART checkpoint holds it for a few ms. */
const MAX_BUSY_BACKOFF_MS = 16;

export class GroupCommit<Tx> {
  readonly stats: GroupCommitStats = { transactions: 0, commits: 0, rolledBack: 0, reruns: 0 };
  private state: State = 'idle';
  private queue: Job<Tx>[] = [];
  private idleWaiters: Array<() => void> = [];
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly totalChanges;
  /** The running batch met a failure of the environment: its commit proves nothing about health. */
  private environmentFailed = false;
  private readonly maxBatch: number;
  private readonly staged: TxStaged | undefined;
  private readonly maxBatchMs: number;
  private readonly busyTimeoutMs: number;
  readonly health: WriteHealth;

  constructor(
    private readonly db: Connection,
    private readonly openTx: () => RevocableTx<Tx>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 512;
    this.staged = options.staged;
    this.maxBatchMs = options.maxBatchMs ?? 20;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.health = options.health ?? new WriteHealth();
    // SQLite's busy handler sleeps on this thread: waiting for the lock is tryBegin's job instead.
    db.pragma('busy_timeout = 0');
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: (value) => resolve(value as T), reject });
      if (this.state === 'idle') this.schedule();
    });
  }

  /** Resolves once every queued call has been committed or rejected. */
  drain(): Promise<void> {
    if (this.state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    this.state = 'scheduled';
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.state = 'flushing';
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      await this.runBatch(batch);
    } catch (err) {
      // Only reachable when SQLite refuses even to roll back; settled promises ignore the extra reject.
      for (const job of batch) this.reject(job, err);
      this.staged?.batchAborted();
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // SQLite ends a transaction it cannot roll back (I/O error) by itself; the next BEGIN tells.
      }
    } finally {
      this.afterFlush();
    }
  }

  private async runBatch(batch: readonly Job<Tx>[]): Promise<void> {
    const done: Array<{ job: Job<Tx>; value: unknown }> = [];
    this.environmentFailed = false;
    // Only while unhealthy: whether this batch changed rows, i.e. proves that writes go through again.
    const changesBefore = this.health.healthy ? undefined : this.totalChanges.get();
    let open = await this.tryBegin(batch);
    const started = performance.now();
    for (const [index, job] of batch.entries()) {
      if (!open) break;
      if (index > 0 && performance.now() - started >= this.maxBatchMs) {
        this.queue.unshift(...batch.slice(index));
        break;
      }
      this.stats.transactions++;
      const { tx, revoke, wrote } = this.openTx();
      try {
        const value = await job.fn(tx);
        this.staged?.callReleased();
        done.push({ job, value });
      } catch (err) {
        this.stats.rolledBack++;
        this.staged?.callRolledBack();
        this.reject(job, err);
        if (!this.db.inTransaction) {
          // SQLite abandoned the whole transaction (e.g. disk full): the earlier callers' writes are gone too.
          this.staged?.batchAborted();
          this.failAll(done.splice(0), err);
          open = await this.tryBegin(batch.slice(index + 1));
        } else if (wrote()) {
          // Its writes are mixed with its neighbours': undo them all and run the others again, first in line.
          this.staged?.batchAborted();
          this.rollback.run();
          const again = [...done.splice(0).map((d) => d.job), ...batch.slice(index + 1)];
          this.stats.reruns += again.length;
          this.queue.unshift(...again);
          return;
        }
      } finally {
        revoke();
      }
    }
    if (!open) return;
    try {
      this.staged?.batchCommitting?.();
      this.commit.run();
      this.stats.commits++;
      this.staged?.batchCommitted();
      if (changesBefore !== undefined && !this.environmentFailed && this.totalChanges.get()! > changesBefore)
        this.health.succeeded();
    } catch (err) {
      this.staged?.batchAborted();
      if (this.db.inTransaction) this.rollback.run();
      this.failAll(done.splice(0), err);
    }
    for (const { job, value } of done) job.resolve(value);
  }

  /** Starts the batch's transaction, or rejects `jobs` when that is impossible (e.g. busy past the timeout). */
  private async tryBegin(jobs: readonly Job<Tx>[]): Promise<boolean> {
    const giveUpAt = performance.now() + this.busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.begin.run();
        return true;
      } catch (err) {
        const waitMs = Math.min(2 ** attempt, MAX_BUSY_BACKOFF_MS);
        if (!isBusy(err) || performance.now() + waitMs > giveUpAt) {
          for (const job of jobs) this.reject(job, err);
          return false;
        }
        await sleep(waitMs);
      }
    }
  }

  private failAll(done: ReadonlyArray<{ job: Job<Tx> }>, cause: unknown): void {
    this.stats.rolledBack += done.length;
    for (const { job } of done) {
      this.reject(job, new Error('the transaction batch was rolled back', { cause }));
    }
  }

  /** Rejects with StoreUnavailableError (and marks the store unhealthy) when the environment failed the write. */
  private reject(job: Job<Tx>, err: unknown): void {
    const error = storeError(err);
    if (error instanceof StoreUnavailableError) {
      this.environmentFailed = true;
      this.health.failed(error);
    }
    job.reject(error);
  }

  private afterFlush(): void {
    if (this.queue.length > 0) {
      this.schedule();
      return;
    }
    this.state = 'idle';
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** Another connection holds the lock (SQLITE_BUSY and its extended codes), as opposed to a real failure. */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
