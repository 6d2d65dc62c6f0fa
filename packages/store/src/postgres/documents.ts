/**
 * Executions and tasks as stored JSON text (see ../documents.ts). An execution is read as its row, its
 * definition and the sizes of its tasks; the tasks then come in batches of about TASK_BATCH_BYTES, so a small
 * execution costs two statements and a large one never has all its tasks in memory at once.
 */
import { arrayDocument, type JsonPieces, workflowDocument } from '../documents.js';
import { type Db, statement } from './db.js';

const TASK_BATCH_BYTES = 1024 * 1024;

const selectWorkflowText = statement(
  'workflow_text',
  `SELECT w.json AS workflow_json, d.json AS definition_json,
     CASE WHEN $2::boolean THEN (SELECT array_agg(t.task_id ORDER BY t.seq) FROM tasks t WHERE t.workflow_id = w.workflow_id) END AS task_ids,
     CASE WHEN $2::boolean THEN (SELECT array_agg(octet_length(t.json) ORDER BY t.seq) FROM tasks t WHERE t.workflow_id = w.workflow_id) END AS task_sizes
   FROM workflows w JOIN def_snapshots d ON d.hash = w.def_hash WHERE w.workflow_id = $1`,
);
const selectTasksText = statement(
  'tasks_text',
  `SELECT string_agg(json, ',' ORDER BY seq) AS json FROM tasks WHERE task_id = ANY($1::text[])`,
);
// As findByCorrelationId orders them.
const selectIdsByCorrelation = statement(
  'workflow_ids_by_correlation',
  `SELECT workflow_id FROM workflows
   WHERE workflow_name = $1 AND correlation_id = $2 AND ($3::boolean OR status IN ('RUNNING', 'PAUSED'))
   ORDER BY start_time, created_seq`,
);
const selectTaskText = statement('task_text', 'SELECT json FROM tasks WHERE task_id = $1');

interface WorkflowTextRow {
  workflow_json: string;
  definition_json: string;
  task_ids: string[] | null;
  task_sizes: number[] | null;
}

/** getWorkflow's execution as JSON text; undefined when there is none. */
export async function workflowJson(
  db: Db,
  workflowId: string,
  includeTasks: boolean,
): Promise<JsonPieces | undefined> {
  const [row] = await db.rows<WorkflowTextRow>(selectWorkflowText, [workflowId, includeTasks]);
  if (!row) return undefined;
  const batches = taskBatches(row.task_ids ?? [], row.task_sizes ?? []);
  return workflowDocument(row.workflow_json, row.definition_json, tasksJson(db, batches));
}

/** findByCorrelationId's executions of each name in turn as one JSON array, read one at a time. */
export async function correlatedJson(
  db: Db,
  names: readonly string[],
  correlationId: string,
  includeClosed: boolean,
  includeTasks: boolean,
): Promise<JsonPieces> {
  const ids: string[] = [];
  for (const name of names) {
    const rows = await db.rows<{ workflow_id: string }>(selectIdsByCorrelation, [
      name,
      correlationId,
      includeClosed,
    ]);
    ids.push(...rows.map((row) => row.workflow_id));
  }
  return arrayDocument(ids, (id) => workflowJson(db, id, includeTasks));
}

/** The task's JSON as stored; undefined when there is none. */
export async function taskJson(db: Db, taskId: string): Promise<string | undefined> {
  const [row] = await db.rows<{ json: string }>(selectTaskText, [taskId]);
  return row?.json;
}

async function* tasksJson(db: Db, batches: string[][]): AsyncGenerator<string> {
  for (const ids of batches) {
    const [row] = await db.rows<{ json: string | null }>(selectTasksText, [ids]);
    if (row?.json) yield row.json;
  }
}

/** Consecutive task ids grouped so that each group weighs about TASK_BATCH_BYTES (one task at least). */
function taskBatches(ids: readonly string[], sizes: readonly number[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  ids.forEach((id, i) => {
    const size = sizes[i] ?? 0;
    if (batch.length > 0 && bytes + size > TASK_BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(id);
    bytes += size;
  });
  if (batch.length > 0) batches.push(batch);
  return batches;
}
