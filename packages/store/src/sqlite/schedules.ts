/** Workflow schedules and the record of their ticks (see schedule-rows.ts for what both stores share). */
import type {
  ScheduleExecutionQuery,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
} from '@baton/protocol';
import { SCHEDULE_EXECUTIONS_KEPT, type SearchPage } from '../contract.js';
import {
  executionFromJson,
  executionSearchSql,
  scheduleFromRow,
  scheduleJson,
  type ScheduleRow,
} from '../schedule-rows.js';
import type { Connection } from './open.js';

export class ScheduleQueries {
  private readonly selectOne;
  private readonly selectAll;
  private readonly selectByWorkflow;
  private readonly selectDue;
  private readonly selectClaimable;
  private readonly upsert;
  private readonly deleteOne;
  private readonly insertExecution;
  private readonly moveNextRun;
  private readonly pruneExecutions;

  constructor(private readonly db: Connection) {
    this.selectOne = db.prepare<[string], ScheduleRow>(
      'SELECT next_run_time, json FROM schedules WHERE name = ?',
    );
    this.selectAll = db.prepare<[], ScheduleRow>('SELECT next_run_time, json FROM schedules ORDER BY name');
    this.selectByWorkflow = db.prepare<[string], ScheduleRow>(
      'SELECT next_run_time, json FROM schedules WHERE workflow_name = ? ORDER BY name',
    );
    this.selectDue = db
      .prepare<[number, number], string>(
        `SELECT name FROM schedules WHERE paused = 0 AND next_run_time IS NOT NULL AND next_run_time <= ?
         ORDER BY next_run_time, name LIMIT ?`,
      )
      .pluck();
    this.selectClaimable = db.prepare<[string, number], ScheduleRow>(
      `SELECT next_run_time, json FROM schedules
       WHERE name = ? AND paused = 0 AND next_run_time IS NOT NULL AND next_run_time <= ?`,
    );
    this.upsert = db.prepare<[string, string, number, number | null, string]>(
      `INSERT INTO schedules (name, workflow_name, paused, next_run_time, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET workflow_name = excluded.workflow_name, paused = excluded.paused,
         next_run_time = excluded.next_run_time, json = excluded.json`,
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM schedules WHERE name = ?');
    this.insertExecution = db.prepare<
      [string, string, number, number, string, string | null, string, string | null, string]
    >(
      `INSERT INTO schedule_executions (execution_id, schedule_name, scheduled_time, execution_time, workflow_name,
         workflow_id, state, reason, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (schedule_name, scheduled_time) DO NOTHING`,
    );
    this.moveNextRun = db.prepare<[number | null, string]>(
      'UPDATE schedules SET next_run_time = ? WHERE name = ?',
    );
    this.pruneExecutions = db.prepare<[string, string, number]>(
      `DELETE FROM schedule_executions WHERE schedule_name = ? AND scheduled_time < (
         SELECT scheduled_time FROM schedule_executions WHERE schedule_name = ?
         ORDER BY scheduled_time DESC LIMIT 1 OFFSET ?)`,
    );
  }

  get(name: string): WorkflowSchedule | undefined {
    const row = this.selectOne.get(name);
    return row && scheduleFromRow(row);
  }

  list(workflowName?: string): WorkflowSchedule[] {
    const rows = workflowName === undefined ? this.selectAll.all() : this.selectByWorkflow.all(workflowName);
    return rows.map(scheduleFromRow);
  }

  due(now: number, limit: number): string[] {
    return limit <= 0 ? [] : this.selectDue.all(now, limit);
  }

  /** One process owns the file and its transactions run one after another: reading is claiming. */
  claim(name: string, now: number): WorkflowSchedule | undefined {
    const row = this.selectClaimable.get(name, now);
    return row && scheduleFromRow(row);
  }

  put(schedule: WorkflowSchedule): void {
    this.upsert.run(
      schedule.name,
      schedule.startWorkflowRequest.name,
      schedule.paused ? 1 : 0,
      schedule.nextRunTime ?? null,
      scheduleJson(schedule),
    );
  }

  delete(name: string): boolean {
    return this.deleteOne.run(name).changes > 0;
  }

  recordRun(execution: WorkflowScheduleExecutionModel, nextRunTime: number | undefined): boolean {
    const inserted = this.insertExecution.run(
      execution.executionId,
      execution.scheduleName,
      execution.scheduledTime,
      execution.executionTime,
      execution.workflowName,
      execution.workflowId ?? null,
      execution.state,
      execution.reason ?? null,
      JSON.stringify(execution),
    );
    if (inserted.changes === 0) return false;
    this.moveNextRun.run(nextRunTime ?? null, execution.scheduleName);
    this.pruneExecutions.run(execution.scheduleName, execution.scheduleName, SCHEDULE_EXECUTIONS_KEPT - 1);
    return true;
  }

  search(query: ScheduleExecutionQuery): SearchPage<WorkflowScheduleExecutionModel> {
    const { where, orderBy, values } = executionSearchSql(query, () => '?', 'LIKE');
    const total = this.db
      .prepare<unknown[], number>(`SELECT count(*) FROM schedule_executions ${where}`)
      .pluck()
      .get(...values);
    const results = this.db
      .prepare<unknown[], string>(
        `SELECT json FROM schedule_executions ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...values, query.size, query.start);
    return { totalHits: total ?? 0, results: results.map(executionFromJson) };
  }
}
