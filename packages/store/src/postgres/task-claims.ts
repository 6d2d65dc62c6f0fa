/**
 * Queue hand-out on PostgreSQL: claiming messages and locking the executions of their tasks is one statement
 * (baton_claim_tasks_at), since the hand-out reads each task and decides on its execution next. Executions this
 * server wrote last come back as a version only: it most likely has them (see execution-cache.ts).
 */
import { statement } from './db.js';
import { type ExecutionSource, type LockedExecution, toWorkflows, type WorkflowRow } from './executions.js';

const claimTasks = statement('claim_tasks', 'SELECT * FROM baton_claim_tasks_at($1, $2, $3, $4, $5)');

export interface ClaimedTasks {
  /** In pop order: priority desc, then visibleAt, then task id. */
  taskIds: string[];
  /** The executions of those tasks, by id, locked until the transaction ends (their JSON if not ours). */
  executions: Map<string, LockedExecution>;
}

type ClaimRow = { claimed: string[] | null; workflow_id: string; version: string } & (
  { workflow_json: null } | WorkflowRow
);

/**
 * Claims up to `count` visible messages: deleted when `hideUntil` is null, else hidden until then. Executions
 * whose version starts with `mine` come without their JSON.
 */
export async function claim(
  source: ExecutionSource,
  queueName: string,
  count: number,
  now: number,
  hideUntil: number | null,
  mine: string,
): Promise<ClaimedTasks> {
  const executions = new Map<string, LockedExecution>();
  if (count <= 0) return { taskIds: [], executions };
  const [first, ...rows] = await source.db.rows<ClaimRow>(claimTasks, [
    queueName,
    count,
    now,
    hideUntil,
    mine,
  ]);
  const full = rows.filter((row): row is ClaimRow & WorkflowRow => row.workflow_json !== null);
  const parsed = await toWorkflows(source, full);
  full.forEach((row, i) => executions.set(row.workflow_id, { version: row.version, workflow: parsed[i] }));
  for (const row of rows) {
    if (row.workflow_json === null)
      executions.set(row.workflow_id, { version: row.version, workflow: undefined });
  }
  return { taskIds: first?.claimed ?? [], executions };
}
