/** Builders for the queue commands, so every queue message is named the same way. */
import type { Task } from '@baton/protocol';
import type { Command } from '../contract.js';
import { queueNameFor } from '../queues.js';

export function queueTask(task: Task, delayMs: number): Command {
  return {
    type: 'queueTask',
    queueName: queueNameFor(task),
    taskId: task.taskId,
    delayMs: Math.max(0, delayMs),
    priority: task.workflowPriority,
  };
}

export function dequeueTask(task: Task): Command {
  return { type: 'dequeueTask', queueName: queueNameFor(task), taskId: task.taskId };
}
