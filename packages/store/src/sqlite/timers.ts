/**
 * One durable timer per workflow: when it needs its next decide without any outside event.
 *
 * On the write connection, a call's timer changes are kept in memory (layered like the group commit, see
 * StagedMap) and the batch writes them just before COMMIT: one statement for its upserts and one for its deletes,
 * instead of one per hand-out that arms a timer and one per workflow that ends. A claim reads the table, so it
 * writes the changes staged so far first.
 */
import { MultiRowStatement, valueRows } from './multi-row.js';
import type { Connection } from './open.js';
import { StagedMap, type TxStaged } from './staged-map.js';

/** Due times known per workflow (null: no timer), committed ones included: most writes are decided in memory. */
const KNOWN_TIMERS = 20_000;

export class TimerQueries implements TxStaged {
  /** Each workflow's due time as this connection wrote or staged it (null: none); undefined: ask the table. */
  private readonly dueAt = new StagedMap<string, number | null>(KNOWN_TIMERS);
  /** Workflows whose timer changed and is not written yet, by the running call and by the batch's earlier ones. */
  private callChanged = new Set<string>();
  private batchChanged = new Set<string>();
  private readonly upsertTimers;
  private readonly deleteTimers;
  private readonly selectTimer;
  private readonly selectDue;

  /** Only the write connection's instance is used (and told of the group commit's moments). */
  constructor(db: Connection) {
    this.upsertTimers = new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO timers (workflow_id, due_at) VALUES ${valueRows(rows, 2)}
         ON CONFLICT (workflow_id) DO UPDATE SET due_at = excluded.due_at`,
    );
    this.deleteTimers = new MultiRowStatement(
      db,
      (rows) => `DELETE FROM timers WHERE workflow_id IN ${valueRows(1, rows)}`,
    );
    this.selectTimer = db
      .prepare<[string], number>('SELECT due_at FROM timers WHERE workflow_id = ?')
      .pluck();
    this.selectDue = db
      .prepare<[number, number], string>(
        'SELECT workflow_id FROM timers WHERE due_at <= ? ORDER BY due_at, workflow_id LIMIT ?',
      )
      .pluck();
  }

  /** A new execution has no timer (its id is new): arming one later then needs no read. */
  created(workflowId: string): void {
    this.dueAt.set(workflowId, null);
  }

  set(workflowId: string, dueAt: number | null): void {
    if (this.dueAt.get(workflowId) !== dueAt) this.stage(workflowId, dueAt);
  }

  setIfEarlier(workflowId: string, dueAt: number): void {
    const current = this.current(workflowId);
    if (current === null || current > dueAt) this.stage(workflowId, dueAt);
  }

  claimDue(now: number, limit: number, rearmMs: number): string[] {
    if (limit <= 0) return [];
    this.writeChanged();
    const workflowIds = this.selectDue.all(now, limit);
    for (const workflowId of workflowIds) this.stage(workflowId, now + rearmMs);
    return workflowIds;
  }

  callReleased(): void {
    this.dueAt.callReleased();
    for (const workflowId of this.callChanged) this.batchChanged.add(workflowId);
    this.callChanged.clear();
  }

  callRolledBack(): void {
    this.dueAt.callRolledBack();
    this.callChanged.clear();
  }

  batchCommitting(): void {
    this.writeChanged();
  }

  batchCommitted(): void {
    this.dueAt.batchCommitted();
    this.batchChanged.clear();
  }

  batchAborted(): void {
    this.dueAt.batchAborted();
    this.callChanged.clear();
    this.batchChanged.clear();
  }

  private current(workflowId: string): number | null {
    const known = this.dueAt.get(workflowId);
    if (known !== undefined) return known;
    const stored = this.selectTimer.get(workflowId) ?? null;
    this.dueAt.set(workflowId, stored);
    return stored;
  }

  private stage(workflowId: string, dueAt: number | null): void {
    this.dueAt.set(workflowId, dueAt);
    this.callChanged.add(workflowId);
  }

  /**
   * Writes every change staged so far, the running call's included: a call that wrote and then fails rolls its
   * whole batch back (group-commit.ts), so nothing written here outlives a change that was dropped.
   */
  private writeChanged(): void {
    const upserts: [string, number][] = [];
    const deletes: [string][] = [];
    for (const workflowId of new Set([...this.batchChanged, ...this.callChanged])) {
      const dueAt = this.dueAt.get(workflowId);
      if (dueAt === null) deletes.push([workflowId]);
      else if (dueAt !== undefined) upserts.push([workflowId, dueAt]);
    }
    this.batchChanged.clear();
    this.callChanged.clear();
    this.deleteTimers.run(deletes);
    this.upsertTimers.run(upserts);
  }
}
