/**
 * Keeps the full-text index `workflow_text` (an FTS5 table, see migrations/003_search.sql) in step with the
 * workflows table, inside the same transaction, so a search finds an execution as soon as its write committed.
 *
 * The writes wait until the batch is about to commit: FTS5 flushes its pending words to disk at every
 * savepoint, and the group commit opens one per call, so writing inline would cost a flush (a new segment) per
 * call instead of one per batch. Each call's changes follow its savepoint: a rolled-back call drops them.
 */
import type { Connection } from '../open.js';
import type { TxStaged } from '../staged-map.js';

type Change =
  | { kind: 'created'; workflowId: string }
  | { kind: 'changed'; workflowId: string }
  | { kind: 'removed'; workflowId: string; rowid: number };

/** What one workflow's changes in a batch come to. */
interface Plan {
  /** An entry of a row removed in this batch, still in the index. */
  deleteRowid?: number;
  /** (Re)index the row as it is at commit. */
  index: boolean;
  /** The row was created in this batch: it has no entry yet. */
  isNew: boolean;
}

/** What the index holds per execution; migrations/003_search.sql backfills the same columns. */
const indexed = `rowid, workflow_id, correlation_id, workflow_name, json_extract(json, '$.input'),
  json_extract(json, '$.output'), json_extract(json, '$.reasonForIncompletion')`;

export class TextIndex implements TxStaged {
  private call: Change[] = [];
  private batch: Change[] = [];
  private readonly insertEntry;
  private readonly deleteEntry;
  private readonly deleteEntryOf;

  constructor(db: Connection) {
    this.insertEntry = db.prepare<[string]>(
      `INSERT INTO workflow_text (rowid, workflow_id, correlation_id, workflow_type, input, output, reason)
       SELECT ${indexed} FROM workflows WHERE workflow_id = ?`,
    );
    this.deleteEntry = db.prepare<[number]>('DELETE FROM workflow_text WHERE rowid = ?');
    this.deleteEntryOf = db.prepare<[string]>(
      'DELETE FROM workflow_text WHERE rowid = (SELECT rowid FROM workflows WHERE workflow_id = ?)',
    );
  }

  /** A new execution row. */
  created(workflowId: string): void {
    this.call.push({ kind: 'created', workflowId });
  }

  /** The row's id, correlation id, type, input, output or failure reason may have changed. */
  changed(workflowId: string): void {
    this.call.push({ kind: 'changed', workflowId });
  }

  /** The row (with that rowid) was deleted. */
  removed(workflowId: string, rowid: number): void {
    this.call.push({ kind: 'removed', workflowId, rowid });
  }

  callReleased(): void {
    if (this.call.length === 0) return;
    this.batch.push(...this.call);
    this.call = [];
  }

  callRolledBack(): void {
    this.call = [];
  }

  /** Writes the batch's index changes, after every call's savepoint and before COMMIT. */
  batchCommitting(): void {
    for (const [workflowId, plan] of plans(this.batch)) {
      if (plan.deleteRowid !== undefined) this.deleteEntry.run(plan.deleteRowid);
      if (!plan.index) continue;
      if (!plan.isNew) this.deleteEntryOf.run(workflowId);
      this.insertEntry.run(workflowId);
    }
  }

  batchCommitted(): void {
    this.call = [];
    this.batch = [];
  }

  batchAborted(): void {
    this.call = [];
    this.batch = [];
  }
}

/** The changes of a batch, in order, reduced to one plan per execution. */
function plans(changes: readonly Change[]): Map<string, Plan> {
  const byId = new Map<string, Plan>();
  for (const change of changes) {
    const prior = byId.get(change.workflowId);
    switch (change.kind) {
      case 'created':
        byId.set(change.workflowId, { deleteRowid: prior?.deleteRowid, index: true, isNew: true });
        break;
      case 'changed':
        byId.set(change.workflowId, prior ? { ...prior, index: true } : { index: true, isNew: false });
        break;
      case 'removed':
        // A row created in this batch was never indexed; only an older incarnation's entry needs deleting.
        byId.set(change.workflowId, {
          deleteRowid: prior?.isNew ? prior.deleteRowid : change.rowid,
          index: false,
          isNew: false,
        });
        break;
    }
  }
  return byId;
}
