/**
 * An in-memory map that follows the group commit, so a cache of database rows never gets ahead of what is
 * committed. Writes go to the running call's layer; the call's success moves them to the batch's
 * layer and the batch's COMMIT to the shared, committed map. A rolled-back call or batch just drops its layer.
 * Reads look call -> batch -> committed, so a transaction sees its own writes and its batch's earlier ones.
 *
 * `undefined` from `get` means "not known here: ask the database". `forget` records exactly that, so a key whose
 * new value is unknown (or not worth keeping) can never be answered from an older layer.
 */
const FORGOTTEN = Symbol('forgotten');
type Layer<K, V> = Map<K, V | typeof FORGOTTEN>;

/** The four moments of a group commit a staged structure follows. */
export interface TxStaged {
  /** The current call succeeded: what it staged belongs to the batch now. */
  callReleased(): void;
  /** The current call failed: what it staged is dropped. */
  callRolledBack(): void;
  /** Every call of the batch was released and COMMIT comes next: last writes (throwing aborts the batch). */
  batchCommitting?(): void;
  batchCommitted(): void;
  /** The batch's transaction is gone (failed COMMIT, or SQLite abandoned it). */
  batchAborted(): void;
}

export class StagedMap<K, V> implements TxStaged {
  private readonly committed = new Map<K, V>();
  private call: Layer<K, V> = new Map();
  private batch: Layer<K, V> = new Map();

  /** @param capacity Most committed entries kept; the least recently written go first. */
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const layer = this.call.has(key) ? this.call : this.batch.has(key) ? this.batch : undefined;
    if (!layer) return this.committed.get(key);
    const staged = layer.get(key);
    return staged === FORGOTTEN ? undefined : staged;
  }

  set(key: K, value: V): void {
    this.call.set(key, value);
  }

  forget(key: K): void {
    this.call.set(key, FORGOTTEN);
  }

  callReleased(): void {
    if (this.call.size === 0) return;
    if (this.batch.size === 0) {
      // Swapped, not copied: the empty batch layer becomes the next call's.
      [this.batch, this.call] = [this.call, this.batch];
      return;
    }
    for (const [key, value] of this.call) this.batch.set(key, value);
    this.call.clear();
  }

  callRolledBack(): void {
    this.call.clear();
  }

  batchCommitted(): void {
    this.call.clear(); // empty unless a call is still open, which the group commit never allows
    for (const [key, value] of this.batch) {
      this.committed.delete(key); // re-inserted last: the map's order is the eviction order
      if (value !== FORGOTTEN) this.committed.set(key, value);
    }
    this.batch.clear();
    while (this.committed.size > this.capacity) {
      const oldest = this.committed.keys().next();
      if (oldest.done) break;
      this.committed.delete(oldest.value);
    }
  }

  batchAborted(): void {
    this.call.clear();
    this.batch.clear();
  }
}
