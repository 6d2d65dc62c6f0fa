/** TERMINATE: ends the workflow at once with a status, a reason and an output. */
import { TaskBuilder } from '../task-builder.js';

export type TerminationStatus = 'COMPLETED' | 'FAILED' | 'TERMINATED';

/**
 * @example
 * const stop = new TerminateTask('reject_ref', 'FAILED', 'Order rejected', { rejected: true });
 */
export class TerminateTask<O extends object = Record<string, unknown>> extends TaskBuilder<O> {
  constructor(taskReferenceName: string, status: TerminationStatus, reason?: string, workflowOutput?: O) {
    const input: Record<string, unknown> = { terminationStatus: status };
    if (reason !== undefined) input.terminationReason = reason;
    if (workflowOutput !== undefined) input.workflowOutput = workflowOutput;
    super(taskReferenceName, taskReferenceName, 'TERMINATE', input);
  }
}
