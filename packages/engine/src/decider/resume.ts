/** Resuming a paused workflow (§3.1); the caller then runs a decide pass to schedule what waited. */
import type { Pass } from './pass.js';

/** PAUSED → RUNNING; returns why it was refused when the workflow is not paused. */
export function resumeWorkflow(pass: Pass): string | undefined {
  const { status, workflowId } = pass.workflow;
  if (status !== 'PAUSED') return `The workflow ${workflowId} is not PAUSED so cannot resume`;
  pass.updateWorkflow({ status: 'RUNNING' });
  return undefined;
}
