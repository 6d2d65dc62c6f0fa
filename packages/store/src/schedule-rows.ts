/**
 * What both stores share about schedules: the row <-> model mapping and the SQL of an execution search (built
 * for either dialect's placeholders).
 */
import type {
  ScheduleExecutionQuery,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
} from '@baton/protocol';

export interface ScheduleRow {
  next_run_time: number | null;
  json: string;
}

/** The stored JSON holds everything but the next tick, which lives in its own (indexed) column. */
export function scheduleFromRow(row: ScheduleRow): WorkflowSchedule {
  const schedule = JSON.parse(row.json) as WorkflowSchedule;
  if (row.next_run_time !== null) schedule.nextRunTime = row.next_run_time;
  return schedule;
}

export function scheduleJson(schedule: WorkflowSchedule): string {
  const { nextRunTime: _inColumn, ...rest } = schedule;
  return JSON.stringify(rest);
}

export const executionFromJson = (json: string): WorkflowScheduleExecutionModel =>
  JSON.parse(json) as WorkflowScheduleExecutionModel;

const SORT_COLUMNS = {
  scheduledTime: 'scheduled_time',
  executionTime: 'execution_time',
  scheduleName: 'schedule_name',
  workflowName: 'workflow_name',
  state: 'state',
} as const;

export interface ExecutionSearchSql {
  /** `WHERE ...` or empty. */
  where: string;
  orderBy: string;
  values: unknown[];
}

/**
 * @param placeholder the dialect's n-th (1-based) parameter: `?` or `$n`
 * @param like the case-insensitive LIKE of the dialect (SQLite's LIKE is, PostgreSQL's ILIKE)
 */
export function executionSearchSql(
  query: ScheduleExecutionQuery,
  placeholder: (n: number) => string,
  like: 'LIKE' | 'ILIKE',
): ExecutionSearchSql {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return placeholder(values.length);
  };
  const clauses: string[] = [];
  if (query.scheduleNames.length > 0)
    clauses.push(`schedule_name IN (${query.scheduleNames.map(param).join(', ')})`);
  if (query.states.length > 0) clauses.push(`state IN (${query.states.map(param).join(', ')})`);
  if (query.scheduledAfter !== undefined) clauses.push(`scheduled_time > ${param(query.scheduledAfter)}`);
  if (query.scheduledBefore !== undefined) clauses.push(`scheduled_time < ${param(query.scheduledBefore)}`);
  if (query.workflowName !== undefined) clauses.push(`workflow_name = ${param(query.workflowName)}`);
  if (query.executionId !== undefined) clauses.push(`execution_id = ${param(query.executionId)}`);
  if (query.freeText !== undefined) {
    const pattern = `%${query.freeText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = ['schedule_name', 'workflow_name', 'workflow_id', 'reason'];
    clauses.push(`(${columns.map((c) => `${c} ${like} ${param(pattern)} ESCAPE '\\'`).join(' OR ')})`);
  }
  const order = query.sort.map((s) => `${SORT_COLUMNS[s.field]} ${s.descending ? 'DESC' : 'ASC'}`);
  // Ties end in the unique execution id, so pages never overlap or skip a record.
  const orderBy = [...(order.length > 0 ? order : ['scheduled_time DESC']), 'execution_id ASC'].join(', ');
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', orderBy, values };
}
