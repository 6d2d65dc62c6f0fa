/**
 * The shared store: any number of Baton servers on one PostgreSQL database. Reads outside a transaction go to
 * the pool (committed data); each transaction takes a pooled connection of its own, and is run again when
 * PostgreSQL reports a deadlock or serialization failure.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Store, StoreHealth, StoreTx } from '../contract.js';
import { storeClosedError, StoreUnavailableError } from '../contract.js';
import { PoolDb } from './db.js';
import { PgSnapshots } from './def-snapshots.js';
import { isRetryable, staleExecutionOf, storeError } from './errors.js';
import { PgExecutionCache } from './execution-cache.js';
import { migratePg } from './migrate.js';
import { createPool } from './pool.js';
import { PgReader } from './reader.js';
import { PgSearch } from './search/index.js';
import { SignalListener, SignalSender } from './signals.js';
import { WriteHealth } from '../write-health.js';
import { TxConnection } from './tx-connection.js';
import { PgTx } from './tx.js';
import * as extras from './payloads-tags-messages.js';
import { StatementCounts } from '../statement-counts.js';

export interface PostgresStoreOptions {
  /** e.g. `postgres://baton@db.internal:5432/baton`. */
  connectionString: string;
  /** Connections in the pool (besides the one that listens for signals). Default 10. */
  poolSize?: number;
  /** Aborts any statement running longer (PostgreSQL's statement_timeout). Default: none. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, from the pool or a new one, before failing. Default 5000. */
  connectTimeoutMs?: number;
  /** Runs of one transaction function at most, on deadlocks and serialization failures. Default 5. */
  maxAttempts?: number;
  /** Errors of the background connections (idle pool clients, the listener); they recover by themselves. */
  onBackgroundError?: (err: unknown) => void;
  /** Count the statements run, by kind (`statements`); for benches. */
  countStatements?: boolean;
}

export interface PostgresStore extends Store {
  /** Names this store in the signals it sends, so it can ignore its own. */
  readonly instanceId: string;
}

/**
 * Connects, applies the migrations this database lacks and starts listening for other servers' signals.
 * Rejects with a one-line StoreUnavailableError when the database cannot be reached.
 *
 * @example
 * const store = await openPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/baton' });
 * await store.transact((tx) => tx.putTaskDef({ name: 'greet' }));
 * console.log(await store.getTaskDef('greet'));
 * await store.close();
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const statements = options.countStatements ? new StatementCounts() : undefined;
  const pool = createPool({
    statements,
    connectionString: options.connectionString,
    poolSize: options.poolSize ?? 10,
    statementTimeoutMs: options.statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    onError: options.onBackgroundError,
  });
  const instanceId = randomUUID();
  const listener = new SignalListener({
    connectionString: options.connectionString,
    instanceId,
    onError: options.onBackgroundError,
  });
  try {
    const client = await pool.connect().catch((err: unknown) => {
      throw unreachable(options.connectionString, err);
    });
    try {
      await migratePg(client);
    } finally {
      client.release();
    }
    await listener.start().catch((err: unknown) => {
      throw unreachable(options.connectionString, err);
    });
  } catch (err) {
    await listener.close();
    await pool.end().catch(() => undefined);
    throw storeError(err);
  }
  const sender = new SignalSender(pool, instanceId, options.onBackgroundError);
  return new PostgresStoreImpl(pool, listener, instanceId, options.maxAttempts ?? 5, sender, statements);
}

class PostgresStoreImpl extends PgReader implements PostgresStore {
  readonly shared = true;
  private closing = false;
  private closed?: Promise<void>;
  /** Transactions in flight: close() waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly pgSnapshots: PgSnapshots;
  private readonly pgSearch: PgSearch;
  private readonly writeHealth = new WriteHealth();
  private readonly executionCache: PgExecutionCache;

  constructor(
    private readonly pool: pg.Pool,
    readonly signals: SignalListener,
    readonly instanceId: string,
    private readonly maxAttempts: number,
    private readonly sender: SignalSender,
    readonly statements: StatementCounts | undefined,
  ) {
    const snapshots = new PgSnapshots();
    const search = new PgSearch(pool);
    super(new PoolDb(pool), snapshots, true, search);
    this.pgSnapshots = snapshots;
    this.pgSearch = search;
    this.executionCache = new PgExecutionCache(instanceId);
  }

  protected ensureUsable(): void {
    if (this.closing) throw storeClosedError();
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(storeClosedError());
    const running = this.runWithRetries(fn);
    this.track(running);
    return running;
  }

  health(): StoreHealth {
    return this.writeHealth.status;
  }

  /** A transaction of its own: its bytes go out on a pooled connection's socket, nothing waits on the loop. */
  storeExternalPayload(path: string, data: Uint8Array, now: number, pending: boolean): Promise<void> {
    return this.transact((tx) =>
      pending ? (tx as PgTx).putPendingPayload(path, data, now) : tx.putExternalPayload(path, data, now),
    );
  }

  sweepPendingPayloads(before: number, limit: number): Promise<number> {
    if (this.closing) return Promise.reject(storeClosedError());
    return extras.sweepPayloads(this.db, before, limit);
  }

  close(): Promise<void> {
    this.closing = true;
    this.closed ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.sender.drain();
      await this.signals.close();
      await this.pool.end();
    })();
    return this.closed;
  }

  private async runWithRetries<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.runOnce(fn);
      if (outcome.ok) return outcome.value;
      const stale = staleExecutionOf(outcome.error);
      if (stale !== undefined) this.executionCache.checked(stale, true);
      if (!isRetryable(outcome.error) || attempt >= this.maxAttempts) {
        const error = storeError(outcome.error);
        if (error instanceof StoreUnavailableError) this.writeHealth.failed(error);
        throw error;
      }
      // Jittered and growing, so two units that deadlocked do not collide again at once. A stale execution
      // needs no wait: the next run reads it.
      if (stale === undefined) await sleep(Math.min(200, 5 * 2 ** attempt) * Math.random());
    }
  }

  /** One run of `fn` in its own transaction; what failed first, when something did. */
  private async runOnce<T>(
    fn: (tx: StoreTx) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      return { ok: false, error: err };
    }
    const connection = new TxConnection(client);
    const tx = new PgTx(connection, this.pgSnapshots, this.pgSearch, this.executionCache);
    try {
      const value = await fn(tx);
      tx.revoke();
      await connection.commit();
      this.pgSnapshots.committed(tx.insertedSnapshots);
      tx.settle();
      if (connection.wrote) this.writeHealth.succeeded();
      await connection.release(true);
      this.sender.send(tx.signals); // only now: never for a rollback
      return { ok: true, value };
    } catch (err) {
      tx.revoke();
      // A lock's answer still on its way may say the function worked on a stale execution: that is the cause.
      await connection.drain();
      await connection.release(false);
      // A statement that failed while the function went on is the cause; what the function threw after it is not.
      return { ok: false, error: connection.failed ?? err };
    }
  }

  /** Keeps `work` for close() to wait on; its outcome is its caller's business. */
  private track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }
}

/** One line naming the server (never the password) and the reason. */
function unreachable(connectionString: string, err: unknown): StoreUnavailableError {
  let where = 'PostgreSQL';
  try {
    const url = new URL(connectionString);
    where = `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    // not a URL (key=value form): name no part of it
  }
  const reason = storeError(err)
    .message.replace(/^the database is unavailable: /, '')
    .split('\n')[0];
  return new StoreUnavailableError(`cannot reach ${where}: ${reason}`, { cause: err });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
