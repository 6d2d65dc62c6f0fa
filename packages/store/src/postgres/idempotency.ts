/**
 * Idempotent starts: the executions of a workflow name carrying one idempotency key, and the SUB_WORKFLOW
 * tasks that follow an existing execution they took instead of starting a child of their own.
 */
import type { WorkflowStatus } from '@baton/protocol';
import type { IdempotentExecution, WorkflowFollower } from '../contract.js';
import { type Db, statement, type TxDb } from './db.js';

const selectByKey = statement(
  'by_idempotency_key',
  `SELECT workflow_id, status FROM workflows WHERE workflow_name = $1 AND idempotency_key = $2
   ORDER BY start_time DESC, created_seq DESC`,
);
const insertFollower = statement(
  'follow',
  `INSERT INTO workflow_followers (workflow_id, follower_workflow_id, follower_task_id) VALUES ($1, $2, $3)
   ON CONFLICT DO NOTHING`,
);
const selectFollowers = statement(
  'followers',
  'SELECT follower_workflow_id, follower_task_id FROM workflow_followers WHERE workflow_id = $1',
);

export async function byKey(
  db: Db,
  workflowName: string,
  idempotencyKey: string,
): Promise<IdempotentExecution[]> {
  const rows = await db.rows<{ workflow_id: string; status: WorkflowStatus }>(selectByKey, [
    workflowName,
    idempotencyKey,
  ]);
  return rows.map((row) => ({ workflowId: row.workflow_id, status: row.status }));
}

export function follow(db: TxDb, workflowId: string, follower: WorkflowFollower): void {
  db.send(insertFollower, [workflowId, follower.workflowId, follower.taskId]);
}

export async function followers(db: Db, workflowId: string): Promise<WorkflowFollower[]> {
  const rows = await db.rows<{ follower_workflow_id: string; follower_task_id: string }>(selectFollowers, [
    workflowId,
  ]);
  return rows.map((row) => ({ workflowId: row.follower_workflow_id, taskId: row.follower_task_id }));
}
