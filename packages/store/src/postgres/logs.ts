/** Task execution logs, returned in the order they were added. */
import type { TaskExecLog } from '@baton/protocol';
import { type Db, statement, type TxDb } from './db.js';

const insertLogs = statement(
  'logs_add',
  `INSERT INTO task_logs (task_id, log, created_time)
   SELECT u.task_id, u.log, u.created_time FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS u (task_id, log, created_time, n)
   ORDER BY n`,
);
const selectLogs = statement(
  'logs',
  'SELECT log, created_time FROM task_logs WHERE task_id = $1 ORDER BY id',
);

export function add(db: TxDb, logs: readonly TaskExecLog[]): void {
  if (logs.length === 0) return;
  db.send(insertLogs, [logs.map((l) => l.taskId), logs.map((l) => l.log), logs.map((l) => l.createdTime)]);
}

export async function get(db: Db, taskId: string): Promise<TaskExecLog[]> {
  const rows = await db.rows<{ log: string; created_time: number }>(selectLogs, [taskId]);
  return rows.map((row) => ({ log: row.log, taskId, createdTime: row.created_time }));
}
