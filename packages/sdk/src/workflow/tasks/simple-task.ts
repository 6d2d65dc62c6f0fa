/** SIMPLE: a task worked by your workers polling for `taskDefName`. */
import type { JsonObject } from '../../model/definitions.js';
import type { Bindings } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * A worker task. Usually made from a worker (`greet.task('greet_ref', {...})`), which types its input and output.
 *
 * @example
 * const getEmail = new SimpleTask('get_user_email', 'get_user_email_ref', { userid: wf.input('userid') });
 */
export class SimpleTask<I = JsonObject, O = JsonObject> extends TaskBuilder<O> {
  constructor(taskDefName: string, taskReferenceName: string, inputs?: Bindings<I>) {
    super(taskDefName, taskReferenceName, 'SIMPLE', inputs ?? {});
  }
}
