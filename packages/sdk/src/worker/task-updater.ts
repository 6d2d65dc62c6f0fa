/**
 * Sends task results. A finished task goes through update-v2, whose answer may be the next task of the same type
 * (one request instead of an update plus a poll); servers without update-v2 (404/405 on the route) get POST
 * /api/tasks from then on. Results are retried by the HTTP client's policy; a result that still cannot be sent
 * is logged and published (taskUpdateFailure), and the server's timeouts take over.
 */
import type { TaskClient } from '../clients/task-client.js';
import { isMissingEndpoint } from '../http/missing-endpoint.js';
import type { Task, TaskResult } from '../model/execution.js';
import type { Logger } from './logger.js';
import type { TaskRunnerEvents } from './task-runner-events.js';

export class TaskUpdater {
  private updateV2 = true;

  constructor(
    private readonly tasks: TaskClient,
    private readonly logger: Logger,
  ) {}

  /** Whether results still go through update-v2 (false once the server turned out not to have it). */
  get usesUpdateV2(): boolean {
    return this.updateV2;
  }

  /**
   * Reports `result` of a `taskType` task. With `takeNext`, a terminal result may come back with the next task to
   * work on.
   */
  async report(
    result: TaskResult,
    taskType: string,
    takeNext: boolean,
    events: TaskRunnerEvents,
  ): Promise<Task | undefined> {
    try {
      if (takeNext && this.updateV2 && result.status !== 'IN_PROGRESS') {
        try {
          return await this.tasks.updateTaskV2(result);
        } catch (error) {
          if (!isMissingEndpoint(error)) throw error;
          this.updateV2 = false;
          this.logger.info('Server has no /tasks/update-v2; reporting results with POST /tasks');
        }
      }
      await this.tasks.updateTask(result);
    } catch (error) {
      events.emit('taskUpdateFailure', {
        taskType,
        taskId: result.taskId,
        workerId: result.workerId ?? '',
        workflowInstanceId: result.workflowInstanceId,
        cause: error,
        taskResult: result,
        timestamp: new Date(),
      });
      this.logger.error(`Could not report task ${result.taskId} (${result.status ?? ''})`, error);
    }
    return undefined;
  }

  /** Refreshes the lease of a running task so its response timeout does not expire. */
  async extendLease(task: Task, workerId: string, events: TaskRunnerEvents): Promise<void> {
    try {
      await this.tasks.updateTask({
        workflowInstanceId: task.workflowInstanceId,
        taskId: task.taskId,
        workerId,
        status: 'IN_PROGRESS',
        extendLease: true,
      });
      events.emit('taskLeaseExtended', {
        taskType: task.taskDefName,
        taskId: task.taskId,
        workerId,
        workflowInstanceId: task.workflowInstanceId,
        timestamp: new Date(),
      });
    } catch (error) {
      this.logger.warn(`Could not extend the lease of task ${task.taskId}: ${String(error)}`);
    }
  }
}
