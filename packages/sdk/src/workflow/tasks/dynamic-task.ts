/** DYNAMIC: a worker task whose task type is chosen at run time from an input value. */
import type { JsonObject, WorkflowTask } from '../../model/definitions.js';
import type { Bindable } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * const ship = new DynamicTask('ship_ref', route.output('carrierTask'), { orderId: wf.input('orderId') });
 */
export class DynamicTask<O = JsonObject> extends TaskBuilder<O> {
  constructor(taskReferenceName: string, taskName: Bindable<string>, inputs: object = {}) {
    super(taskReferenceName, taskReferenceName, 'DYNAMIC', { ...inputs, taskToExecute: taskName });
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return { dynamicTaskNameParam: 'taskToExecute' };
  }
}
