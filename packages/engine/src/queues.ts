/** Queue naming (§4.8): a task waits on `[domain:]taskType`. */
import type { Task } from '@baton/protocol';

export function queueNameFor(task: Pick<Task, 'taskType' | 'domain'>): string {
  return task.domain ? `${task.domain}:${task.taskType}` : task.taskType;
}
