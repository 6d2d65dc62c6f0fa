/**
 * Workflow executions and their tasks. A workflow row's JSON holds neither `tasks` (one row each in `tasks`) nor
 * `workflowDefinition` (a shared snapshot, see def-snapshots.ts). Reads return the tasks of an execution as one
 * JSON array built by PostgreSQL, so they cost one statement and one JSON.parse whatever the task count.
 */
import type { Task, Workflow } from '@baton/protocol';
import { type Db, type Statement, statement, type TxDb } from './db.js';
import type { PgSnapshots } from './def-snapshots.js';
import { carryingSmallWrites, type ExecutionWrite } from './held-writes.js';
import { taskSummaryColumn, workflowSummaryColumn } from '../summaries.js';
import { taskRowJson, workflowRowJson } from '../row-json.js';

/** Where executions are read from and how definitions are resolved. */
export interface ExecutionSource {
  db: Db;
  snapshots: PgSnapshots;
  /** True for the pool (committed data only). */
  committedOnly: boolean;
}

export interface WorkflowRow {
  workflow_json: string;
  snapshot_hash: string;
  /** Null without tasks (none, or not asked for). */
  tasks_json: string | null;
}

const tasksOf = (alias: string): string =>
  `(SELECT '[' || string_agg(t.json, ',' ORDER BY t.seq) || ']' FROM tasks t WHERE t.workflow_id = ${alias}.workflow_id)`;
const rowColumns = (withTasks: boolean): string =>
  `w.json AS workflow_json, w.def_hash AS snapshot_hash, ${withTasks ? tasksOf('w') : 'NULL'} AS tasks_json`;

const selectWorkflow = statement(
  'workflow',
  `SELECT ${rowColumns(false)} FROM workflows w WHERE w.workflow_id = $1`,
);
const selectWorkflowWithTasks = statement(
  'workflow_with_tasks',
  `SELECT ${rowColumns(true)} FROM workflows w WHERE w.workflow_id = $1`,
);
/** See baton_lock_workflow_at in migrations-pg/009_execution_versions.sql. */
const lockWorkflowRow = statement('workflow_lock', 'SELECT * FROM baton_lock_workflow_at($1, $2, $3)');
/** See baton_lock_task_workflow_at in migrations-pg/009_execution_versions.sql. */
const lockTaskWorkflowRow = statement('task_workflow_lock', 'SELECT * FROM baton_lock_task_workflow_at($1)');
// Ties in creation order, as SQLite's rowid (created_seq comes with the search migration).
const selectByCorrelation = (withTasks: boolean, openOnly: boolean): Statement =>
  statement(
    `workflows_by_correlation_${withTasks ? 't' : 'n'}${openOnly ? 'o' : 'a'}`,
    `SELECT ${rowColumns(withTasks)} FROM workflows w
     WHERE w.workflow_name = $1 AND w.correlation_id = $2 ${openOnly ? "AND w.status IN ('RUNNING', 'PAUSED')" : ''}
     ORDER BY w.start_time, w.created_seq`,
  );
const byCorrelation = [false, true].map((withTasks) =>
  [false, true].map((openOnly) => selectByCorrelation(withTasks, openOnly)),
);
const selectRunningIds = statement(
  'running_ids',
  `SELECT workflow_id FROM workflows
   WHERE workflow_name = $1 AND workflow_version = $2 AND status = 'RUNNING' AND start_time BETWEEN $3 AND $4
   ORDER BY start_time, workflow_id`,
);
const selectTask = statement('task', 'SELECT json FROM tasks WHERE task_id = $1');

/** Inserts the snapshot unless $2 (its JSON) is null: the caller knows it is stored already. */
const insertSnapshot = `INSERT INTO def_snapshots (hash, json) SELECT $1::text, $2::text WHERE $2::text IS NOT NULL
  ON CONFLICT (hash) DO NOTHING`;
/** $3..$15 in the order of workflowColumns(), then the summary ($24, after the tasks). */
const workflowColumnNames = `workflow_id, workflow_name, workflow_version, status, correlation_id, parent_workflow_id,
  priority, start_time, create_time, update_time, end_time, def_hash, idempotency_key, json, summary`;
/** Tasks as parallel arrays $16..$23, in the order of taskArrays(). */
const taskRows = `SELECT u.task_id, $3::text, u.seq, u.reference_task_name, u.task_def_name, u.task_type, u.status, u.json,
    u.summary
  FROM unnest($16::text[], $17::int[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[])
    AS u (task_id, seq, reference_task_name, task_def_name, task_type, status, json, summary)`;
const taskColumnNames =
  'task_id, workflow_id, seq, reference_task_name, task_def_name, task_type, status, json, summary';
/**
 * Keeps running_tasks (the IN_PROGRESS tasks, which concurrentExecLimit counts) in step with tasks written from
 * the parallel arrays `$ids`, `$defs` and `$statuses`; `stopped` only for tasks that may have been running.
 */
const runningTasks = (ids: string, defs: string, statuses: string, stopped = true): string =>
  `running AS (INSERT INTO running_tasks (task_id, task_def_name)
     SELECT u.task_id, u.task_def_name FROM unnest(${ids}::text[], ${defs}::text[], ${statuses}::text[])
       AS u (task_id, task_def_name, status)
     WHERE u.status = 'IN_PROGRESS' ON CONFLICT (task_id) DO NOTHING)${
       stopped
         ? `,
   stopped AS (DELETE FROM running_tasks r USING unnest(${ids}::text[], ${statuses}::text[]) AS u (task_id, status)
     WHERE r.task_id = u.task_id AND u.status <> 'IN_PROGRESS')`
         : ''
     }`;
const taskUpsert = `ON CONFLICT (task_id) DO UPDATE SET workflow_id = excluded.workflow_id, seq = excluded.seq,
  reference_task_name = excluded.reference_task_name, task_def_name = excluded.task_def_name,
  task_type = excluded.task_type, status = excluded.status, json = excluded.json, summary = excluded.summary`;

const insertWorkflow = carryingSmallWrites(
  'workflow_create',
  26,
  (smallWrites) => `WITH snapshot AS (${insertSnapshot}),
   workflow AS (
     INSERT INTO workflows (${workflowColumnNames}, version)
     VALUES ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $1, $14, $15, $24::text, $25)
   ),
   ${runningTasks('$16', '$19', '$21', false)}${smallWrites}
   INSERT INTO tasks (${taskColumnNames}) ${taskRows}`,
);

/**
 * $26: the version the transaction expects the row at, or null (see HeldLock in held-writes.ts); a row at another
 * version, or none, is not written and fails the statement. $27: removed task ids, or the first small write.
 */
const updateWorkflowSql = (removals: boolean, smallWrites = ''): string =>
  `WITH snapshot AS (${insertSnapshot}),
   workflow AS (
     UPDATE workflows SET workflow_name = $4, workflow_version = $5, status = $6, correlation_id = $7,
       parent_workflow_id = $8, priority = $9, start_time = $10, create_time = $11, update_time = $12, end_time = $13,
       def_hash = $1, idempotency_key = $14, json = $15, summary = $24::text, version = $25
     WHERE workflow_id = $3 AND ($26::text IS NULL OR version = $26::text) RETURNING 1
   ),
   changed AS (INSERT INTO tasks (${taskColumnNames}) ${taskRows} WHERE EXISTS (SELECT FROM workflow) ${taskUpsert}),
   ${runningTasks('$16', '$19', '$21')}
   ${
     removals
       ? `, removed AS (DELETE FROM tasks WHERE task_id = ANY($27::text[]) AND workflow_id = $3),
          removed_running AS (DELETE FROM running_tasks WHERE task_id = ANY($27::text[])),
          messages AS (DELETE FROM queue_messages WHERE task_id = ANY($27::text[])),
          logs AS (DELETE FROM task_logs WHERE task_id = ANY($27::text[]))`
       : smallWrites
   }
   SELECT CASE WHEN count(*) = 1 THEN 1 ELSE baton_execution_not_written($3, $26) END FROM workflow`;
const updateWorkflowRow = carryingSmallWrites('workflow_update', 27, (smallWrites) =>
  updateWorkflowSql(false, smallWrites),
);
const updateWorkflowRowRemoving = statement('workflow_update_removing', updateWorkflowSql(true));

/** The execution's version changes with its tasks ($10). */
const upsertTasks = carryingSmallWrites(
  'tasks_put',
  11,
  (smallWrites) => `WITH versioned AS (UPDATE workflows SET version = $10 WHERE workflow_id = $1),
   ${runningTasks('$2', '$5', '$7')}${smallWrites}
   INSERT INTO tasks (${taskColumnNames})
   SELECT u.task_id, $1::text, u.seq, u.reference_task_name, u.task_def_name, u.task_type, u.status, u.json,
     u.summary
   FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     AS u (task_id, seq, reference_task_name, task_def_name, task_type, status, json, summary)
   ${taskUpsert}`,
);

/** Everything hanging off the execution goes with it: tasks (cascade), their messages and logs, timer, followers. */
const deleteWorkflowRow = statement(
  'workflow_remove',
  `WITH task_ids AS (SELECT task_id FROM tasks WHERE workflow_id = $1),
   messages AS (DELETE FROM queue_messages WHERE task_id IN (SELECT task_id FROM task_ids)),
   logs AS (DELETE FROM task_logs WHERE task_id IN (SELECT task_id FROM task_ids)),
   running AS (DELETE FROM running_tasks WHERE task_id IN (SELECT task_id FROM task_ids)),
   timer AS (DELETE FROM timers WHERE workflow_id = $1),
   followers AS (DELETE FROM workflow_followers WHERE workflow_id = $1),
   workflow AS (DELETE FROM workflows WHERE workflow_id = $1 RETURNING 1)
   SELECT count(*)::int AS removed FROM workflow`,
);

/** The execution, read without a lock (committed data through the pool). */
export async function getWorkflow(
  source: ExecutionSource,
  workflowId: string,
  includeTasks: boolean,
): Promise<Workflow | undefined> {
  const rows = await source.db.rows<WorkflowRow>(includeTasks ? selectWorkflowWithTasks : selectWorkflow, [
    workflowId,
  ]);
  return (await toWorkflows(source, rows))[0];
}

/** A locked execution's version, and the execution unless its version was the one the caller knows. */
export interface LockedExecution {
  version: string;
  workflow: Workflow | undefined;
}

type VersionedRow = { version: string } & ({ workflow_json: null } | WorkflowRow);

/**
 * The execution's version and, unless it is `knownVersion`, the execution, its row locked until the transaction
 * ends (see baton_lock_workflow_at); undefined when there is none.
 */
export async function lockWorkflow(
  source: ExecutionSource,
  workflowId: string,
  includeTasks: boolean,
  knownVersion: string | null,
): Promise<LockedExecution | undefined> {
  const rows = await source.db.rows<VersionedRow>(lockWorkflowRow, [workflowId, includeTasks, knownVersion]);
  return toLocked(source, rows[0]);
}

/** See baton_lock_workflow_expecting in migrations-pg/009_execution_versions.sql. */
const lockExpecting = statement('workflow_lock_expecting', 'SELECT baton_lock_workflow_expecting($1, $2)');

/**
 * Locks the execution without waiting for the answer: unless it is still at `version`, PostgreSQL fails the
 * transaction (see staleExecutionOf), whatever was sent after. `current` runs when the answer says it was.
 */
export function lockAtVersion(db: TxDb, workflowId: string, version: string, current: () => void): void {
  db.send(lockExpecting, [workflowId, version], current);
}

/** The execution that owns `taskId`, with its tasks and version, its row locked until the transaction ends. */
export async function lockTaskWorkflow(
  source: ExecutionSource,
  taskId: string,
): Promise<LockedExecution | undefined> {
  const rows = await source.db.rows<VersionedRow>(lockTaskWorkflowRow, [taskId]);
  return toLocked(source, rows[0]);
}

async function toLocked(
  source: ExecutionSource,
  row: VersionedRow | undefined,
): Promise<LockedExecution | undefined> {
  if (!row) return undefined;
  const workflow = row.workflow_json === null ? undefined : (await toWorkflows(source, [row]))[0];
  return { version: row.version, workflow };
}

export async function findByCorrelationId(
  source: ExecutionSource,
  name: string,
  correlationId: string,
  includeClosed: boolean,
  includeTasks: boolean,
): Promise<Workflow[]> {
  const stmt = byCorrelation[includeTasks ? 1 : 0]![includeClosed ? 0 : 1]!;
  return toWorkflows(source, await source.db.rows<WorkflowRow>(stmt, [name, correlationId]));
}

export async function runningWorkflowIds(
  db: Db,
  name: string,
  version: number,
  startTime?: number,
  endTime?: number,
): Promise<string[]> {
  const rows = await db.rows<{ workflow_id: string }>(selectRunningIds, [
    name,
    version,
    startTime ?? Number.MIN_SAFE_INTEGER,
    endTime ?? Number.MAX_SAFE_INTEGER,
  ]);
  return rows.map((row) => row.workflow_id);
}

export async function getTask(db: Db, taskId: string): Promise<Task | undefined> {
  const rows = await db.rows<{ json: string }>(selectTask, [taskId]);
  return rows[0] && (JSON.parse(rows[0].json) as Task);
}

/** The insert of the execution and its tasks, and the snapshot hash it inserts, if any. */
export function createWorkflow(
  snapshots: PgSnapshots,
  workflow: Workflow,
  version: string,
): { write: ExecutionWrite; inserted: string | undefined } {
  const { values, summary, inserted } = workflowValues(snapshots, workflow);
  const write = {
    stmt: insertWorkflow,
    values: [...values, ...taskArrays(workflow.tasks), summary, version],
  };
  return { write, inserted };
}

/**
 * The write of the execution's row, upserting `changed` and deleting `removedTaskIds` with their messages and
 * logs (a missing execution fails the transaction, inside PostgreSQL), and the snapshot hash it inserts, if any.
 */
export function updateWorkflow(
  snapshots: PgSnapshots,
  workflow: Workflow,
  changed: readonly Task[],
  removedTaskIds: readonly string[],
  version: string,
): { write: ExecutionWrite; inserted: string | undefined } {
  const { values, summary, inserted } = workflowValues(snapshots, workflow);
  const gone = new Set(removedTaskIds);
  // One row may be written once per statement: the last version of a task wins, and a removed task stays removed.
  const tasks = [...new Map(changed.map((t) => [t.taskId, t])).values()].filter((t) => !gone.has(t.taskId));
  // Removals delete messages: a small write carried in the same statement could meet the same row.
  const removing = gone.size > 0;
  const write = {
    stmt: removing ? updateWorkflowRowRemoving : updateWorkflowRow,
    values: [...values, ...taskArrays(tasks), summary, version, null, ...(removing ? [[...gone]] : [])],
    expects: { workflowId: workflow.workflowId, param: 25 },
  };
  return { write, inserted };
}

/**
 * The write of tasks (at least one) of an existing execution and its new version (the foreign key refuses a
 * missing execution).
 */
export function updateTasks(workflowId: string, tasks: readonly Task[], version: string): ExecutionWrite {
  for (const task of tasks) {
    if (task.workflowInstanceId !== workflowId) {
      throw new Error(
        `task ${task.taskId} belongs to workflow ${task.workflowInstanceId}, not ${workflowId}`,
      );
    }
  }
  const latest = [...new Map(tasks.map((t) => [t.taskId, t])).values()];
  return { stmt: upsertTasks, values: [workflowId, ...taskArrays(latest), version] };
}

export async function removeWorkflow(db: Db, workflowId: string): Promise<boolean> {
  const rows = await db.rows<{ removed: number }>(deleteWorkflowRow, [workflowId]);
  return rows[0]?.removed === 1;
}

export async function toWorkflows(
  source: ExecutionSource,
  rows: readonly WorkflowRow[],
): Promise<Workflow[]> {
  if (rows.length === 0) return [];
  const defs = await source.snapshots.definitions(
    source.db,
    rows.map((row) => row.snapshot_hash),
    source.committedOnly,
  );
  return rows.map((row) => {
    const workflow = JSON.parse(row.workflow_json) as Workflow;
    workflow.workflowDefinition = defs.get(row.snapshot_hash)!;
    workflow.tasks = row.tasks_json === null ? [] : (JSON.parse(row.tasks_json) as Task[]);
    return workflow;
  });
}

/** $1..$15: the snapshot (hash, JSON or null when known stored), then the workflow's columns; and its summary. */
function workflowValues(
  snapshots: PgSnapshots,
  workflow: Workflow,
): { values: unknown[]; summary: string | null; inserted: string | undefined } {
  const snapshot = snapshots.toWrite(workflow.workflowDefinition);
  const json = workflowRowJson(workflow);
  const values = [
    snapshot.hash,
    snapshot.insert ? snapshot.json : null,
    workflow.workflowId,
    workflow.workflowName,
    workflow.workflowVersion,
    workflow.status,
    workflow.correlationId ?? null,
    workflow.parentWorkflowId ?? null,
    workflow.priority,
    workflow.startTime,
    workflow.createTime ?? null,
    workflow.updateTime ?? null,
    workflow.endTime ?? null,
    workflow.idempotencyKey ?? null,
    json,
  ];
  return {
    values,
    summary: workflowSummaryColumn(workflow, json.length),
    inserted: snapshot.insert ? snapshot.hash : undefined,
  };
}

/** Parallel arrays of the tasks' columns, for unnest. */
function taskArrays(tasks: readonly Task[]): unknown[][] {
  const json = tasks.map(taskRowJson);
  return [
    tasks.map((t) => t.taskId),
    tasks.map((t) => t.seq),
    tasks.map((t) => t.referenceTaskName),
    tasks.map((t) => t.taskDefName),
    tasks.map((t) => t.taskType),
    tasks.map((t) => t.status),
    json,
    tasks.map((t, i) => taskSummaryColumn(t, json[i]!)),
  ];
}
