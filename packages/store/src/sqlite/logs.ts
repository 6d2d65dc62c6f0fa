/** Task execution logs, returned in the order they were added. */
import type { TaskExecLog } from '@baton/protocol';
import type { Connection } from './open.js';

export class LogQueries {
  private readonly insertLog;
  private readonly selectLogs;
  private readonly deleteLogs;

  constructor(db: Connection) {
    this.insertLog = db.prepare<[string, string, number]>(
      'INSERT INTO task_logs (task_id, log, created_time) VALUES (?, ?, ?)',
    );
    this.selectLogs = db.prepare<[string], { log: string; created_time: number }>(
      'SELECT log, created_time FROM task_logs WHERE task_id = ? ORDER BY id',
    );
    this.deleteLogs = db.prepare<[string]>('DELETE FROM task_logs WHERE task_id = ?');
  }

  add(logs: readonly TaskExecLog[]): void {
    for (const entry of logs) this.insertLog.run(entry.taskId, entry.log, entry.createdTime);
  }

  get(taskId: string): TaskExecLog[] {
    return this.selectLogs
      .all(taskId)
      .map((row) => ({ log: row.log, taskId, createdTime: row.created_time }));
  }

  removeTask(taskId: string): void {
    this.deleteLogs.run(taskId);
  }
}
