/**
 * Group commit: many `run(fn)` calls share one SQLite transaction, so one fsync (or one WAL append) pays for a
 * whole batch instead of for every caller.
 *
 * States: idle -> scheduled (a flush is queued with setImmediate) -> flushing -> idle, or straight back to
 * scheduled when calls arrived during the flush. A flush takes up to `maxBatch` queued calls and runs
 * `BEGIN IMMEDIATE`, then each fn in arrival order inside its own savepoint (released on success, rolled back on
 * failure, which rejects that caller only), then `COMMIT`, and only then resolves the successful callers. A
 * failed COMMIT rejects the whole batch. Calls arriving during a flush wait for the next batch.
 *
 * A batch's fns run back to back without giving the event loop a turn; once they have taken `maxBatchMs` (say
 * twenty 10 MB task results), the batch commits and the calls it has not started wait for the next flush, so
 * other requests are served in between.
 *
 * A fn must not await anything but its own `tx` calls for long (the write lock is held meanwhile), must never
 * call `run` itself (it would wait for its own batch to end), and must not use its `tx` after it settled (the
 * handle is revoked then).
 */
import type { Connection } from './open.js';
import type { TxStaged } from './staged-map.js';

export interface GroupCommitStats {
  /** Transaction functions run (successful or not). */
  transactions: number;
  /** Batches committed. */
  commits: number;
  /** Transaction functions whose writes were rolled back (their own failure or their batch's). */
  rolledBack: number;
}

/** A transaction handle for one fn, and the switch that disables it once that fn settled. */
export interface RevocableTx<Tx> {
  tx: Tx;
  revoke: () => void;
}

interface Job<Tx> {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type State = 'idle' | 'scheduled' | 'flushing';

export class GroupCommit<Tx> {
  readonly stats: GroupCommitStats = { transactions: 0, commits: 0, rolledBack: 0 };
  private state: State = 'idle';
  private queue: Job<Tx>[] = [];
  private idleWaiters: Array<() => void> = [];
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackToSavepoint;

  constructor(
    private readonly db: Connection,
    private readonly openTx: () => RevocableTx<Tx>,
    private readonly maxBatch = 512,
    /** In-memory state that must follow each savepoint and commit (caches of rows). */
    private readonly staged?: TxStaged,
    private readonly maxBatchMs = 20,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT batch_item');
    this.release = db.prepare('RELEASE batch_item');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO batch_item');
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
      for (const job of batch) job.reject(err);
      this.staged?.batchAborted();
      if (this.db.inTransaction) this.rollback.run();
    } finally {
      this.afterFlush();
    }
  }

  private async runBatch(batch: readonly Job<Tx>[]): Promise<void> {
    const done: Array<{ job: Job<Tx>; value: unknown }> = [];
    let open = this.tryBegin(batch);
    const started = performance.now();
    for (const [index, job] of batch.entries()) {
      if (!open) break;
      if (index > 0 && performance.now() - started >= this.maxBatchMs) {
        this.queue.unshift(...batch.slice(index));
        break;
      }
      this.stats.transactions++;
      const { tx, revoke } = this.openTx();
      try {
        this.savepoint.run();
        const value = await job.fn(tx);
        this.release.run();
        this.staged?.callReleased();
        done.push({ job, value });
      } catch (err) {
        this.stats.rolledBack++;
        this.staged?.callRolledBack();
        job.reject(err);
        if (!this.undoSavepoint()) {
          // SQLite abandoned the whole transaction (e.g. disk full): the earlier callers' writes are gone too.
          this.staged?.batchAborted();
          this.failAll(done.splice(0), err);
          open = this.tryBegin(batch.slice(index + 1));
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
    } catch (err) {
      this.staged?.batchAborted();
      if (this.db.inTransaction) this.rollback.run();
      this.failAll(done.splice(0), err);
    }
    for (const { job, value } of done) job.resolve(value);
  }

  /** Starts the batch's transaction, or rejects `jobs` when that is impossible (e.g. busy past the timeout). */
  private tryBegin(jobs: readonly Job<Tx>[]): boolean {
    try {
      this.begin.run();
      return true;
    } catch (err) {
      for (const job of jobs) job.reject(err);
      return false;
    }
  }

  /** Rolls back the current savepoint; false when the surrounding transaction itself is gone. */
  private undoSavepoint(): boolean {
    if (!this.db.inTransaction) return false;
    try {
      this.rollbackToSavepoint.run();
      this.release.run();
      return true;
    } catch {
      if (this.db.inTransaction) this.rollback.run();
      return false;
    }
  }

  private failAll(done: ReadonlyArray<{ job: Job<Tx> }>, cause: unknown): void {
    this.stats.rolledBack += done.length;
    for (const { job } of done) {
      job.reject(new Error('the transaction batch was rolled back', { cause }));
    }
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
