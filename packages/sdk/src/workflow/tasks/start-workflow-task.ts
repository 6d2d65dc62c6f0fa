/** START_WORKFLOW: starts another workflow and moves on without waiting for it. */
import type { IdempotencyStrategy } from '../../model/enums.js';
import { TaskBuilder } from '../task-builder.js';

export interface StartWorkflowOptions {
  version?: number;
  correlationId?: string;
  priority?: number;
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
}

/**
 * @example
 * const notify = new StartWorkflowTask('notify_ref', 'send_notifications', { orderId: wf.input('orderId') });
 */
export class StartWorkflowTask extends TaskBuilder<{ workflowId: string }> {
  constructor(
    taskReferenceName: string,
    workflowName: string,
    input: object = {},
    options: StartWorkflowOptions = {},
  ) {
    super(taskReferenceName, taskReferenceName, 'START_WORKFLOW', {
      startWorkflow: { name: workflowName, input, ...options },
    });
  }
}
