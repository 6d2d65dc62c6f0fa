/** Workflow and task definitions (metadata). */
import type { TaskDef, WorkflowDef } from '@baton/protocol';
import { type Db, statement, type TxDb } from './db.js';

type JsonRow = { json: string };

const selectWorkflowDef = statement(
  'workflow_def',
  'SELECT json FROM workflow_defs WHERE name = $1 AND version = $2',
);
const selectLatestWorkflowDef = statement(
  'workflow_def_latest',
  'SELECT json FROM workflow_defs WHERE name = $1 ORDER BY version DESC LIMIT 1',
);
const selectWorkflowDefs = statement(
  'workflow_defs',
  'SELECT json FROM workflow_defs ORDER BY name, version',
);
const upsertWorkflowDef = statement(
  'workflow_def_put',
  `INSERT INTO workflow_defs (name, version, json) VALUES ($1, $2, $3)
   ON CONFLICT (name, version) DO UPDATE SET json = excluded.json`,
);
const deleteWorkflowDefRow = statement(
  'workflow_def_delete',
  'DELETE FROM workflow_defs WHERE name = $1 AND version = $2 RETURNING 1',
);
const selectTaskDef = statement('task_def', 'SELECT json FROM task_defs WHERE name = $1');
const selectTaskDefs = statement('task_defs', 'SELECT json FROM task_defs ORDER BY name');
const upsertTaskDef = statement(
  'task_def_put',
  'INSERT INTO task_defs (name, json) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET json = excluded.json',
);
const deleteTaskDefRow = statement('task_def_delete', 'DELETE FROM task_defs WHERE name = $1 RETURNING 1');

export async function getWorkflowDef(
  db: Db,
  name: string,
  version?: number,
): Promise<WorkflowDef | undefined> {
  const rows =
    version === undefined
      ? await db.rows<JsonRow>(selectLatestWorkflowDef, [name])
      : await db.rows<JsonRow>(selectWorkflowDef, [name, version]);
  return rows[0] && (JSON.parse(rows[0].json) as WorkflowDef);
}

export async function listWorkflowDefs(db: Db): Promise<WorkflowDef[]> {
  const rows = await db.rows<JsonRow>(selectWorkflowDefs, []);
  return rows.map((row) => JSON.parse(row.json) as WorkflowDef);
}

/** A definition without a version is version 1, as in Conductor. */
export function putWorkflowDef(db: TxDb, def: WorkflowDef): void {
  const stored = def.version === undefined ? { ...def, version: 1 } : def;
  db.send(upsertWorkflowDef, [stored.name, stored.version ?? 1, JSON.stringify(stored)]);
}

export async function deleteWorkflowDef(db: Db, name: string, version: number): Promise<boolean> {
  return (await db.rows(deleteWorkflowDefRow, [name, version])).length > 0;
}

export async function getTaskDef(db: Db, name: string): Promise<TaskDef | undefined> {
  const rows = await db.rows<JsonRow>(selectTaskDef, [name]);
  return rows[0] && (JSON.parse(rows[0].json) as TaskDef);
}

export async function listTaskDefs(db: Db): Promise<TaskDef[]> {
  const rows = await db.rows<JsonRow>(selectTaskDefs, []);
  return rows.map((row) => JSON.parse(row.json) as TaskDef);
}

export function putTaskDef(db: TxDb, def: TaskDef): void {
  db.send(upsertTaskDef, [def.name, JSON.stringify(def)]);
}

export async function deleteTaskDef(db: Db, name: string): Promise<boolean> {
  return (await db.rows(deleteTaskDefRow, [name])).length > 0;
}
