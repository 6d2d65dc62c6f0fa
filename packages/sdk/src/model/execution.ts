/** Executions as the server returns them (§2.4–2.6, §2.11), from @baton/protocol. */
import type { JsonObject, WorkflowStatusResponse } from '@baton/protocol';

export type { PollData, Task, TaskExecLog, TaskResult, Workflow } from '@baton/protocol';

/** `GET /api/workflow/{id}/status`, with the output typed as `O`. */
export type WorkflowStatusSummary<O = JsonObject> = Omit<WorkflowStatusResponse, 'output'> & { output?: O };
