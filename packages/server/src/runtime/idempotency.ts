/**
 * Idempotent starts (§2.7, Orkes semantics, scoped per workflow name). A start carrying an `idempotencyKey`
 * that an execution of the same name already carries: FAIL (the default) refuses it, RETURN_EXISTING answers
 * with that execution, FAIL_ON_RUNNING refuses it only while that one is RUNNING or PAUSED. It runs inside the
 * start's transaction under a lock on the key, so two starts with one key cannot both pass the check, even on
 * two servers.
 */
import { isTerminalWorkflowStatus, type StartWorkflowRequest } from '@baton/protocol';
import type { StoreTx } from '@baton/store';

export type StartVerdict =
  { kind: 'start' } | { kind: 'existing'; workflowId: string } | { kind: 'conflict'; message: string };

const START: StartVerdict = { kind: 'start' };

export async function idempotentStart(
  tx: StoreTx,
  workflowName: string,
  request: Pick<StartWorkflowRequest, 'idempotencyKey' | 'idempotencyStrategy'>,
): Promise<StartVerdict> {
  const key = request.idempotencyKey;
  if (key === undefined || key === '') return START;
  // Servers sharing a database check and insert one key one after the other.
  await tx.lockKey(JSON.stringify(['idempotency', workflowName, key]));
  const [latest, ...older] = await tx.workflowsByIdempotencyKey(workflowName, key);
  if (!latest) return START;
  switch (request.idempotencyStrategy) {
    case 'RETURN_EXISTING':
      return { kind: 'existing', workflowId: latest.workflowId };
    case 'FAIL_ON_RUNNING': {
      const open = [latest, ...older].find((w) => !isTerminalWorkflowStatus(w.status));
      if (!open) return START;
      return {
        kind: 'conflict',
        message: `Workflow ${workflowName} with idempotencyKey '${key}' is already ${open.status}: ${open.workflowId}`,
      };
    }
    default:
      return {
        kind: 'conflict',
        message: `Workflow ${workflowName} with idempotencyKey '${key}' already exists: ${latest.workflowId}`,
      };
  }
}
