/**
 * The shared store: any number of Baton servers on one PostgreSQL database. Reads outside a transaction go to
 * the pool (committed data); transaction functions share PostgreSQL transactions in batches (group-commit.ts), and
 * are run again when PostgreSQL reports a deadlock or serialization failure.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Store, StoreHealth, StoreTx } from '../contract.js';
import { storeClosedError, StoreUnavailableError } from '../contract.js';
import { PoolDb } from './db.js';
import { PgSnapshots } from './def-snapshots.js';
import { storeError } from './errors.js';
import { PgExecutionCache } from './execution-cache.js';
import { PgGroupCommit, type PgGroupCommitOptions } from './group-commit.js';
import { migratePg } from './migrate.js';
import { createPool } from './pool.js';
import { PgReader } from './reader.js';
import { PgSearch } from './search/index.js';
import { SignalListener, SignalSender } from './signals.js';
import { WriteHealth } from '../write-health.js';
import { StatementCounts } from '../statement-counts.js';

export interface PostgresStoreOptions {
  /** e.g. `postgres://baton@db.internal:5432/baton`. */
  connectionString: string;
  /** Connections in the pool (besides the one that listens for signals). Default 10. */
  poolSize?: number;
  /** Aborts any statement running longer (PostgreSQL's statement_timeout). Default: none. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, from the pool or a new one (or for a batch), before failing. Default 5000. */
  connectTimeoutMs?: number;
  /** Runs of one transaction function at most, on deadlocks and serialization failures. Default 5. */
  maxAttempts?: number;
  /** Transaction functions sharing one PostgreSQL transaction at most. Default 32. */
  maxBatch?: number;
  /** A batch takes no further transaction function once it has run this long (ms). Default 10. */
  maxBatchMs?: number;
  /** Batches committing at once, each on a connection of the pool. Default: half the pool, at least 1. */
  maxConcurrentBatches?: number;
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
  const poolSize = options.poolSize ?? 10;
  const batching = {
    maxAttempts: options.maxAttempts ?? 5,
    maxBatch: options.maxBatch ?? 32,
    maxBatchMs: options.maxBatchMs ?? 10,
    maxBatches: options.maxConcurrentBatches ?? Math.max(1, Math.floor(poolSize / 2)),
    queueTimeoutMs: options.connectTimeoutMs ?? 5_000,
  };
  return new PostgresStoreImpl(pool, listener, instanceId, batching, sender, statements);
}

class PostgresStoreImpl extends PgReader implements PostgresStore {
  readonly shared = true;
  private closing = false;
  private closed?: Promise<void>;
  /** Transactions in flight: close() waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly writeHealth = new WriteHealth();
  private readonly groupCommit: PgGroupCommit;

  constructor(
    private readonly pool: pg.Pool,
    readonly signals: SignalListener,
    readonly instanceId: string,
    batching: Pick<
      PgGroupCommitOptions,
      'maxAttempts' | 'maxBatch' | 'maxBatchMs' | 'maxBatches' | 'queueTimeoutMs'
    >,
    private readonly sender: SignalSender,
    readonly statements: StatementCounts | undefined,
  ) {
    const snapshots = new PgSnapshots();
    const search = new PgSearch(pool);
    super(new PoolDb(pool), snapshots, true, search);
    this.groupCommit = new PgGroupCommit({
      ...batching,
      pool,
      snapshots,
      search,
      cache: new PgExecutionCache(instanceId),
      sender,
      health: this.writeHealth,
    });
  }

  protected ensureUsable(): void {
    if (this.closing) throw storeClosedError();
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(storeClosedError());
    const running = this.groupCommit.run(fn);
    this.track(running);
    return running;
  }

  health(): StoreHealth {
    return this.writeHealth.status;
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
