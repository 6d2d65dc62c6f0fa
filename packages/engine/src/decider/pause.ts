/** Pausing and resuming (§3.1): a PAUSED workflow takes task results but the decider schedules nothing. */
import type { Pass } from './pass.js';

/** RUNNING → PAUSED; returns why it was refused (already paused, or not running). */
export function pauseWorkflow(pass: Pass): string | undefined {
  const { status, workflowId } = pass.workflow;
  if (status === 'PAUSED') return `Workflow ${workflowId} is already paused`;
  if (status !== 'RUNNING') return `Workflow ${workflowId} is ${status}, it cannot be paused`;
  pass.updateWorkflow({ status: 'PAUSED' });
  return undefined;
}
