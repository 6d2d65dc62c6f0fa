/** YIELD: holds the workflow until it is signalled; the signal's output becomes the task's output. */
import type { JsonObject } from '../../model/definitions.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * const review = new YieldTask<{ approved: boolean }>('review_ref', { draft: wf.input('draft') });
 * // later: POST /api/tasks/{workflowId}/COMPLETED/signal/sync with { "approved": true }
 */
export class YieldTask<O = JsonObject> extends TaskBuilder<O> {
  constructor(taskReferenceName: string, inputs: object = {}) {
    super(taskReferenceName, taskReferenceName, 'YIELD', inputs);
  }
}
