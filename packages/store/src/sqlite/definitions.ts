/** Workflow and task definitions (metadata). */
import type { TaskDef, WorkflowDef } from '@baton/protocol';
import type { Connection } from './open.js';

export class DefinitionQueries {
  private readonly selectWorkflowDef;
  private readonly selectLatestWorkflowDef;
  private readonly selectWorkflowDefs;
  private readonly upsertWorkflowDef;
  private readonly deleteWorkflowDefRow;
  private readonly selectTaskDef;
  private readonly selectTaskDefs;
  private readonly upsertTaskDef;
  private readonly deleteTaskDefRow;

  constructor(db: Connection) {
    this.selectWorkflowDef = db
      .prepare<[string, number], string>('SELECT json FROM workflow_defs WHERE name = ? AND version = ?')
      .pluck();
    this.selectLatestWorkflowDef = db
      .prepare<[string], string>(
        'SELECT json FROM workflow_defs WHERE name = ? ORDER BY version DESC LIMIT 1',
      )
      .pluck();
    this.selectWorkflowDefs = db
      .prepare<[], string>('SELECT json FROM workflow_defs ORDER BY name, version')
      .pluck();
    this.upsertWorkflowDef = db.prepare<[string, number, string]>(
      `INSERT INTO workflow_defs (name, version, json) VALUES (?, ?, ?)
       ON CONFLICT (name, version) DO UPDATE SET json = excluded.json`,
    );
    this.deleteWorkflowDefRow = db.prepare<[string, number]>(
      'DELETE FROM workflow_defs WHERE name = ? AND version = ?',
    );
    this.selectTaskDef = db.prepare<[string], string>('SELECT json FROM task_defs WHERE name = ?').pluck();
    this.selectTaskDefs = db.prepare<[], string>('SELECT json FROM task_defs ORDER BY name').pluck();
    this.upsertTaskDef = db.prepare<[string, string]>(
      `INSERT INTO task_defs (name, json) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET json = excluded.json`,
    );
    this.deleteTaskDefRow = db.prepare<[string]>('DELETE FROM task_defs WHERE name = ?');
  }

  getWorkflowDef(name: string, version?: number): WorkflowDef | undefined {
    const json =
      version === undefined
        ? this.selectLatestWorkflowDef.get(name)
        : this.selectWorkflowDef.get(name, version);
    return json === undefined ? undefined : (JSON.parse(json) as WorkflowDef);
  }

  listWorkflowDefs(): WorkflowDef[] {
    return this.selectWorkflowDefs.all().map((json) => JSON.parse(json) as WorkflowDef);
  }

  /** A definition without a version is version 1, as in Conductor. */
  putWorkflowDef(def: WorkflowDef): void {
    const stored = def.version === undefined ? { ...def, version: 1 } : def;
    this.upsertWorkflowDef.run(stored.name, stored.version ?? 1, JSON.stringify(stored));
  }

  deleteWorkflowDef(name: string, version: number): boolean {
    return this.deleteWorkflowDefRow.run(name, version).changes > 0;
  }

  getTaskDef(name: string): TaskDef | undefined {
    const json = this.selectTaskDef.get(name);
    return json === undefined ? undefined : (JSON.parse(json) as TaskDef);
  }

  listTaskDefs(): TaskDef[] {
    return this.selectTaskDefs.all().map((json) => JSON.parse(json) as TaskDef);
  }

  putTaskDef(def: TaskDef): void {
    this.upsertTaskDef.run(def.name, JSON.stringify(def));
  }

  deleteTaskDef(name: string): boolean {
    return this.deleteTaskDefRow.run(name).changes > 0;
  }
}
