/**
 * Keeps the full-text index `workflow_text` (an FTS5 table, see migrations/003_search.sql) in step with the
 * workflows table, inside the same transaction, so a search finds an execution as soon as its write committed.
 *
 * Each execution has up to two documents: the start document (rowid 2·r, r the workflows rowid: id,
 * correlation id, type and input), written when it is created, and the end document (rowid 2·r + 1: output and
 * failure reason), added when it ends. Ending an execution thus only adds a document: deleting one from a
 * contentless FTS5 table costs three times an insert, and an end is on every workflow's last task completion.
 *
 * The writes wait until the batch is about to commit, so the FTS5 table takes one write per batch rather than
 * one per call (one statement for its deletes, one for its inserts); a call's changes are dropped when it fails.
 * The text comes from the execution as written (JSON of its input and output), not from re-reading and parsing
 * the row, which would cost several times the insert itself.
 */
import { jsonPrefix, type JsonObject, type Workflow } from '@baton/protocol';
import type { Connection } from '../open.js';
import { MultiRowStatement, valueRows } from '../multi-row.js';
import type { TxStaged } from '../staged-map.js';

/**
 * Characters of an input's or output's JSON that are indexed, as PostgreSQL's index cuts them
 * (migrations-pg/002_search.sql): a 5 MB input costs its first 100,000 characters of words, not 5 MB of them.
 * The failure reason is cut the same way.
 */
const INDEXED_CHARS = 100_000;

/** The first INDEXED_CHARS of the payload's JSON, made without serializing the rest. */
function indexedText(payload: JsonObject | undefined): string {
  return jsonPrefix(payload ?? {}, INDEXED_CHARS);
}

type Change =
  | { kind: 'created'; rowid: number; workflow: Workflow; ended: boolean }
  | {
      kind: 'changed';
      rowid: number;
      workflow: Workflow;
      wasEnded: boolean;
      ended: boolean;
      startChanged: boolean;
    }
  | { kind: 'removed'; rowid: number; wasEnded: boolean };

interface Documents {
  start: boolean;
  end: boolean;
}

/** What one execution's changes in a batch come to. */
interface Plan {
  /** The documents the index holds before the batch. */
  had: Documents;
  /** The documents it must hold after it. */
  want: Documents;
  /** The document's text may differ from what the index holds. */
  startStale: boolean;
  endStale: boolean;
  /** The execution as last written in the batch. */
  workflow?: Workflow;
}

export class TextIndex implements TxStaged {
  private call: Change[] = [];
  private batch: Change[] = [];
  private readonly insertDocuments;
  private readonly deleteDocuments;

  constructor(db: Connection) {
    // A start document leaves output and reason NULL, an end document the others (NULL indexes nothing), so both
    // go in one statement. migrations/003_search.sql backfills the same columns.
    this.insertDocuments = new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO workflow_text (rowid, workflow_id, correlation_id, workflow_type, input, output, reason)
         VALUES ${valueRows(rows, 7)}`,
    );
    this.deleteDocuments = new MultiRowStatement(
      db,
      (rows) => `DELETE FROM workflow_text WHERE rowid IN ${valueRows(1, rows)}`,
    );
  }

  /** A new execution row (`ended` when it is created in a terminal status). */
  created(rowid: number, workflow: Workflow, ended: boolean): void {
    this.call.push({ kind: 'created', rowid, workflow, ended });
  }

  /**
   * The row's text may have changed: it ended, was reopened, was written while ended, or got a new correlation
   * id (`startChanged`: the start document's text may differ).
   */
  changed(
    rowid: number,
    workflow: Workflow,
    change: { wasEnded: boolean; ended: boolean; startChanged: boolean },
  ): void {
    this.call.push({ kind: 'changed', rowid, workflow, ...change });
  }

  /** The row was deleted. */
  removed(rowid: number, wasEnded: boolean): void {
    this.call.push({ kind: 'removed', rowid, wasEnded });
  }

  callReleased(): void {
    if (this.call.length === 0) return;
    this.batch.push(...this.call);
    this.call = [];
  }

  callRolledBack(): void {
    this.call = [];
  }

  /**
   * Writes the batch's index changes, after every call and before COMMIT: its deletes in one statement, then its
   * inserts in another (a document replaced in the batch is deleted before it is inserted again).
   */
  batchCommitting(): void {
    const deletes: [number][] = [];
    const inserts: unknown[][] = [];
    for (const [rowid, { had, want, startStale, endStale, workflow }] of plans(this.batch)) {
      const start = rowid * 2;
      const end = start + 1;
      if (had.start && (!want.start || startStale)) deletes.push([start]);
      if (had.end && (!want.end || endStale)) deletes.push([end]);
      if (!workflow) continue;
      if (want.start && (!had.start || startStale)) {
        const { workflowId, correlationId, workflowName, input } = workflow;
        inserts.push([
          start,
          workflowId,
          correlationId ?? null,
          workflowName,
          indexedText(input),
          null,
          null,
        ]);
      }
      if (want.end && (!had.end || endStale)) {
        const { output, reasonForIncompletion: reason } = workflow;
        const cutReason = reason?.slice(0, INDEXED_CHARS) ?? null;
        inserts.push([end, null, null, null, null, indexedText(output), cutReason]);
      }
    }
    this.deleteDocuments.run(deletes);
    this.insertDocuments.run(inserts);
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

/** The changes of a batch, in order, reduced to one plan per row. */
function plans(changes: readonly Change[]): Map<number, Plan> {
  const byRow = new Map<number, Plan>();
  for (const change of changes) {
    let plan = byRow.get(change.rowid);
    if (!plan) {
      const had =
        change.kind === 'created' ? { start: false, end: false } : { start: true, end: change.wasEnded };
      plan = { had, want: had, startStale: false, endStale: false };
      byRow.set(change.rowid, plan);
    }
    switch (change.kind) {
      case 'created':
        plan.want = { start: true, end: change.ended };
        plan.startStale = plan.endStale = true;
        plan.workflow = change.workflow;
        break;
      case 'changed':
        plan.want = { start: true, end: change.ended };
        plan.workflow = change.workflow;
        plan.startStale ||= change.startChanged;
        // Any write to an ended execution may have changed its output or reason.
        plan.endStale ||= change.ended;
        break;
      case 'removed':
        plan.want = { start: false, end: false };
        plan.workflow = undefined;
        break;
    }
  }
  return byRow;
}
