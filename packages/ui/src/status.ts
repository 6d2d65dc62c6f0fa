/** Status groupings the screens share: which runs can still change, and the legend's order. */
import type { TaskStatus, WorkflowStatus } from './api/types.js';

export const WORKFLOW_STATUSES: WorkflowStatus[] = [
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'TIMED_OUT',
  'TERMINATED',
];

export const isWorkflowActive = (status: WorkflowStatus): boolean =>
  status === 'RUNNING' || status === 'PAUSED';

/** The task statuses a graph can show, in the legend's order. */
export const TASK_STATUSES: TaskStatus[] = [
  'SCHEDULED',
  'IN_PROGRESS',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'FAILED_WITH_TERMINAL_ERROR',
  'TIMED_OUT',
  'CANCELED',
  'SKIPPED',
];

export const statusLabel = (status: string): string => status.replaceAll('_', ' ').toLowerCase();
