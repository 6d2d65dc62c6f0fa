/**
 * Queue hand-out on PostgreSQL: claiming messages and loading the executions of their tasks is one statement
 * (baton_claim_tasks), since the hand-out reads each task and decides on its execution next.
 */
import type { Workflow } from '@baton/protocol';
import { statement } from './db.js';
import { type ExecutionSource, toWorkflows, type WorkflowRow } from './executions.js';

const claimTasks = statement('claim_tasks', 'SELECT * FROM baton_claim_tasks($1, $2, $3, $4)');

export interface ClaimedTasks {
  /** In pop order: priority desc, then visibleAt, then task id. */
  taskIds: string[];
  /** The executions of those tasks, locked until the transaction ends, with all their tasks. */
  workflows: Workflow[];
}

/** Claims up to `count` visible messages: deleted when `hideUntil` is null, else hidden until then. */
export async function claim(
  source: ExecutionSource,
  queueName: string,
  count: number,
  now: number,
  hideUntil: number | null,
): Promise<ClaimedTasks> {
  if (count <= 0) return { taskIds: [], workflows: [] };
  const rows = await source.db.rows<WorkflowRow & { claimed: string[] | null }>(claimTasks, [
    queueName,
    count,
    now,
    hideUntil,
  ]);
  const [first, ...executions] = rows;
  return { taskIds: first?.claimed ?? [], workflows: await toWorkflows(source, executions) };
}
