/**
 * Status listeners (`workflowStatusListenerEnabled` with `workflowStatusListenerSink`, Orkes's CDC): each status a
 * workflow takes (RUNNING at start, PAUSED, COMPLETED, FAILED, ...) is published to its sink as a WorkflowSummary,
 * and, for tasks whose definition sets `taskStatusListenerEnabled: true`, each status of the task as a
 * TaskSummary. The sink is an event name as EVENT tasks take it: `conductor:<queue>` (Baton's durable queue, so
 * event handlers on that event receive it), `nats:<subject>`, `amqp:<queue>`, `amqp_exchange:...`.
 *
 * Messages go out after commit, from the runtime's `workflowStatusChanged` / `taskStatusChanged` events, one
 * after another in the order the changes committed. A message that cannot be published (broker down, bad sink) is
 * logged and dropped: the workflow never waits on its listener.
 */
import { randomUUID } from 'node:crypto';
import { toTaskSummary, toWorkflowSummary, type Task, type TaskDef, type Workflow } from '@baton/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { RuntimeEvents } from '../runtime/events.js';
import type { EventPublisher } from './event-publisher.js';

export interface StatusListenerDeps {
  publisher: EventPublisher;
  logger: FastifyBaseLogger;
  /** The registered definition of a task type, for its `taskStatusListenerEnabled`. */
  taskDef(name: string): TaskDef | undefined;
}

export class StatusListeners {
  /** The publishes in flight, chained so they go out in commit order. */
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly deps: StatusListenerDeps) {}

  /** Starts listening; returns the function that stops. */
  attach(events: RuntimeEvents): () => void {
    const onWorkflow = ({ workflow }: { workflow: Workflow }): void =>
      this.send(workflow, toWorkflowSummary(workflow));
    const onTask = ({ workflow, task }: { workflow: Workflow; task: Task }): void => {
      const def = task.workflowTask.taskDefinition ?? this.deps.taskDef(task.taskDefName);
      if (def?.taskStatusListenerEnabled === true) this.send(workflow, toTaskSummary(task));
    };
    events.on('workflowStatusChanged', onWorkflow);
    events.on('taskStatusChanged', onTask);
    return () => {
      events.off('workflowStatusChanged', onWorkflow);
      events.off('taskStatusChanged', onTask);
    };
  }

  /** Resolves once every message handed over so far was published (or dropped). */
  idle(): Promise<void> {
    return this.last;
  }

  private send(workflow: Workflow, summary: object): void {
    const sink = workflow.workflowDefinition.workflowStatusListenerSink;
    if (!sink) return;
    const payload = JSON.parse(JSON.stringify(summary)) as Record<string, never>;
    this.last = this.last.then(() =>
      this.deps.publisher.publish(sink, randomUUID(), payload).catch((err: unknown) => {
        this.deps.logger.warn(
          { err, sink, workflowId: workflow.workflowId },
          'status listener could not publish',
        );
      }),
    );
  }
}
