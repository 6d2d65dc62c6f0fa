/** PULL_WORKFLOW_MESSAGES: waits for messages posted to the workflow, and outputs up to `batchSize` of them. */
import type { JsonObject } from '../../model/definitions.js';
import { TaskBuilder } from '../task-builder.js';

/** One message as the task outputs it. */
export interface WorkflowMessage<P = JsonObject> {
  id: string;
  workflowId: string;
  payload: P;
  /** ISO-8601 UTC. */
  receivedAt: string;
}

export interface PullWorkflowMessagesOutput<P = JsonObject> {
  messages: WorkflowMessage<P>[];
  count: number;
}

/**
 * @example
 * const inbox = new PullWorkflowMessagesTask<{ decision: string }>('inbox_ref', 5);
 * // later: POST /api/workflow/{workflowId}/messages with { "decision": "approved" }
 * // inbox.output('messages') then holds it, with its id and receivedAt
 */
export class PullWorkflowMessagesTask<P = JsonObject> extends TaskBuilder<PullWorkflowMessagesOutput<P>> {
  /** `batchSize`: most messages taken at once (the server caps it at 100); default 1. */
  constructor(taskReferenceName: string, batchSize: number | string = 1) {
    super(taskReferenceName, taskReferenceName, 'PULL_WORKFLOW_MESSAGES', { batchSize });
  }
}
