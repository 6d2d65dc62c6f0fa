/**
 * Definition snapshots on PostgreSQL: the parsed, frozen definitions are shared by hash (see
 * ../sqlite/def-snapshots.ts), and a hash known to be committed is not inserted again. Snapshots never change
 * and are never deleted, so both may be kept across transactions and processes.
 */
import type { WorkflowDef } from '@baton/protocol';
import { type Snapshot, SnapshotCache } from '../sqlite/def-snapshots.js';
import { type Db, statement } from './db.js';

const selectSnapshots = statement(
  'snapshots',
  'SELECT hash, json FROM def_snapshots WHERE hash = ANY($1::text[])',
);

/** Hashes remembered as committed beyond this many are forgotten wholesale; forgetting costs one no-op insert. */
const MAX_STORED = 10_000;

export class PgSnapshots {
  private readonly cache = new SnapshotCache();
  private readonly stored = new Set<string>();

  /** The snapshot of a definition about to be written, and whether it must be inserted (not known committed). */
  toWrite(def: WorkflowDef): Snapshot & { insert: boolean } {
    const snapshot = this.cache.snapshotOf(def);
    return { ...snapshot, insert: !this.stored.has(snapshot.hash) };
  }

  /** Called once a transaction that inserted these hashes committed. */
  committed(hashes: Iterable<string>): void {
    if (this.stored.size > MAX_STORED) this.stored.clear();
    for (const hash of hashes) this.stored.add(hash);
  }

  /**
   * The frozen definitions of `hashes`, reading those not in memory in one query. `committedOnly`: `db` sees
   * committed data only (the pool), so what it finds is known to be stored; a transaction may see its own insert.
   */
  async definitions(
    db: Db,
    hashes: Iterable<string>,
    committedOnly: boolean,
  ): Promise<Map<string, WorkflowDef>> {
    const found = new Map<string, WorkflowDef>();
    const missing: string[] = [];
    for (const hash of new Set(hashes)) {
      const def = this.cache.cached(hash);
      if (def) found.set(hash, def);
      else missing.push(hash);
    }
    if (missing.length === 0) return found;
    const rows = await db.rows<{ hash: string; json: string }>(selectSnapshots, [missing]);
    const loaded = new Map(rows.map((row) => [row.hash, row.json]));
    for (const hash of missing) {
      found.set(
        hash,
        this.cache.definition(hash, (h) => loaded.get(h)),
      );
    }
    if (committedOnly) this.committed(loaded.keys());
    return found;
  }
}
