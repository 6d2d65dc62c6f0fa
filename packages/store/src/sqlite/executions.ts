/**
 * Workflow executions and their tasks. A workflow row's JSON holds neither `tasks` (one row each in `tasks`)
 * nor `workflowDefinition` (a shared snapshot, see def-snapshots.ts).
 */
import type { Task, Workflow } from '@baton/protocol';
import type { SnapshotCache } from './def-snapshots.js';
import type { Connection } from './open.js';

interface WorkflowRow {
  json: string;
  def_hash: string;
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
  workflowId: string,
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
];

const openStatuses = "('RUNNING', 'PAUSED')";
const workflowFields = 'json, def_hash';

export class ExecutionQueries {
  private readonly selectWorkflow;
  private readonly selectByCorrelation;
  private readonly selectOpenByCorrelation;
  private readonly selectRunningIds;
  private readonly insertWorkflow;
  private readonly updateWorkflowRow;
  private readonly deleteWorkflowRow;
  private readonly deleteTaskRow;
  private readonly selectTask;
  private readonly selectTasks;
  private readonly selectTaskIds;
  private readonly upsertTask;
  private readonly selectSnapshot;
  private readonly insertSnapshot;

  constructor(
    db: Connection,
    private readonly snapshots: SnapshotCache,
  ) {
    this.selectWorkflow = db.prepare<[string], WorkflowRow>(
      `SELECT ${workflowFields} FROM workflows WHERE workflow_id = ?`,
    );
    this.selectByCorrelation = db.prepare<[string, string], WorkflowRow & { workflow_id: string }>(
      `SELECT workflow_id, ${workflowFields} FROM workflows
       WHERE workflow_name = ? AND correlation_id = ? ORDER BY start_time, rowid`,
    );
    this.selectOpenByCorrelation = db.prepare<[string, string], WorkflowRow & { workflow_id: string }>(
      `SELECT workflow_id, ${workflowFields} FROM workflows
       WHERE workflow_name = ? AND correlation_id = ? AND status IN ${openStatuses} ORDER BY start_time, rowid`,
    );
    this.selectRunningIds = db
      .prepare<[string, number, number, number], string>(
        `SELECT workflow_id FROM workflows
         WHERE workflow_name = ? AND workflow_version = ? AND status = 'RUNNING' AND start_time BETWEEN ? AND ?
         ORDER BY start_time, workflow_id`,
      )
      .pluck();
    this.insertWorkflow = db.prepare<WorkflowColumns>(
      `INSERT INTO workflows (workflow_name, workflow_version, status, correlation_id, parent_workflow_id, priority,
         start_time, create_time, update_time, end_time, def_hash, json, workflow_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateWorkflowRow = db.prepare<WorkflowColumns>(
      `UPDATE workflows SET workflow_name = ?, workflow_version = ?, status = ?, correlation_id = ?,
         parent_workflow_id = ?, priority = ?, start_time = ?, create_time = ?, update_time = ?, end_time = ?,
         def_hash = ?, json = ?
       WHERE workflow_id = ?`,
    );
    this.deleteWorkflowRow = db.prepare<[string]>('DELETE FROM workflows WHERE workflow_id = ?');
    this.deleteTaskRow = db.prepare<[string]>('DELETE FROM tasks WHERE task_id = ?');
    this.selectTask = db.prepare<[string], string>('SELECT json FROM tasks WHERE task_id = ?').pluck();
    this.selectTasks = db
      .prepare<[string], string>('SELECT json FROM tasks WHERE workflow_id = ? ORDER BY seq')
      .pluck();
    this.selectTaskIds = db
      .prepare<[string], string>('SELECT task_id FROM tasks WHERE workflow_id = ?')
      .pluck();
    this.upsertTask = db.prepare<TaskColumns>(
      `INSERT INTO tasks (task_id, workflow_id, seq, reference_task_name, task_def_name, task_type, status, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (task_id) DO UPDATE SET workflow_id = excluded.workflow_id, seq = excluded.seq,
         reference_task_name = excluded.reference_task_name, task_def_name = excluded.task_def_name,
         task_type = excluded.task_type, status = excluded.status, json = excluded.json`,
    );
    this.selectSnapshot = db
      .prepare<[string], string>('SELECT json FROM def_snapshots WHERE hash = ?')
      .pluck();
    this.insertSnapshot = db.prepare<[string, string]>(
      'INSERT INTO def_snapshots (hash, json) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
    );
  }

  getWorkflow(workflowId: string, includeTasks: boolean): Workflow | undefined {
    const row = this.selectWorkflow.get(workflowId);
    return row && this.toWorkflow(row, workflowId, includeTasks);
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
    const json = this.selectTask.get(taskId);
    return json === undefined ? undefined : (JSON.parse(json) as Task);
  }

  taskIds(workflowId: string): string[] {
    return this.selectTaskIds.all(workflowId);
  }

  createWorkflow(workflow: Workflow): void {
    this.insertWorkflow.run(...this.workflowColumns(workflow));
    for (const task of workflow.tasks) this.putTask(workflow.workflowId, task);
  }

  updateWorkflow(workflow: Workflow, changedTasks: readonly Task[]): void {
    if (this.updateWorkflowRow.run(...this.workflowColumns(workflow)).changes === 0) {
      throw new Error(`workflow ${workflow.workflowId} does not exist`);
    }
    for (const task of changedTasks) this.putTask(workflow.workflowId, task);
  }

  deleteTask(taskId: string): void {
    this.deleteTaskRow.run(taskId);
  }

  /** Deletes the workflow row; its tasks go with it (ON DELETE CASCADE). */
  deleteWorkflow(workflowId: string): boolean {
    return this.deleteWorkflowRow.run(workflowId).changes > 0;
  }

  private toWorkflow(row: WorkflowRow, workflowId: string, includeTasks: boolean): Workflow {
    const workflow = JSON.parse(row.json) as Workflow;
    workflow.workflowDefinition = this.snapshots.definition(row.def_hash, (hash) =>
      this.selectSnapshot.get(hash),
    );
    workflow.tasks = includeTasks
      ? this.selectTasks.all(workflowId).map((json) => JSON.parse(json) as Task)
      : [];
    return workflow;
  }

  private workflowColumns(workflow: Workflow): WorkflowColumns {
    const { tasks: _tasks, workflowDefinition, ...fields } = workflow;
    const snapshot = this.snapshots.snapshotOf(workflowDefinition);
    // Cheap when present (a key lookup); keeps a rolled-back snapshot insert from leaving a dangling reference.
    this.insertSnapshot.run(snapshot.hash, snapshot.json);
    return [
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
      JSON.stringify(fields),
      workflow.workflowId,
    ];
  }

  private putTask(workflowId: string, task: Task): void {
    this.upsertTask.run(
      task.taskId,
      workflowId,
      task.seq,
      task.referenceTaskName,
      task.taskDefName,
      task.taskType,
      task.status,
      JSON.stringify(task),
    );
  }
}
