/** NOOP: does nothing and completes at once (a placeholder, e.g. an empty SWITCH branch). */
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * const route = new SwitchTask('route', wf.input('kind')).switchCase('skip', new NoopTask('nothing_to_do'));
 */
export class NoopTask extends TaskBuilder<Record<string, never>> {
  constructor(taskReferenceName: string) {
    super(taskReferenceName, taskReferenceName, 'NOOP');
  }
}
