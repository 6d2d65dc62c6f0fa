/**
 * Rerun from a task (§4.3): the tasks after it are dropped, it runs again as SCHEDULED (with a new input
 * if given) and the loops/joins it sits in are reopened. A SUB_WORKFLOW whose child is rerun as well waits
 * IN_PROGRESS on that same child. Without a task id a rerun is a restart (`startOver`). The caller then runs
 * a decide pass.
 */
import { isSuccessfulTaskStatus, type JsonObject } from '@baton/protocol';
import { executionOf } from '../tasks/registry.js';
import { queueTask } from './commands.js';
import type { Pass } from './pass.js';

const REOPENED: ReadonlySet<string> = new Set(['JOIN', 'EXCLUSIVE_JOIN', 'DO_WHILE']);

export interface RerunFromTask {
  taskId: string;
  taskInput?: JsonObject;
  workflowInput?: JsonObject;
  correlationId?: string;
  /** The task is a SUB_WORKFLOW whose child (`subWorkflowId`) is rerun too: wait on it again. */
  childRerun?: boolean;
}

/** Returns why it was refused: no such task in this workflow. */
export function rerunFromTask(pass: Pass, request: RerunFromTask): string | undefined {
  const from = pass.task(request.taskId);
  if (!from) return `Could not find the task ${request.taskId} in workflow ${pass.workflow.workflowId}`;
  const later = pass.tasks.filter((t) => t.seq > from.seq).map((t) => t.taskId);
  pass.removeTasks(later);
  if (later.length > 0)
    pass.emit({ type: 'removeTasks', workflowId: pass.workflow.workflowId, taskIds: later });
  const { reasonForIncompletion: _r, workerId: _w, subWorkflowId: _s, ...kept } = from;
  const reset = {
    ...kept,
    retried: false,
    executed: false,
    pollCount: 0,
    scheduledTime: pass.now,
    endTime: 0,
    updateTime: pass.now,
    reasonForIncompletion: undefined,
    workerId: undefined,
  };
  const child = request.childRerun ? from.subWorkflowId : undefined;
  if (child !== undefined) {
    pass.updateTask(from, {
      ...reset,
      status: 'IN_PROGRESS',
      startTime: pass.now,
      subWorkflowId: child,
      outputData: { subWorkflowId: child },
    });
  } else {
    const rescheduled = pass.updateTask(from, {
      ...reset,
      status: 'SCHEDULED',
      inputData: request.taskInput ?? from.inputData,
      outputData: {},
      startTime: 0,
      subWorkflowId: undefined,
    });
    if (executionOf(rescheduled) !== 'sync') pass.emit(queueTask(rescheduled, 0));
  }
  for (const task of pass.tasks) {
    if (REOPENED.has(task.taskType) && !isSuccessfulTaskStatus(task.status)) {
      pass.updateTask(task, { status: 'IN_PROGRESS', executed: false, endTime: 0, updateTime: pass.now });
    }
  }
  pass.updateWorkflow({
    status: 'RUNNING',
    reasonForIncompletion: undefined,
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    output: {},
    endTime: 0,
    ...(request.workflowInput !== undefined && { input: request.workflowInput }),
    ...(request.correlationId !== undefined && { correlationId: request.correlationId }),
  });
  return undefined;
}
