/**
 * The EVENT task (§5): publishes the task's input, plus where it comes from, to its `sink` and completes (or,
 * with `asyncComplete`, stays IN_PROGRESS until a handler action or a task update completes it). Like
 * Conductor's Event task the message id is the task id, and the output is the message.
 */
import type { JsonObject, Task } from '@baton/protocol';
import type { StoreReader } from '@baton/store';
import { messageOf } from '../events/actions.js';
import { sinkEventName, UnsupportedEventError } from '../events/event-names.js';
import type { EventPublisher } from '../events/event-publisher.js';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';

export interface EventTaskExecutorDeps {
  store: StoreReader;
  publisher: EventPublisher;
}

export class EventTaskExecutor implements SystemTaskExecutor {
  readonly type = 'EVENT';

  constructor(private readonly deps: EventTaskExecutorDeps) {}

  async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
    const sink = task.inputData.sink ?? task.workflowTask.sink;
    if (typeof sink !== 'string' || sink === '') {
      return { status: 'FAILED_WITH_TERMINAL_ERROR', reasonForIncompletion: 'No sink specified in task' };
    }
    const workflow = await this.deps.store.getWorkflow(task.workflowInstanceId, false);
    if (!workflow) {
      return {
        status: 'FAILED_WITH_TERMINAL_ERROR',
        reasonForIncompletion: `No such workflow found by id: ${task.workflowInstanceId}`,
      };
    }
    const message: JsonObject = {
      ...task.inputData,
      workflowInstanceId: workflow.workflowId,
      workflowType: workflow.workflowName,
      workflowVersion: workflow.workflowVersion,
    };
    if (workflow.correlationId !== undefined) message.correlationId = workflow.correlationId;
    if (workflow.taskToDomain !== undefined) message.taskToDomain = workflow.taskToDomain;

    try {
      const event = sinkEventName(sink, workflow.workflowName, task.referenceTaskName);
      message.event_produced = event;
      await this.deps.publisher.publish(event, task.taskId, message, signal);
    } catch (err) {
      if (err instanceof UnsupportedEventError) {
        return {
          status: 'FAILED_WITH_TERMINAL_ERROR',
          outputData: message,
          reasonForIncompletion: err.message,
        };
      }
      return {
        status: 'FAILED',
        outputData: message,
        reasonForIncompletion: `Error while publishing to queue: ${messageOf(err)}`,
      };
    }
    const asyncComplete = task.inputData.asyncComplete === true || task.workflowTask.asyncComplete === true;
    return { status: asyncComplete ? 'IN_PROGRESS' : 'COMPLETED', outputData: message };
  }
}
