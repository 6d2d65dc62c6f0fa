/**
 * The wire models the UI reads. Execution and definition models come from @baton/protocol (types only);
 * the search shapes (§2.9) are declared here because the UI is their only TypeScript reader.
 */
export type {
  BulkResponse,
  ErrorResponse,
  JsonObject,
  PollData,
  Task,
  TaskDef,
  TaskExecLog,
  TaskStatus,
  ValidationError,
  Workflow,
  WorkflowDef,
  WorkflowStatus,
  WorkflowTask,
} from '@baton/protocol';

/** §2.9: one row of `GET /api/workflow/search`. Times are ISO strings; input/output are strings. */
export interface WorkflowSummary {
  workflowType: string;
  version: number;
  workflowId: string;
  correlationId?: string;
  startTime?: string;
  updateTime?: string;
  endTime?: string;
  status: import('@baton/protocol').WorkflowStatus;
  input?: string;
  output?: string;
  reasonForIncompletion?: string;
  executionTime?: number;
  event?: string;
  failedReferenceTaskNames?: string;
  failedTaskNames?: string[];
  priority?: number;
  createdBy?: string;
  parentWorkflowId?: string;
}

export interface SearchResult<T> {
  totalHits: number;
  results: T[];
}
