/**
 * Answers (§0, §2.9, §2.11, §2.12), from @baton/protocol. WorkflowRun and TaskRun are the SDK's names for the two
 * shapes of a SignalResponse, with every field but the identifying ones optional: the SDK builds them itself when
 * a server has no execute endpoint, and older servers leave fields out.
 */
import type { JsonObject, TaskSignalResponse, WorkflowSignalResponse } from '@baton/protocol';

export type {
  BulkResponse,
  ErrorResponse,
  SearchResult,
  SignalResponse,
  TaskSummary,
  ValidationError,
  WorkflowSummary,
} from '@baton/protocol';

/** A workflow as execute and signal-sync answer it (TARGET_WORKFLOW, BLOCKING_WORKFLOW). */
export type WorkflowRun<O = JsonObject> = Partial<Omit<WorkflowSignalResponse, 'output'>> &
  Pick<WorkflowSignalResponse, 'workflowId' | 'status'> & { output: O; reasonForIncompletion?: string };

/** The blocking task as execute and signal-sync answer it (BLOCKING_TASK, BLOCKING_TASK_INPUT). */
export type TaskRun = Partial<TaskSignalResponse>;
