/**
 * The body of a synchronous execute or signal (§2.12 SignalResponse), per return strategy: the target
 * workflow, the blocking workflow, or the blocking task (its input and output). A task strategy with no
 * blocking task (the workflow ended, or the wait timed out) answers with the target workflow under the
 * strategy asked for, as Orkes does: Conductor OSS answers an empty body, which leaves the clients without a
 * `responseType` or a `workflowId`.
 */
import type {
  ReturnStrategy,
  TaskSignalResponse,
  Workflow,
  WorkflowSignalResponse,
  SignalResponse,
} from '@baton/protocol';
import type { FoundTask } from '../runtime/blocking.js';
import type { WaitOutcome } from '../runtime/synchronous.js';

export function signalResponse(
  strategy: ReturnStrategy,
  outcome: WaitOutcome,
  requestId: string | undefined,
): SignalResponse {
  switch (strategy) {
    case 'TARGET_WORKFLOW':
      return workflowRun(strategy, outcome, outcome.target, requestId);
    case 'BLOCKING_WORKFLOW':
      return workflowRun(strategy, outcome, outcome.blocking?.workflow ?? outcome.target, requestId);
    case 'BLOCKING_TASK':
    case 'BLOCKING_TASK_INPUT':
      return outcome.blocking
        ? taskRun(strategy, outcome, outcome.blocking, requestId)
        : workflowRun(strategy, outcome, outcome.target, requestId);
  }
}

function common(strategy: ReturnStrategy, outcome: WaitOutcome, workflow: Workflow, requestId?: string) {
  return {
    responseType: strategy,
    targetWorkflowId: outcome.target.workflowId,
    targetWorkflowStatus: outcome.target.status,
    ...(requestId !== undefined && { requestId }),
    workflowId: workflow.workflowId,
    ...(workflow.correlationId !== undefined && { correlationId: workflow.correlationId }),
    signalTimeout: outcome.timedOut,
  };
}

function workflowRun(
  strategy: ReturnStrategy,
  outcome: WaitOutcome,
  workflow: Workflow,
  requestId: string | undefined,
): WorkflowSignalResponse {
  return {
    ...common(strategy, outcome, workflow, requestId),
    input: workflow.input,
    output: workflow.output,
    priority: workflow.priority,
    variables: workflow.variables,
    tasks: workflow.tasks,
    ...(workflow.createdBy !== undefined && { createdBy: workflow.createdBy }),
    createTime: workflow.createTime ?? workflow.startTime,
    status: workflow.status,
    ...(workflow.updateTime !== undefined && { updateTime: workflow.updateTime }),
  };
}

function taskRun(
  strategy: ReturnStrategy,
  outcome: WaitOutcome,
  { task, workflow }: FoundTask,
  requestId: string | undefined,
): TaskSignalResponse {
  return {
    ...common(strategy, outcome, workflow, requestId),
    input: task.inputData,
    output: task.outputData,
    taskType: task.taskType,
    taskId: task.taskId,
    referenceTaskName: task.referenceTaskName,
    retryCount: task.retryCount,
    taskDefName: task.taskDefName,
    ...(task.retriedTaskId !== undefined && { retriedTaskId: task.retriedTaskId }),
    workflowType: task.workflowType,
    ...(task.reasonForIncompletion !== undefined && { reasonForIncompletion: task.reasonForIncompletion }),
    priority: task.workflowPriority,
    status: task.status,
    createTime: task.startTime,
    updateTime: task.updateTime,
  };
}
