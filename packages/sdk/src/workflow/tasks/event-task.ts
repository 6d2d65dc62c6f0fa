/** EVENT: publishes the task's input as a message to an event sink (conductor, sqs, kafka, amqp, nats). */
import type { JsonObject, WorkflowTask } from '../../model/definitions.js';
import { TaskBuilder } from '../task-builder.js';

/**
 * @example
 * const published = new EventTask('order_created_ref', 'conductor:order_created', { orderId: wf.input('id') });
 * const toSqs = EventTask.sqs('sqs_ref', 'my-queue');
 */
export class EventTask extends TaskBuilder<JsonObject> {
  constructor(
    taskReferenceName: string,
    private readonly sink: string,
    inputs: object = {},
  ) {
    super(taskReferenceName, taskReferenceName, 'EVENT', inputs);
  }

  /** Conductor's internal queue (`conductor:<eventName>`), which event handlers listen on. */
  static conductor(taskReferenceName: string, eventName: string, inputs: object = {}): EventTask {
    return new EventTask(taskReferenceName, `conductor:${eventName}`, inputs);
  }

  static sqs(taskReferenceName: string, queueName: string, inputs: object = {}): EventTask {
    return new EventTask(taskReferenceName, `sqs:${queueName}`, inputs);
  }

  static kafka(taskReferenceName: string, topic: string, inputs: object = {}): EventTask {
    return new EventTask(taskReferenceName, `kafka:${topic}`, inputs);
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return { sink: this.sink };
  }
}
