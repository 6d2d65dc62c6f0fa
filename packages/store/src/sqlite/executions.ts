/**
 * Workflow executions and their tasks. A workflow row's JSON holds neither `tasks` (one row each in `tasks`)
 * nor `workflowDefinition` (a shared snapshot, see def-snapshots.ts).
 */
import {
  isTerminalWorkflowStatus,
  type JsonObject,
  type Task,
  type TaskSummary,
  type Workflow,
  type WorkflowSummary,
} from '@baton/protocol';
import type { SnapshotCache } from './def-snapshots.js';
import { type ExecutionCache, mergeTasks, sortedBySeq } from './execution-cache.js';
import type { Connection } from './open.js';
import type { CountKey, StatusCounts } from './search/status-counts.js';
import type { TextIndex } from './search/text-index.js';
import type { StagedMap } from './staged-map.js';
import { type JsonPieces, workflowDocument } from '../documents.js';
import {
  joinObjects,
  payloadsText,
  taskRowJson,
  WORKFLOW_PAYLOADS,
  type WorkflowPayload,
  workflowRowParts,
} from '../row-json.js';
import {
  summarySelect,
  taskSummaryColumn,
  taskSummaryOf,
  workflowSummaryColumn,
  workflowSummaryOf,
} from '../summaries.js';

/** What the write connection keeps in memory (the read connection keeps nothing: it must see commits only). */
export interface WriteCaches {
  executions: ExecutionCache;
  /** Snapshot hashes known to be in def_snapshots, so their INSERT can be skipped. */
  storedSnapshots: StagedMap<string, true>;
  /** The full-text index's pending writes. */
  textIndex: TextIndex;
  /** Pending changes of the executions per (name, status) counts. */
  statusCounts: StatusCounts;
  /** Which payloads of an execution are in workflow_payloads as written last (its row's mask, see row-json.ts). */
  payloadsApart: StagedMap<string, number>;
}

/** What an update needs to know of the row it replaces: for the text index and the status counts. */
interface PriorState {
  /** Known when read from the row. */
  rowid?: number;
  workflowName: string;
  status: string;
  correlationId?: string | null;
  parentWorkflowId?: string | null;
}

/** A search hit's stored summary, and its JSON only where there is none. */
type SummaryRow = [summary: string | null, json: string | null];

interface WorkflowRow {
  json: string;
  def_hash: string;
  /** Its payloads kept in workflow_payloads. */
  input: string | null;
  output: string | null;
  variables: string | null;
}

type WorkflowColumns = [
  workflowName: string,
  workflowVersion: number,
  status: string,
  correlationId: string | null,
  parentWorkflowId: string | null,
  priority: number,
  startTime: number,
  createTime: number | null,
  updateTime: number | null,
  endTime: number | null,
  defHash: string,
  json: string,
  payloadsApart: number,
  summary: string | null,
  idempotencyKey: string | null,
  workflowId: string,
];

/** The columns a workflow update may change, then the ones it may not (they select the row). */
type WorkflowStateColumns = [
  status: string,
  priority: number,
  updateTime: number | null,
  endTime: number | null,
  defHash: string,
  json: string,
  payloadsApart: number,
  summary: string | null,
  workflowId: string,
  workflowName: string,
  workflowVersion: number,
  correlationId: string | null,
  parentWorkflowId: string | null,
  startTime: number,
  createTime: number | null,
];

/** The columns a write that keeps the status may change, then the ones that select the row. */
type WorkflowFieldsColumns = [
  priority: number,
  updateTime: number | null,
  endTime: number | null,
  defHash: string,
  json: string,
  payloadsApart: number,
  summary: string | null,
  status: string,
  workflowId: string,
  workflowName: string,
  workflowVersion: number,
  correlationId: string | null,
  parentWorkflowId: string | null,
  startTime: number,
  createTime: number | null,
];

type TaskStateColumns = [
  status: string,
  json: string,
  summary: string | null,
  taskId: string,
  workflowId: string,
  seq: number,
  referenceTaskName: string,
  taskDefName: string,
  taskType: string,
];

type TaskColumns = [
  taskId: string,
  workflowId: string,
  seq: number,
  referenceTaskName: string,
  taskDefName: string,
  taskType: string,
  status: string,
  json: string,
  summary: string | null,
];

const openStatuses = "('RUNNING', 'PAUSED')";
// A row's payloads kept apart are read with it, in the same statement (so from the same commit).
const payloadsSelect = Object.entries(WORKFLOW_PAYLOADS).map(
  ([field, bit]) =>
    `CASE WHEN w.payloads_apart & ${bit} THEN (SELECT p.json FROM workflow_payloads p
       WHERE p.workflow_id = w.workflow_id AND p.field = '${field}') END AS ${field}`,
);
const workflowFields = ['w.json', 'w.def_hash', ...payloadsSelect].join(', ');

export class ExecutionQueries {
  private readonly selectWorkflow;
  private readonly selectWorkflowAt;
  private readonly selectTaskAt;
  private readonly selectWorkflowSummaryAt;
  private readonly selectTaskSummaryAt;
  private readonly selectByCorrelation;
  private readonly selectOpenByCorrelation;
  private readonly selectRunningIds;
  private readonly selectIdsByCorrelation;
  private readonly selectOpenIdsByCorrelation;
  private readonly insertWorkflow;
  private readonly updateWorkflowRow;
  private readonly updateWorkflowState;
  private readonly updateWorkflowFields;
  private readonly updateTaskState;
  private readonly deleteWorkflowRow;
  private readonly selectPriorState;
  private readonly selectRowid;
  private readonly deleteTaskRow;
  private readonly selectTask;
  private readonly selectTasks;
  private readonly selectTaskIds;
  private readonly selectTaskRowids;
  private readonly upsertTask;
  private readonly selectSnapshot;
  private readonly insertSnapshot;
  private readonly upsertPayload;
  private readonly deletePayload;

  constructor(
    db: Connection,
    private readonly snapshots: SnapshotCache,
    private readonly caches?: WriteCaches,
  ) {
    this.selectWorkflow = db.prepare<[string], WorkflowRow>(
      `SELECT ${workflowFields} FROM workflows w WHERE w.workflow_id = ?`,
    );
    this.selectWorkflowAt = db.prepare<[number], WorkflowRow & { workflow_id: string }>(
      `SELECT w.workflow_id, ${workflowFields} FROM workflows w WHERE w.rowid = ?`,
    );
    this.selectTaskAt = db.prepare<[number], string>('SELECT json FROM tasks WHERE rowid = ?').pluck();
    this.selectWorkflowSummaryAt = db
      .prepare<[number], SummaryRow>(
        `SELECT ${summarySelect('w').join(', ')} FROM workflows w WHERE rowid = ?`,
      )
      .raw();
    this.selectTaskSummaryAt = db
      .prepare<[number], SummaryRow>(`SELECT ${summarySelect('t').join(', ')} FROM tasks t WHERE rowid = ?`)
      .raw();
    this.selectByCorrelation = db.prepare<[string, string], WorkflowRow & { workflow_id: string }>(
      `SELECT w.workflow_id, ${workflowFields} FROM workflows w
       WHERE w.workflow_name = ? AND w.correlation_id = ? ORDER BY w.start_time, w.rowid`,
    );
    this.selectOpenByCorrelation = db.prepare<[string, string], WorkflowRow & { workflow_id: string }>(
      `SELECT w.workflow_id, ${workflowFields} FROM workflows w
       WHERE w.workflow_name = ? AND w.correlation_id = ? AND w.status IN ${openStatuses}
       ORDER BY w.start_time, w.rowid`,
    );
    this.selectIdsByCorrelation = db
      .prepare<[string, string], string>(
        `SELECT workflow_id FROM workflows WHERE workflow_name = ? AND correlation_id = ? ORDER BY start_time, rowid`,
      )
      .pluck();
    this.selectOpenIdsByCorrelation = db
      .prepare<[string, string], string>(
        `SELECT workflow_id FROM workflows
         WHERE workflow_name = ? AND correlation_id = ? AND status IN ${openStatuses} ORDER BY start_time, rowid`,
      )
      .pluck();
    this.selectRunningIds = db
      .prepare<[string, number, number, number], string>(
        `SELECT workflow_id FROM workflows
         WHERE workflow_name = ? AND workflow_version = ? AND status = 'RUNNING' AND start_time BETWEEN ? AND ?
         ORDER BY start_time, workflow_id`,
      )
      .pluck();
    this.insertWorkflow = db.prepare<WorkflowColumns>(
      `INSERT INTO workflows (workflow_name, workflow_version, status, correlation_id, parent_workflow_id, priority,
         start_time, create_time, update_time, end_time, def_hash, json, payloads_apart, summary, idempotency_key,
         workflow_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateWorkflowRow = db.prepare<WorkflowColumns>(
      `UPDATE workflows SET workflow_name = ?, workflow_version = ?, status = ?, correlation_id = ?,
         parent_workflow_id = ?, priority = ?, start_time = ?, create_time = ?, update_time = ?, end_time = ?,
         def_hash = ?, json = ?, payloads_apart = ?, summary = ?, idempotency_key = ?
       WHERE workflow_id = ?`,
    );
    // Updates that leave the indexed identity columns alone touch fewer indexes; 0 changes means they did not.
    this.updateWorkflowState = db.prepare<WorkflowStateColumns>(
      `UPDATE workflows SET status = ?, priority = ?, update_time = ?, end_time = ?, def_hash = ?, json = ?,
         payloads_apart = ?, summary = ?
       WHERE workflow_id = ? AND workflow_name = ? AND workflow_version = ? AND correlation_id IS ?
         AND parent_workflow_id IS ? AND start_time = ? AND create_time IS ?`,
    );
    // While the status stays, leaving it out of SET spares every index on status (search's among them).
    this.updateWorkflowFields = db.prepare<WorkflowFieldsColumns>(
      `UPDATE workflows SET priority = ?, update_time = ?, end_time = ?, def_hash = ?, json = ?, payloads_apart = ?,
         summary = ?
       WHERE status = ? AND workflow_id = ? AND workflow_name = ? AND workflow_version = ? AND correlation_id IS ?
         AND parent_workflow_id IS ? AND start_time = ? AND create_time IS ?`,
    );
    this.updateTaskState = db.prepare<TaskStateColumns>(
      `UPDATE tasks SET status = ?, json = ?, summary = ?
       WHERE task_id = ? AND workflow_id = ? AND seq = ? AND reference_task_name = ? AND task_def_name = ?
         AND task_type = ?`,
    );
    this.deleteWorkflowRow = db.prepare<[string], PriorState & { rowid: number }>(
      `DELETE FROM workflows WHERE workflow_id = ?
       RETURNING rowid, workflow_name AS workflowName, status, parent_workflow_id AS parentWorkflowId`,
    );
    this.selectRowid = db
      .prepare<[string], number>('SELECT rowid FROM workflows WHERE workflow_id = ?')
      .pluck();
    this.selectPriorState = db.prepare<[string], PriorState>(
      `SELECT rowid, workflow_name AS workflowName, status, correlation_id AS correlationId,
         parent_workflow_id AS parentWorkflowId
       FROM workflows WHERE workflow_id = ?`,
    );
    this.deleteTaskRow = db.prepare<[string]>('DELETE FROM tasks WHERE task_id = ?');
    this.selectTask = db.prepare<[string], string>('SELECT json FROM tasks WHERE task_id = ?').pluck();
    this.selectTasks = db
      .prepare<[string], string>('SELECT json FROM tasks WHERE workflow_id = ? ORDER BY seq')
      .pluck();
    this.selectTaskRowids = db
      .prepare<[string], number>('SELECT rowid FROM tasks WHERE workflow_id = ? ORDER BY seq')
      .pluck();
    this.selectTaskIds = db
      .prepare<[string], string>('SELECT task_id FROM tasks WHERE workflow_id = ?')
      .pluck();
    this.upsertTask = db.prepare<TaskColumns>(
      `INSERT INTO tasks (task_id, workflow_id, seq, reference_task_name, task_def_name, task_type, status, json,
         summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (task_id) DO UPDATE SET workflow_id = excluded.workflow_id, seq = excluded.seq,
         reference_task_name = excluded.reference_task_name, task_def_name = excluded.task_def_name,
         task_type = excluded.task_type, status = excluded.status, json = excluded.json, summary = excluded.summary`,
    );
    this.selectSnapshot = db
      .prepare<[string], string>('SELECT json FROM def_snapshots WHERE hash = ?')
      .pluck();
    this.insertSnapshot = db.prepare<[string, string]>(
      'INSERT INTO def_snapshots (hash, json) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
    );
    this.upsertPayload = db.prepare<[string, string, string]>(
      `INSERT INTO workflow_payloads (workflow_id, field, json) VALUES (?, ?, ?)
       ON CONFLICT (workflow_id, field) DO UPDATE SET json = excluded.json`,
    );
    this.deletePayload = db.prepare<[string, string]>(
      'DELETE FROM workflow_payloads WHERE workflow_id = ? AND field = ?',
    );
  }

  getWorkflow(workflowId: string, includeTasks: boolean): Workflow | undefined {
    const cache = this.caches?.executions;
    const cached = cache?.workflow(workflowId);
    if (cached) return includeTasks ? cached : { ...cached, tasks: [] };
    const row = this.selectWorkflow.get(workflowId);
    const workflow = row && this.toWorkflow(row, workflowId, includeTasks);
    if (workflow && includeTasks) cache?.remember(workflow);
    return workflow;
  }

  /** The execution stored in that row (a search hit), without its tasks. */
  workflowAtRowid(rowid: number): Workflow | undefined {
    const row = this.selectWorkflowAt.get(rowid);
    return row && this.toWorkflow(row, row.workflow_id, false);
  }

  /** getWorkflow's execution as JSON text (see documents.ts), its tasks read one at a time. */
  workflowJson(workflowId: string, includeTasks: boolean): JsonPieces | undefined {
    const row = this.selectWorkflow.get(workflowId);
    if (!row) return undefined;
    const tasks = includeTasks ? this.tasksJson(this.selectTaskRowids.all(workflowId)) : [];
    return workflowDocument(rowJson(row), this.definitionJson(row.def_hash), tasks);
  }

  /** Ids of findByCorrelationId's executions, in its order. */
  idsByCorrelationId(name: string, correlationId: string, includeClosed: boolean): string[] {
    return (includeClosed ? this.selectIdsByCorrelation : this.selectOpenIdsByCorrelation).all(
      name,
      correlationId,
    );
  }

  /** The execution in that row (a search hit) as JSON text, without its tasks. */
  workflowJsonAtRowid(rowid: number): JsonPieces | undefined {
    const row = this.selectWorkflowAt.get(rowid);
    return row && workflowDocument(rowJson(row), this.definitionJson(row.def_hash), []);
  }

  /** The JSON of the task in that row (a search hit). */
  taskJsonAtRowid(rowid: number): string | undefined {
    return this.selectTaskAt.get(rowid);
  }

  /** The summary of the execution in that row (a search hit), read without its JSON where one is stored. */
  workflowSummaryAtRowid(rowid: number): WorkflowSummary | undefined {
    const row = this.selectWorkflowSummaryAt.get(rowid);
    return row && workflowSummaryOf(row[0], row[1]);
  }

  /** The summary of the task in that row (see workflowSummaryAtRowid). */
  taskSummaryAtRowid(rowid: number): TaskSummary | undefined {
    const row = this.selectTaskSummaryAt.get(rowid);
    return row && taskSummaryOf(row[0], row[1]);
  }

  /** The task stored in that row (a search hit). */
  taskAtRowid(rowid: number): Task | undefined {
    const json = this.selectTaskAt.get(rowid);
    return json === undefined ? undefined : (JSON.parse(json) as Task);
  }

  findByCorrelationId(
    name: string,
    correlationId: string,
    includeClosed: boolean,
    includeTasks: boolean,
  ): Workflow[] {
    const rows = (includeClosed ? this.selectByCorrelation : this.selectOpenByCorrelation).all(
      name,
      correlationId,
    );
    return rows.map((row) => this.toWorkflow(row, row.workflow_id, includeTasks));
  }

  runningWorkflowIds(name: string, version: number, startTime?: number, endTime?: number): string[] {
    return this.selectRunningIds.all(
      name,
      version,
      startTime ?? Number.MIN_SAFE_INTEGER,
      endTime ?? Number.MAX_SAFE_INTEGER,
    );
  }

  getTask(taskId: string): Task | undefined {
    const cached = this.caches?.executions.task(taskId);
    if (cached) return cached;
    const json = this.selectTask.get(taskId);
    return json === undefined ? undefined : (JSON.parse(json) as Task);
  }

  taskIds(workflowId: string): string[] {
    return this.selectTaskIds.all(workflowId);
  }

  createWorkflow(workflow: Workflow): void {
    const { columns, apart } = this.workflowColumns(workflow);
    const rowid = Number(this.insertWorkflow.run(...columns).lastInsertRowid);
    this.putPayloads(workflow, apart, undefined);
    this.caches?.textIndex.created(rowid, workflow, ended(workflow.status));
    this.caches?.statusCounts.add(countKey(workflow), 1);
    for (const task of workflow.tasks) {
      this.upsertTask.run(...taskColumns(workflow.workflowId, task, taskRowJson(task)));
    }
    this.remember(workflow, columns[10], sortedBySeq([...workflow.tasks]));
    this.caches?.executions.inserted(workflow.workflowId, rowid);
  }

  /** Writes the execution's row and `changedTasks`, and deletes the `removedTaskIds` rows. */
  updateWorkflow(workflow: Workflow, changedTasks: readonly Task[], removedTaskIds: readonly string[]): void {
    const { workflowId } = workflow;
    const before = this.caches?.executions.workflow(workflowId);
    const prior: PriorState | undefined = before ?? (this.caches && this.selectPriorState.get(workflowId));
    const { columns, apart } = this.workflowColumns(workflow);
    const [
      name,
      version,
      status,
      correlationId,
      parentId,
      priority,
      start,
      create,
      update,
      end,
      hash,
      json,
      apartMask,
      summary,
    ] = columns;
    const identity = [workflowId, name, version, correlationId, parentId, start, create] as const;
    const sameStatus =
      before?.status === status &&
      this.updateWorkflowFields.run(
        priority,
        update,
        end,
        hash,
        json,
        apartMask,
        summary,
        status,
        ...identity,
      ).changes > 0;
    const narrow =
      sameStatus ||
      this.updateWorkflowState.run(status, priority, update, end, hash, json, apartMask, summary, ...identity)
        .changes > 0;
    if (!narrow) {
      // The full update takes every column, in the insert's order (the id last, as its WHERE).
      const full = this.updateWorkflowRow.run(...columns);
      if (full.changes === 0) throw new Error(`workflow ${workflowId} does not exist`);
    }
    this.putPayloads(workflow, apart, before);
    if (prior) this.recordChange(prior, workflow);
    this.putTasks(workflowId, changedTasks, before?.tasks);
    for (const taskId of removedTaskIds) this.deleteTaskRow.run(taskId);
    if (before) this.remember(workflow, hash, mergeTasks(before.tasks, changedTasks, removedTaskIds));
    else this.caches?.executions.forget(workflowId);
  }

  /** Writes existing tasks of the execution without touching its own row. */
  updateTasks(workflowId: string, tasks: readonly Task[]): void {
    const cache = this.caches?.executions;
    const before = cache?.workflow(workflowId);
    for (const task of tasks) {
      if (task.workflowInstanceId !== workflowId) {
        throw new Error(
          `task ${task.taskId} belongs to workflow ${task.workflowInstanceId}, not ${workflowId}`,
        );
      }
      const json = taskRowJson(task);
      if (this.updateTaskState.run(...taskStateColumns(workflowId, task, json)).changes > 0) continue;
      this.upsertTask.run(...taskColumns(workflowId, task, json)); // the foreign key refuses a missing workflow
    }
    if (before) cache?.remember({ ...before, tasks: mergeTasks(before.tasks, tasks, []) });
    else cache?.forget(workflowId);
  }

  /** Deletes the workflow row; its tasks go with it (ON DELETE CASCADE). */
  deleteWorkflow(workflowId: string): boolean {
    this.caches?.executions.forget(workflowId);
    this.caches?.payloadsApart.forget(workflowId);
    const row = this.deleteWorkflowRow.get(workflowId);
    if (row === undefined) return false;
    this.caches?.textIndex.removed(row.rowid, ended(row.status));
    this.caches?.statusCounts.add(countKey(row), -1);
    return true;
  }

  /**
   * Tells the text index and the status counts what an update changed. The indexed text (input, output,
   * failure reason, correlation id) changes only when an execution ends or is reopened (rerun, retry, restart),
   * is written while ended, or gets a new correlation id; never while it runs.
   */
  private recordChange(prior: PriorState, workflow: Workflow): void {
    const wasEnded = ended(prior.status);
    const nowEnded = ended(workflow.status);
    const correlationChanged = (prior.correlationId ?? null) !== (workflow.correlationId ?? null);
    if (wasEnded || nowEnded || correlationChanged) {
      const { workflowId } = workflow;
      const rowid =
        prior.rowid ?? this.caches?.executions.rowid(workflowId) ?? this.selectRowid.get(workflowId)!;
      this.caches?.textIndex.changed(rowid, workflow, {
        wasEnded,
        ended: nowEnded,
        startChanged: correlationChanged || wasEnded,
      });
    }
    const [before, after] = [countKey(prior), countKey(workflow)];
    if (before.name !== after.name || before.status !== after.status || before.topLevel !== after.topLevel) {
      this.caches?.statusCounts.add(before, -1);
      this.caches?.statusCounts.add(after, 1);
    }
  }

  /** Caches what was just written, with the shared frozen definition the database read would give. */
  private remember(workflow: Workflow, defHash: string, tasks: Task[]): void {
    const cache = this.caches?.executions;
    if (!cache) return;
    const workflowDefinition = this.snapshots.definition(defHash, (hash) => this.selectSnapshot.get(hash));
    cache.remember({ ...workflow, workflowDefinition, tasks });
  }

  /** Tasks the cache says are new are inserted at once; others try the narrow update first. */
  private putTasks(workflowId: string, tasks: readonly Task[], before: readonly Task[] | undefined): void {
    if (tasks.length === 0) return;
    const known = before && new Set(before.map((t) => t.taskId));
    for (const task of tasks) {
      const json = taskRowJson(task);
      const mayExist = !known || known.has(task.taskId);
      if (mayExist && this.updateTaskState.run(...taskStateColumns(workflowId, task, json)).changes > 0)
        continue;
      this.upsertTask.run(...taskColumns(workflowId, task, json));
    }
  }

  /** Each task's JSON, read when asked for. */
  private *tasksJson(rowids: readonly number[]): Generator<string> {
    for (const rowid of rowids) {
      const json = this.selectTaskAt.get(rowid);
      if (json !== undefined) yield json;
    }
  }

  private definitionJson(hash: string): string {
    return this.snapshots.definitionJson(hash, (h) => this.selectSnapshot.get(h));
  }

  private toWorkflow(row: WorkflowRow, workflowId: string, includeTasks: boolean): Workflow {
    const workflow = JSON.parse(row.json) as Workflow;
    for (const [field, json] of apartPayloads(row)) workflow[field] = JSON.parse(json) as JsonObject;
    workflow.workflowDefinition = this.snapshots.definition(row.def_hash, (hash) =>
      this.selectSnapshot.get(hash),
    );
    workflow.tasks = includeTasks
      ? this.selectTasks.all(workflowId).map((json) => JSON.parse(json) as Task)
      : [];
    return workflow;
  }

  /** The row's columns, and its large payloads, which go in rows of their own (see row-json.ts). */
  private workflowColumns(workflow: Workflow): { columns: WorkflowColumns; apart: ApartPayloads } {
    const snapshot = this.snapshots.snapshotOf(workflow.workflowDefinition);
    // Skipped once committed (the staged set follows rollbacks, so a rolled-back insert is not trusted).
    const stored = this.caches?.storedSnapshots;
    if (!stored?.get(snapshot.hash)) {
      this.insertSnapshot.run(snapshot.hash, snapshot.json);
      stored?.set(snapshot.hash, true);
    }
    const { fields, apart } = workflowRowParts(workflow);
    // Summarized by the whole document's size: a row with payloads apart is always a large one.
    const size = apart.reduce((chars, [, json]) => chars + json.length, fields.length);
    const columns: WorkflowColumns = [
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
      snapshot.hash,
      fields,
      apart.reduce((mask, [field]) => mask | WORKFLOW_PAYLOADS[field], 0),
      workflowSummaryColumn(workflow, size),
      workflow.idempotencyKey ?? null,
      workflow.workflowId,
    ];
    return { columns, apart };
  }

  /**
   * Writes each large payload that changed since the last write this connection knows of (`before` holds the very
   * same object), and drops the rows it knows of whose payload is small again.
   */
  private putPayloads(workflow: Workflow, apart: ApartPayloads, before: Workflow | undefined): void {
    const { workflowId } = workflow;
    const cache = this.caches?.payloadsApart;
    const known = cache?.get(workflowId) ?? 0;
    let mask = 0;
    for (const [field, json] of apart) {
      const bit = WORKFLOW_PAYLOADS[field];
      mask |= bit;
      if (known & bit && before?.[field] === workflow[field]) continue;
      this.upsertPayload.run(workflowId, field, json);
    }
    // Rows not known here and no longer in the mask are never read: they only take space until the execution goes.
    for (const [field, bit] of Object.entries(WORKFLOW_PAYLOADS)) {
      if (known & bit && !(mask & bit)) this.deletePayload.run(workflowId, field);
    }
    if (mask !== known) cache?.set(workflowId, mask);
  }
}

/** The group of the status counts an execution is in; top-level as the column says (no parent id stored). */
function countKey(state: PriorState): CountKey {
  return { name: state.workflowName, status: state.status, topLevel: state.parentWorkflowId == null };
}

function ended(status: string): boolean {
  return isTerminalWorkflowStatus(status);
}

type ApartPayloads = ReturnType<typeof workflowRowParts>['apart'];

/** The payloads of the row kept apart, with their JSON. */
function apartPayloads(row: WorkflowRow): [WorkflowPayload, string][] {
  const found: [WorkflowPayload, string][] = [];
  for (const field of Object.keys(WORKFLOW_PAYLOADS) as WorkflowPayload[]) {
    const json = row[field];
    if (json !== null) found.push([field, json]);
  }
  return found;
}

/** The execution's JSON as its row holds it, its payloads kept apart back in place. */
function rowJson(row: WorkflowRow): string {
  const apart = apartPayloads(row);
  return apart.length === 0 ? row.json : joinObjects(row.json, payloadsText(apart));
}

function taskColumns(workflowId: string, task: Task, json: string): TaskColumns {
  return [
    task.taskId,
    workflowId,
    task.seq,
    task.referenceTaskName,
    task.taskDefName,
    task.taskType,
    task.status,
    json,
    taskSummaryColumn(task, json),
  ];
}

function taskStateColumns(workflowId: string, task: Task, json: string): TaskStateColumns {
  return [
    task.status,
    json,
    taskSummaryColumn(task, json),
    task.taskId,
    workflowId,
    task.seq,
    task.referenceTaskName,
    task.taskDefName,
    task.taskType,
  ];
}
