/** SET_VARIABLE: merges its input into the workflow's variables (`${workflow.variables.x}`). */
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * wf.add(new SetVariableTask('remember_ref', { customerId: lookup.output('id') }));
 */
export class SetVariableTask extends TaskBuilder<Record<string, never>> {
  constructor(taskReferenceName: string, variables: object) {
    super(taskReferenceName, taskReferenceName, 'SET_VARIABLE', variables);
  }
}
