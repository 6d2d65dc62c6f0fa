/**
 * The wire models the UI reads, all from @baton/protocol (types only: no protocol code reaches the bundle).
 */
export type {
  BulkResponse,
  ErrorResponse,
  JsonObject,
  PollData,
  SearchResult,
  Task,
  TaskDef,
  TaskExecLog,
  TaskStatus,
  ValidationError,
  Workflow,
  WorkflowDef,
  WorkflowStatus,
  WorkflowSummary,
  WorkflowTask,
} from '@baton/protocol';
