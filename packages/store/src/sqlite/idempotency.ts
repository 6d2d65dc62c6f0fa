/**
 * Idempotent starts: the executions of a workflow name carrying one idempotency key, and the SUB_WORKFLOW
 * tasks that follow an existing execution they took instead of starting a child of their own.
 */
import type { WorkflowStatus } from '@baton/protocol';
import type { IdempotentExecution, WorkflowFollower } from '../contract.js';
import type { Connection } from './open.js';

export class IdempotencyQueries {
  private readonly selectByKey;
  private readonly insertFollower;
  private readonly selectFollowers;
  private readonly deleteFollowers;

  constructor(db: Connection) {
    this.selectByKey = db.prepare<[string, string], { workflow_id: string; status: WorkflowStatus }>(
      `SELECT workflow_id, status FROM workflows WHERE workflow_name = ? AND idempotency_key = ?
       ORDER BY start_time DESC, rowid DESC`,
    );
    this.insertFollower = db.prepare<[string, string, string]>(
      `INSERT INTO workflow_followers (workflow_id, follower_workflow_id, follower_task_id) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.selectFollowers = db.prepare<[string], { follower_workflow_id: string; follower_task_id: string }>(
      'SELECT follower_workflow_id, follower_task_id FROM workflow_followers WHERE workflow_id = ?',
    );
    this.deleteFollowers = db.prepare<[string]>('DELETE FROM workflow_followers WHERE workflow_id = ?');
  }

  byKey(workflowName: string, idempotencyKey: string): IdempotentExecution[] {
    return this.selectByKey
      .all(workflowName, idempotencyKey)
      .map((row) => ({ workflowId: row.workflow_id, status: row.status }));
  }

  follow(workflowId: string, follower: WorkflowFollower): void {
    this.insertFollower.run(workflowId, follower.workflowId, follower.taskId);
  }

  followers(workflowId: string): WorkflowFollower[] {
    return this.selectFollowers
      .all(workflowId)
      .map((row) => ({ workflowId: row.follower_workflow_id, taskId: row.follower_task_id }));
  }

  removeWorkflow(workflowId: string): void {
    this.deleteFollowers.run(workflowId);
  }
}
