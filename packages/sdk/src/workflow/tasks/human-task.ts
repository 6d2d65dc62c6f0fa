/** HUMAN: waits, IN_PROGRESS, until someone completes it through the API (task update by reference name). */
import type { JsonObject } from '../../model/definitions.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * const approval = new HumanTask<{ approved: boolean }>('approval_ref', { amount: wf.input('amount') });
 * // later: taskClient.updateTaskByRefName(workflowId, 'approval_ref', 'COMPLETED', { approved: true })
 */
export class HumanTask<O = JsonObject> extends TaskBuilder<O> {
  constructor(taskReferenceName: string, inputs: object = {}) {
    super(taskReferenceName, taskReferenceName, 'HUMAN', inputs);
  }
}
