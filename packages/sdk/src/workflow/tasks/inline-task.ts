/** INLINE: JavaScript evaluated by the server, with the task input bound to `$`. */
import type { AnyValue } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * A script run on the server (ECMAScript, GraalJS in Conductor). Its completion value becomes `output.result`.
 *
 * @example
 * const js = new InlineTask('hello_script', 'function greetings() { return { text: "hello " + $.name }; } greetings();', {
 *   name: wf.input('name'),
 * });
 */
export class InlineTask<R = AnyValue> extends TaskBuilder<{ result: R }> {
  constructor(taskReferenceName: string, script: string, bindings: object = {}, evaluatorType = 'graaljs') {
    super(taskReferenceName, taskReferenceName, 'INLINE', { ...bindings, evaluatorType, expression: script });
  }
}

/** The Python SDK's name for an INLINE task. */
export { InlineTask as JavascriptTask };
