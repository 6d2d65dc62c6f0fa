/** JSON_JQ_TRANSFORM: a jq program run by the server over the task input. */
import type { AnyValue } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';

/** `result` is the first value the program produces, `resultList` all of them. */
export interface JsonJqOutput<R> {
  result: R;
  resultList: R[];
}

/**
 * @example
 * const jq = new JsonJqTask('jq_process', '{ key3: (.key1.value1 + .key2.value2) }', {
 *   key1: { value1: ['a'] },
 *   key2: { value2: ['b'] },
 * });
 */
export class JsonJqTask<R = AnyValue> extends TaskBuilder<JsonJqOutput<R>> {
  constructor(taskReferenceName: string, script: string, bindings: object = {}) {
    super(taskReferenceName, taskReferenceName, 'JSON_JQ_TRANSFORM', {
      ...bindings,
      queryExpression: script,
    });
  }
}
