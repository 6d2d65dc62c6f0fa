/**
 * One transaction on one pooled, pipelined connection: statements are written as they come, without waiting for
 * the previous answer, and PostgreSQL answers them in order. Writes nobody waits for cost no round trip of their
 * own; a unit typically waits for its reads and once more for COMMIT.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Statement, TxDb } from './db.js';
import type { HeldWrites } from './held-writes.js';
import { isUnavailable } from './errors.js';

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export class TxConnection implements TxDb {
  /** The first thing that went wrong: later statements only fail because the transaction is aborted. */
  private failure: Error | undefined;
  private broken = false;
  private corked = false;
  /** A statement inserted, updated or deleted rows: committing proves writes go through. */
  private changedRows = false;
  /** Writes sent without waiting; each settles once its answer (and failure, if any) is recorded. */
  private readonly sent: Promise<unknown>[] = [];
  private held: HeldWrites | undefined;
  private readonly onError = (err: Error): void => {
    this.broken = true;
    this.fail(err);
  };

  constructor(private readonly client: pg.PoolClient) {
    // A checked-out client has no listener of the pool's: without one, a dying connection would crash the process.
    client.on('error', this.onError);
    this.send({ name: '', text: 'BEGIN ISOLATION LEVEL READ COMMITTED' }, []);
  }

  /** Writes held back to be merged into fewer statements: they go out before any other statement. */
  hold(held: HeldWrites): void {
    this.held = held;
  }

  /** What failed first, if anything did. Statements sent after a failure fail too: nothing after it commits. */
  get failed(): Error | undefined {
    return this.failure;
  }

  rows<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]> {
    if (this.failure) return Promise.reject(this.failure);
    return this.query(stmt, values).then((result) => result.rows as R[]);
  }

  send(stmt: Statement, values: readonly unknown[], check?: (result: pg.QueryResult) => void): void {
    if (this.failure) throw this.failure;
    // The failure is recorded by query(); this promise only tells commit() that the answer came.
    this.sent.push(this.query(stmt, values, check).catch(() => undefined));
  }

  /** Waits for the answers of every statement sent so far. */
  async drain(): Promise<void> {
    await Promise.all(this.sent);
  }

  /** Whether the transaction changed rows so far. */
  get wrote(): boolean {
    return this.changedRows;
  }

  /** Commits; throws what failed, if anything did. */
  async commit(): Promise<void> {
    if (this.failure) throw this.failure;
    let result: pg.QueryResult;
    try {
      result = await this.query({ name: '', text: 'COMMIT' }, []);
    } finally {
      await this.drain();
    }
    // COMMIT of an aborted transaction answers ROLLBACK; what aborted it was recorded on the way (read through
    // the getter: the field changed during the await, which type narrowing cannot know).
    const failure = this.failed;
    if (failure) throw failure;
    if (result.command !== 'COMMIT') {
      throw this.fail(new Error(`the transaction was rolled back (${result.command})`));
    }
  }

  /** Ends the transaction (rolling back unless committed) and gives the connection back, or drops a broken one. */
  async release(committed: boolean): Promise<void> {
    if (!committed && !this.broken) {
      await this.client.query('ROLLBACK').catch(() => {
        this.broken = true;
      });
    }
    this.client.removeListener('error', this.onError);
    // A connection that failed for want of the database is dropped; the pool opens a fresh one when needed.
    this.client.release(this.broken || isUnavailable(this.failure) ? true : undefined);
  }

  /**
   * Failures (and `check`'s verdict) are recorded in the callback, which node-postgres calls in the order the
   * answers arrive: the failure recorded first is the one that aborted the transaction, not a later statement
   * refused because of it.
   */
  private query(
    stmt: Statement,
    values: readonly unknown[],
    check?: (result: pg.QueryResult) => void,
  ): Promise<pg.QueryResult> {
    // Held writes go out first (flushing sends them through here, with nothing held any more).
    if (this.held?.pending) this.held.flush();
    this.corkForThisTick();
    const config =
      stmt.name === '' ? { text: stmt.text, values: [...values] } : { ...stmt, values: [...values] };
    return new Promise((resolve, reject) => {
      this.client.query(config, (err: Error | null, result: pg.QueryResult) => {
        try {
          if (err) throw err;
          if ((result.rowCount ?? 0) > 0 && WRITES.has(result.command)) this.changedRows = true;
          check?.(result);
          resolve(result);
        } catch (failure) {
          reject(this.fail(failure));
        }
      });
    });
  }

  /**
   * Holds the socket's writes until the end of this tick, so every statement a unit sends in one go leaves in one
   * write (node-postgres writes each statement on its own: under load the system calls cost more than the SQL).
   */
  private corkForThisTick(): void {
    if (this.corked) return;
    const stream = (this.client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
    if (typeof stream?.cork !== 'function') return;
    stream.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      stream.uncork();
    });
  }

  /** Records `err` unless something failed before; returns what failed first. */
  private fail(err: unknown): Error {
    this.failure ??= err instanceof Error ? err : new Error(String(err));
    return this.failure;
  }
}
