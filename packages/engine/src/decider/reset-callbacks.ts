/** POST /api/workflow/{id}/resetcallbacks: SCHEDULED worker tasks waiting on a callback become due now. */
import { executionOf } from '../tasks/registry.js';
import { queueTask } from './commands.js';
import type { Pass } from './pass.js';

export function resetCallbacks(pass: Pass): void {
  for (const task of pass.tasks) {
    if (task.status !== 'SCHEDULED' || task.callbackAfterSeconds <= 0 || executionOf(task) !== 'worker')
      continue;
    const reset = pass.updateTask(task, { callbackAfterSeconds: 0, updateTime: pass.now });
    pass.emit(queueTask(reset, 0));
  }
}
