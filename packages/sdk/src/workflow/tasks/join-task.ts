/** JOIN: waits until the listed tasks (usually the last task of each fork branch) are done. */
import type { JsonObject, WorkflowTask } from '../../model/definitions.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * Output: the output of each joined task, keyed by its reference name. ForkTask adds its JOIN itself; use this for
 * hand-built FORK_JOIN definitions.
 *
 * @example
 * const join = new JoinTask('join_ref', ['email_ref', 'sms_ref']);
 */
export class JoinTask extends TaskBuilder<Record<string, JsonObject>> {
  constructor(
    taskReferenceName: string,
    private readonly joinOn: string[] = [],
  ) {
    super(taskReferenceName, taskReferenceName, 'JOIN');
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return { joinOn: [...this.joinOn] };
  }
}
