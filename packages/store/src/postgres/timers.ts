/**
 * One durable timer per workflow: when it needs its next decide without any outside event. Timers are written with
 * the execution's writes (held-writes.ts).
 */
import { type Db, statement } from './db.js';

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
