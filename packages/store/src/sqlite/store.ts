/**
 * The embedded store: one SQLite file, a write connection used only inside group-committed transactions and a
 * read-only connection for the Store's own reads, which therefore only ever see committed data.
 */
import type { Store, StoreHealth, StoreSignals, StoreTx } from '../contract.js';
import { storeClosedError, StoreUnavailableError } from '../contract.js';
import { Checkpointer } from './checkpointer.js';
import { SnapshotCache } from './def-snapshots.js';
import { ExecutionCache } from './execution-cache.js';
import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './group-commit.js';
import { migrate } from './migrate.js';
import { type Connection, openConnection, type Synchronous } from './open.js';
import { acquireOwnerLock, type OwnerLock } from './owner-lock.js';
import { PayloadWriter } from './payload-writer.js';
import { prepareQueries, type WriteConnectionCaches } from './queries.js';
import { SqliteReader } from './reader.js';
import { StagedMap, type TxStaged } from './staged-map.js';
import { StatusCounts } from './search/status-counts.js';
import { sqlKind, StatementCounts } from '../statement-counts.js';
import { TextIndex } from './search/text-index.js';
import { TimerQueries } from './timers.js';
import { SqliteTx } from './tx.js';

export interface SqliteStoreOptions {
  /** The database file (created when missing). An in-memory database cannot be shared by two connections. */
  path: string;
  /** NORMAL (default) is durable against a process crash; FULL also against power loss, at an fsync per commit. */
  synchronous?: Synchronous;
  /** How long to wait for another connection's lock before failing (503, retryable). Default 5000. */
  busyTimeoutMs?: number;
  /** Most transaction functions per commit. Default 512. */
  maxBatch?: number;
  /**
   * Milliseconds a commit's transaction functions may run back to back before the rest wait for the next one
   * (the event loop serves other requests in between). Default 20.
   */
  maxBatchMs?: number;
  /**
   * Checkpoint the WAL from a worker thread (default true) instead of inside the commit that fills it, which
   * stalls every caller of that batch while pages are copied and the database file is synced.
   */
  backgroundCheckpoints?: boolean;
  /** Count the statements run, by kind (`statements`); for benches, at a small cost per statement. */
  countStatements?: boolean;
}

export interface SqliteStore extends Store {
  readonly path: string;
  /** Counters of the group commit, e.g. to see how many calls shared a commit. */
  readonly stats: Readonly<GroupCommitStats>;
}

/**
 * Opens (creating and migrating as needed) the SQLite store at `path`.
 *
 * @example
 * const store = await openSqliteStore({ path: 'baton.db' });
 * await store.transact((tx) => tx.putTaskDef({ name: 'greet' }));
 * console.log(await store.getTaskDef('greet'));
 * await store.close();
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  try {
    return Promise.resolve(SqliteStoreImpl.open(options));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

class SqliteStoreImpl extends SqliteReader implements SqliteStore {
  private closing = false;
  private closed?: Promise<void>;

  static open(options: SqliteStoreOptions): SqliteStoreImpl {
    const path = options.path;
    if (path === '' || path === ':memory:' || path.startsWith('file::memory:')) {
      throw new Error('the SQLite store needs a file path (use a temporary file for throw-away data)');
    }
    const statements = options.countStatements ? new StatementCounts() : undefined;
    const common = {
      path,
      synchronous: options.synchronous ?? 'NORMAL',
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      ...(statements && { onStatement: (sql: string) => statements.record(sqlKind(sql)) }),
    };
    // Before the database file is opened (or created): a refused second server writes nothing to it.
    const owner = acquireOwnerLock(path);
    let writer: Connection | undefined;
    let reader: Connection | undefined;
    try {
      writer = openConnection({ ...common, readonly: false });
      migrate(writer);
      reader = openConnection({ ...common, readonly: true });
      const checkpointer =
        options.backgroundCheckpoints === false ? undefined : new Checkpointer(writer, path);
      const batch = {
        maxBatch: options.maxBatch,
        maxBatchMs: options.maxBatchMs,
        busyTimeoutMs: common.busyTimeoutMs,
      };
      const openPayloadWriter = () => new PayloadWriter(path, common.synchronous, common.busyTimeoutMs);
      return new SqliteStoreImpl(
        path,
        writer,
        reader,
        batch,
        checkpointer,
        openPayloadWriter,
        owner,
        statements,
      );
    } catch (err) {
      reader?.close();
      writer?.close();
      owner.release();
      throw err;
    }
  }

  private readonly groupCommit: GroupCommit<StoreTx>;
  /** Started at the first large payload (a thread and a connection cost ~13 MB of memory), again if it died. */
  private payloadWriter: PayloadWriter | undefined;

  private constructor(
    readonly path: string,
    private readonly writer: Connection,
    private readonly reader: Connection,
    batch: Pick<GroupCommitOptions, 'maxBatch' | 'maxBatchMs' | 'busyTimeoutMs'>,
    private readonly checkpointer: Checkpointer | undefined,
    private readonly openPayloadWriter: () => PayloadWriter,
    private readonly owner: OwnerLock,
    readonly statements: StatementCounts | undefined,
  ) {
    // Both connections share parsed definition snapshots: their content never changes for a given hash.
    const snapshots = new SnapshotCache();
    super(prepareQueries(reader, snapshots));
    const caches: WriteConnectionCaches = {
      executions: new ExecutionCache(),
      storedSnapshots: new StagedMap(10_000),
      payloadsApart: new StagedMap<string, number>(10_000),
      textIndex: new TextIndex(writer),
      statusCounts: new StatusCounts(writer),
      timers: new TimerQueries(writer),
      messages: new StagedMap(20_000),
    };
    const writeQueries = prepareQueries(writer, snapshots, caches);
    this.groupCommit = new GroupCommit<StoreTx>(
      writer,
      () => {
        const tx = new SqliteTx(writeQueries);
        return { tx, revoke: () => tx.revoke(), wrote: () => tx.wrote };
      },
      { ...batch, staged: allOf(Object.values(caches)) },
    );
  }

  /** This process owns the file: no other writes to it, so no signals ever come. */
  readonly shared = false;
  readonly signals: StoreSignals = { subscribe: () => () => undefined, reliable: true };

  get stats(): Readonly<GroupCommitStats> {
    return this.groupCommit.stats;
  }

  health(): StoreHealth {
    return this.groupCommit.health.status;
  }

  protected ensureUsable(): void {
    if (this.closing) throw storeClosedError();
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(storeClosedError());
    return this.groupCommit.run(fn);
  }

  storeExternalPayload(path: string, data: Uint8Array, now: number, pending: boolean): Promise<void> {
    return this.onPayloadWriter((writer) => writer.put(path, data, now, pending), true);
  }

  sweepPendingPayloads(before: number, limit: number): Promise<number> {
    return this.onPayloadWriter((writer) => writer.sweep(before, limit), false);
  }

  /** `work` on the payload writer's thread, counted in health() as a write. */
  private async onPayloadWriter<T>(work: (writer: PayloadWriter) => Promise<T>, writes: boolean): Promise<T> {
    if (this.closing) throw storeClosedError();
    if (!this.payloadWriter?.alive) this.payloadWriter = this.openPayloadWriter();
    const health = this.groupCommit.health;
    try {
      const value = await work(this.payloadWriter);
      if (writes) health.succeeded();
      return value;
    } catch (err) {
      if (err instanceof StoreUnavailableError) health.failed(err);
      throw err;
    }
  }

  close(): Promise<void> {
    this.closing = true;
    this.closed ??= this.groupCommit.drain().then(async () => {
      // The workers' connections go first, so the writer's close is the last one and checkpoints the WAL.
      await this.payloadWriter?.stop();
      await this.checkpointer?.stop();
      this.reader.close();
      this.writer.close();
      this.owner.release();
    });
    return this.closed;
  }
}

/** One TxStaged that forwards every moment to each of `parts`. */
function allOf(parts: readonly TxStaged[]): TxStaged {
  return {
    callReleased: () => parts.forEach((p) => p.callReleased()),
    callRolledBack: () => parts.forEach((p) => p.callRolledBack()),
    batchCommitting: () => parts.forEach((p) => p.batchCommitting?.()),
    batchCommitted: () => parts.forEach((p) => p.batchCommitted()),
    batchAborted: () => parts.forEach((p) => p.batchAborted()),
  };
}
