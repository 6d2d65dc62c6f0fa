/**
 * Workflow schedules and the record of their ticks (see schedule-rows.ts for what both stores share). A due
 * schedule is claimed with FOR UPDATE SKIP LOCKED: while one server's transaction fires a tick, the others pass
 * it by, and once it commits the schedule is no longer due.
 */
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
import { type Db, statement, type TxDb } from './db.js';

const selectOne = statement('schedule', 'SELECT next_run_time, json FROM schedules WHERE name = $1');
const selectAll = statement('schedules', 'SELECT next_run_time, json FROM schedules ORDER BY name');
const selectByWorkflow = statement(
  'schedules_of_workflow',
  'SELECT next_run_time, json FROM schedules WHERE workflow_name = $1 ORDER BY name',
);
const selectDue = statement(
  'schedules_due',
  `SELECT name FROM schedules WHERE NOT paused AND next_run_time IS NOT NULL AND next_run_time <= $1
   ORDER BY next_run_time, name LIMIT $2`,
);
const claimOne = statement(
  'schedule_claim',
  `SELECT next_run_time, json FROM schedules
   WHERE name = $1 AND NOT paused AND next_run_time IS NOT NULL AND next_run_time <= $2
   FOR UPDATE SKIP LOCKED`,
);
const upsert = statement(
  'schedule_put',
  `INSERT INTO schedules (name, workflow_name, paused, next_run_time, json) VALUES ($1, $2, $3, $4, $5)
   ON CONFLICT (name) DO UPDATE SET workflow_name = excluded.workflow_name, paused = excluded.paused,
     next_run_time = excluded.next_run_time, json = excluded.json`,
);
const deleteOne = statement('schedule_delete', 'DELETE FROM schedules WHERE name = $1 RETURNING 1');
const insertExecution = statement(
  'schedule_execution_insert',
  `INSERT INTO schedule_executions (execution_id, schedule_name, scheduled_time, execution_time, workflow_name,
     workflow_id, state, reason, json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
   ON CONFLICT (schedule_name, scheduled_time) DO NOTHING RETURNING 1`,
);
const moveNextRun = statement('schedule_next_run', 'UPDATE schedules SET next_run_time = $1 WHERE name = $2');
const pruneExecutions = statement(
  'schedule_executions_prune',
  `DELETE FROM schedule_executions WHERE schedule_name = $1 AND scheduled_time < (
     SELECT scheduled_time FROM schedule_executions WHERE schedule_name = $1
     ORDER BY scheduled_time DESC LIMIT 1 OFFSET $2)`,
);

export async function get(db: Db, name: string): Promise<WorkflowSchedule | undefined> {
  const [row] = await db.rows<ScheduleRow>(selectOne, [name]);
  return row && scheduleFromRow(row);
}

export async function list(db: Db, workflowName?: string): Promise<WorkflowSchedule[]> {
  const rows =
    workflowName === undefined
      ? await db.rows<ScheduleRow>(selectAll, [])
      : await db.rows<ScheduleRow>(selectByWorkflow, [workflowName]);
  return rows.map(scheduleFromRow);
}

export async function due(db: Db, now: number, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  return (await db.rows<{ name: string }>(selectDue, [now, limit])).map((row) => row.name);
}

export async function claim(db: Db, name: string, now: number): Promise<WorkflowSchedule | undefined> {
  const [row] = await db.rows<ScheduleRow>(claimOne, [name, now]);
  return row && scheduleFromRow(row);
}

export function put(db: TxDb, schedule: WorkflowSchedule): void {
  db.send(upsert, [
    schedule.name,
    schedule.startWorkflowRequest.name,
    schedule.paused,
    schedule.nextRunTime ?? null,
    scheduleJson(schedule),
  ]);
}

export async function remove(db: Db, name: string): Promise<boolean> {
  return (await db.rows(deleteOne, [name])).length > 0;
}

export async function recordRun(
  db: TxDb,
  execution: WorkflowScheduleExecutionModel,
  nextRunTime: number | undefined,
): Promise<boolean> {
  const inserted = await db.rows(insertExecution, [
    execution.executionId,
    execution.scheduleName,
    execution.scheduledTime,
    execution.executionTime,
    execution.workflowName,
    execution.workflowId ?? null,
    execution.state,
    execution.reason ?? null,
    JSON.stringify(execution),
  ]);
  if (inserted.length === 0) return false;
  db.send(moveNextRun, [nextRunTime ?? null, execution.scheduleName]);
  db.send(pruneExecutions, [execution.scheduleName, SCHEDULE_EXECUTIONS_KEPT - 1]);
  return true;
}

/** Unnamed statements: the text varies with the filters given. */
export async function search(
  db: Db,
  query: ScheduleExecutionQuery,
): Promise<SearchPage<WorkflowScheduleExecutionModel>> {
  const { where, orderBy, values } = executionSearchSql(query, (n) => `$${n}`, 'ILIKE');
  const n = values.length;
  const [count] = await db.rows<{ total: number }>(
    { name: '', text: `SELECT count(*)::int AS total FROM schedule_executions ${where}` },
    values,
  );
  const rows = await db.rows<{ json: string }>(
    {
      name: '',
      text: `SELECT json FROM schedule_executions ${where} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    },
    [...values, query.size, query.start],
  );
  return { totalHits: count?.total ?? 0, results: rows.map((row) => executionFromJson(row.json)) };
}
