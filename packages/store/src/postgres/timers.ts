/** One durable timer per workflow: when it needs its next decide without any outside event. */
import { type Db, statement, type TxDb } from './db.js';

const upsertTimer = statement(
  'timer_set',
  `INSERT INTO timers (workflow_id, due_at) VALUES ($1, $2)
   ON CONFLICT (workflow_id) DO UPDATE SET due_at = excluded.due_at`,
);
const lowerTimer = statement(
  'timer_lower',
  `INSERT INTO timers (workflow_id, due_at) VALUES ($1, $2)
   ON CONFLICT (workflow_id) DO UPDATE SET due_at = least(timers.due_at, excluded.due_at)`,
);
const deleteTimer = statement('timer_clear', 'DELETE FROM timers WHERE workflow_id = $1');
// Timers a decision holds locked are skipped: that decision is about to move them anyway.
const claimDue = statement(
  'timers_claim',
  `WITH due AS (
     SELECT workflow_id, due_at FROM timers WHERE due_at <= $1 ORDER BY due_at, workflow_id LIMIT $2
     FOR UPDATE SKIP LOCKED
   )
   UPDATE timers t SET due_at = $3 FROM due WHERE t.workflow_id = due.workflow_id
   RETURNING due.workflow_id, due.due_at`,
);

export function set(db: TxDb, workflowId: string, dueAt: number | null): void {
  if (dueAt === null) db.send(deleteTimer, [workflowId]);
  else db.send(upsertTimer, [workflowId, dueAt]);
}

export function setIfEarlier(db: TxDb, workflowId: string, dueAt: number): void {
  db.send(lowerTimer, [workflowId, dueAt]);
}

/** Due timers in due order, each pushed to `now + rearmMs`. */
export async function claimDueTimers(db: Db, now: number, limit: number, rearmMs: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db.rows<{ workflow_id: string; due_at: number }>(claimDue, [now, limit, now + rearmMs]);
  rows.sort(
    (a, b) =>
      a.due_at - b.due_at || (a.workflow_id < b.workflow_id ? -1 : a.workflow_id > b.workflow_id ? 1 : 0),
  );
  return rows.map((row) => row.workflow_id);
}
