/**
 * What §4.7's limits count: IN_PROGRESS tasks per definition, and recent hand-outs per definition. Servers
 * sharing the database make their count-then-act atomic with `lockKey` first (the runtime's job).
 */
import { type Db, statement, type TxDb } from './db.js';

const countInProgressTasks = statement(
  'in_progress',
  'SELECT count(*)::int AS n FROM running_tasks WHERE task_def_name = $1',
);
// Older rows of that definition can no longer count against its window: pruned by the same statement, so the
// table stays as small as the window whatever the hand-out rate.
const selectRecentHandouts = statement(
  'handouts_recent',
  `WITH pruned AS (DELETE FROM handouts WHERE task_def_name = $1 AND at < $2)
   SELECT at FROM handouts WHERE task_def_name = $1 AND at >= $2 ORDER BY at`,
);
const insertHandout = statement('handout_record', 'INSERT INTO handouts (task_def_name, at) VALUES ($1, $2)');

export async function countInProgress(db: Db, taskDefName: string): Promise<number> {
  return (await db.rows<{ n: number }>(countInProgressTasks, [taskDefName]))[0]?.n ?? 0;
}

export async function recentHandouts(db: Db, taskDefName: string, since: number): Promise<number[]> {
  return (await db.rows<{ at: number }>(selectRecentHandouts, [taskDefName, since])).map((row) => row.at);
}

export function recordHandout(db: TxDb, taskDefName: string, at: number): void {
  db.send(insertHandout, [taskDefName, at]);
}
