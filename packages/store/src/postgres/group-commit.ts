/**
 * Group commit on PostgreSQL: several `run(fn)` calls (units) share one transaction, so the pooled connection's
 * checkout, BEGIN, COMMIT and its disk flush, and PostgreSQL's wake-ups for them are paid once per batch instead of
 * once per unit (`perf` showed half of PostgreSQL's CPU in the kernel: system calls and wake-ups).
 *
 * A batch holds one connection and one LockedExecutions. Its units run one after another in arrival order, each on
 * a `tx` of its own sharing that view: a later unit sees an earlier one's writes and versions, and a lock the batch
 * holds (an execution's row, a `lockKey`) does not block it, PostgreSQL's locks being the transaction's. There is no
 * savepoint per unit (beyond 64 subtransactions per transaction PostgreSQL slows down sharply). A batch takes up to
 * `maxBatch` queued units; once it has run for `maxBatchMs` it commits and leaves the rest to the next one. Units
 * that arrive while a batch runs join a later batch (a batch's units wait for its commit: a longer batch would
 * delay them all). At most `maxBatches` batches run at once, each on its own connection, so one waiting on a lock
 * does not stall everyone; an idle store starts a unit at once.
 *
 * Every statement is charged to the unit that sent it (TxConnection.sender). PostgreSQL aborts the whole
 * transaction at the first failure, so when one comes:
 * - PostgreSQL is unreachable, the connection failed, or BEGIN/COMMIT failed: every unit of the batch is rejected
 *   (StoreUnavailableError, 503 retryable, when the database is out of reach). Nothing was acknowledged.
 * - A deadlock or serialization failure (a kept execution found stale included): the batch is rolled back, the
 *   other units run again first in line, the one charged runs again after a jittered wait, `maxAttempts` at most.
 * - Any other failed statement (a unique violation, a missing execution): its unit is rejected with that error, as
 *   when it ran alone; the batch is rolled back and the other units run again, first in line.
 * - A unit throws its own error: it is rejected with it. When it had sent a statement that may change rows, those
 *   writes are mixed with its neighbours': the batch is rolled back and the others run again. Otherwise (a check
 *   failed before any write, the usual case) the batch goes on.
 * Wake-ups (NOTIFY), the snapshot bookkeeping and the execution cache follow only a committed batch.
 *
 * Lock order: two batches can wait on each other when their units lock the same executions or keys in opposite
 * orders; PostgreSQL detects that (after deadlock_timeout) and the batch charged runs again. Bounded batches keep
 * the locks short and such meetings rare. A unit must not await anything but its own `tx` for long, and must never
 * call `transact` itself.
 */
import type pg from 'pg';
import type { StoreTx } from '../contract.js';
import { StoreUnavailableError } from '../contract.js';
import type { WriteHealth } from '../write-health.js';
import type { PgSnapshots } from './def-snapshots.js';
import { isRetryable, isUnavailable, staleExecutionOf, storeError } from './errors.js';
import type { PgExecutionCache } from './execution-cache.js';
import { LockedExecutions } from './locked-executions.js';
import type { PgSearch } from './search/index.js';
import type { SignalSender } from './signals.js';
import { TxConnection } from './tx-connection.js';
import { PgTx } from './tx.js';

export interface PgGroupCommitOptions {
  pool: pg.Pool;
  snapshots: PgSnapshots;
  search: PgSearch;
  cache: PgExecutionCache;
  sender: SignalSender;
  health: WriteHealth;
  /** Runs of one unit at most, on deadlocks and serialization failures charged to it. */
  maxAttempts: number;
  /** Units per batch at most. */
  maxBatch: number;
  /** A batch takes no further unit once it has run this long. */
  maxBatchMs: number;
  /** Batches (and connections) at once. */
  maxBatches: number;
  /** A unit still queued after this long (every batch busy, e.g. stuck on a lock) fails as unavailable. */
  queueTimeoutMs: number;
}

export interface PgGroupCommitStats {
  /** Runs of units, successful or not. */
  runs: number;
  /** Batches committed. */
  commits: number;
  /** Batches rolled back. */
  rollbacks: number;
  /** Runs again of units whose batch was rolled back for another unit's sake. */
  reruns: number;
}

interface Unit {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  attempts: number;
  queuedAt: number;
}

interface Done {
  unit: Unit;
  value: unknown;
  tx: PgTx;
}

export class PgGroupCommit {
  readonly stats: PgGroupCommitStats = { runs: 0, commits: 0, rollbacks: 0, reruns: 0 };
  private readonly queue: Unit[] = [];
  private running = 0;
  private queueTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgGroupCommitOptions) {}

  run<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const unit = { fn, resolve: (value: unknown) => resolve(value as T), reject, attempts: 1 };
      this.queue.push({ ...unit, queuedAt: performance.now() });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.running < this.options.maxBatches && this.queue.length > 0) {
      this.running++;
      void this.runBatch(this.queue.splice(0, this.options.maxBatch)).finally(() => {
        this.running--;
        this.startBatches();
      });
    }
    if (this.queue.length > 0)
      this.queueTimer ??= setTimeout(() => this.expireQueued(), this.options.queueTimeoutMs);
  }

  /** As the pool does for a connection: a unit that waited too long for a batch fails, retryable. */
  private expireQueued(): void {
    this.queueTimer = undefined;
    const deadline = performance.now() - this.options.queueTimeoutMs;
    const expired = this.queue.filter((unit) => unit.queuedAt <= deadline);
    for (const unit of expired) {
      this.queue.splice(this.queue.indexOf(unit), 1);
      this.reject(
        unit,
        new Error('timeout exceeded when trying to connect: every transaction batch is busy'),
      );
    }
    this.startBatches();
  }

  private async runBatch(units: Unit[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.options.pool.connect();
    } catch (err) {
      for (const unit of units) this.reject(unit, err);
      return;
    }
    const { snapshots, search, cache, maxBatchMs } = this.options;
    const connection = new TxConnection(client);
    const held = new LockedExecutions(cache);
    const done: Done[] = [];
    const started = performance.now();
    for (const [index, unit] of units.entries()) {
      if (index > 0 && performance.now() - started >= maxBatchMs) {
        // Long enough: commit, and leave the rest to the next batch, first in line.
        this.queue.unshift(...units.slice(index));
        break;
      }
      this.stats.runs++;
      connection.sender = unit;
      const tx = new PgTx(connection, snapshots, search, cache, held);
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await unit.fn(tx) };
      } catch (error) {
        outcome = { ok: false, error };
        // A statement of its that failed meanwhile is the cause, not what the function threw after it.
        await connection.drain();
      }
      tx.revoke();
      const ran = [...done.map((d) => d.unit), unit];
      const rest = units.slice(index + 1);
      if (connection.failed) return this.rollBack(connection, ran, rest, connection.failedSender);
      if (outcome.ok) done.push({ unit, value: outcome.value, tx });
      else if (tx.wrote) return this.rollBack(connection, ran, rest, unit, outcome.error);
      else this.reject(unit, outcome.error);
    }
    connection.sender = undefined;
    try {
      await connection.commit();
    } catch {
      return this.rollBack(
        connection,
        done.map((d) => d.unit),
        [],
        connection.failedSender,
      );
    }
    this.stats.commits++;
    snapshots.committed(held.insertedSnapshots);
    held.settle();
    if (connection.wrote) this.options.health.succeeded();
    await connection.release(true);
    this.options.sender.send(done.flatMap((d) => d.tx.signals)); // only now: never for a rollback
    for (const { unit, value } of done) unit.resolve(value);
  }

  /**
   * Ends the batch without committing: `culprit` (the unit charged with the failure, if any) gets its error or a
   * later run; the other units that ran run again, or fail too when the failure was not a unit's; those that had
   * not run yet (`rest`) go back to the queue, first in line.
   */
  private async rollBack(
    connection: TxConnection,
    units: readonly Unit[],
    rest: readonly Unit[],
    culprit: unknown,
    ownError?: unknown,
  ): Promise<void> {
    this.stats.rollbacks++;
    this.queue.unshift(...rest);
    await connection.drain();
    await connection.release(false);
    const failure = ownError ?? connection.failed;
    const stale = staleExecutionOf(failure);
    if (stale !== undefined) this.options.cache.checked(stale, true);
    const charged = units.find((unit) => unit === culprit);
    if (!charged || isUnavailable(failure)) {
      // Not one unit's doing: BEGIN or COMMIT failed, or the connection or the database did.
      for (const unit of units) this.retryOrReject(unit, failure, stale !== undefined);
      return;
    }
    const others = units.filter((unit) => unit !== charged);
    this.stats.reruns += others.length;
    this.queue.unshift(...others);
    if (ownError !== undefined) this.reject(charged, ownError);
    else this.retryOrReject(charged, failure, stale !== undefined);
  }

  /** Runs `unit` again after a retryable failure while it has attempts left; rejects it otherwise. */
  private retryOrReject(unit: Unit, failure: unknown, stale: boolean): void {
    if (!isRetryable(failure) || unit.attempts >= this.options.maxAttempts) {
      this.reject(unit, failure);
      return;
    }
    unit.attempts++;
    const again = (): void => {
      this.queue.unshift(unit);
      this.startBatches();
    };
    // Jittered and growing, so two units that deadlocked do not collide again at once. A stale execution needs no
    // wait: the next run reads it.
    if (stale) again();
    else setTimeout(again, Math.min(200, 5 * 2 ** unit.attempts) * Math.random());
  }

  /** Rejects with StoreUnavailableError (and marks the store unhealthy) when the database is out of reach. */
  private reject(unit: Unit, err: unknown): void {
    const error = storeError(err);
    if (error instanceof StoreUnavailableError) this.options.health.failed(error);
    unit.reject(error);
  }
}
