/** Ending a workflow (§3.1, §4.1.6, §4.3): completion check, terminal status, cancelling stragglers, output. */
import { isSuccessfulTaskStatus, isTerminalTaskStatus, tooDeepReason, type Task } from '@baton/protocol';
import type { WorkflowEnding } from '../tasks/module.js';
import { isQueued, moduleOf } from '../tasks/registry.js';
import { dequeueTask } from './commands.js';
import { startFailureWorkflow } from './failure-workflow.js';
import { successorOf } from './next-task.js';
import { workflowOutput } from './output.js';
import type { Pass } from './pass.js';
import { workflowReason } from './reasons.js';

export type { EndStatus, WorkflowEnding } from '../tasks/module.js';

const FAILED_TASK_STATUSES: ReadonlySet<string> = new Set([
  'FAILED',
  'FAILED_WITH_TERMINAL_ERROR',
  'TIMED_OUT',
]);

export function endWorkflow(pass: Pass, ending: WorkflowEnding): void {
  const { trigger, byEngine = true } = ending;
  const failed = ending.status === 'COMPLETED' ? [] : failedTasks(pass, trigger);
  cancelPendingTasks(pass, ending);
  const workflow = pass.workflow;
  let output = workflowOutput(workflow, trigger);
  let { status, reason } = ending;
  // An output nested deeper than MAX_JSON_DEPTH is not stored; a completing workflow fails for it, as
  // Conductor fails one whose output is over its hard size limit.
  const tooDeep = tooDeepReason('Workflow output', output);
  if (tooDeep !== undefined) {
    output = {};
    if (status === 'COMPLETED') [status, reason] = ['FAILED', tooDeep];
  }
  pass.updateWorkflow({
    status,
    endTime: pass.now,
    output,
    ...(reason !== undefined && { reasonForIncompletion: workflowReason(reason) }),
    ...(failed.length > 0 && {
      failedReferenceTaskNames: union(
        workflow.failedReferenceTaskNames,
        failed.map((t) => t.referenceTaskName),
      ),
      failedTaskNames: union(
        workflow.failedTaskNames,
        failed.map((t) => t.taskDefName),
      ),
    }),
  });
  if (status !== 'COMPLETED' && byEngine) startFailureWorkflow(pass, trigger);
  pass.emit({ type: 'workflowEnded', workflowId: workflow.workflowId, status });
}

/**
 * Completes the workflow when nothing is pending (§4.1.6): every task terminal, every top-level task of the
 * definition ended successfully (or permissively), and no ended task still has an unscheduled successor.
 * Permissive failures then fail the workflow instead.
 */
export function completeIfDone(pass: Pass): void {
  const { tasks } = pass;
  if (tasks.length === 0 || tasks.some((t) => !isTerminalTaskStatus(t.status))) return;
  const latest = latestByRef(tasks);
  const def = pass.workflow.workflowDefinition;
  for (const workflowTask of def.tasks) {
    const task = latest.get(workflowTask.taskReferenceName);
    if (!task || !(isSuccessfulTaskStatus(task.status) || task.workflowTask.permissive)) return;
  }
  for (const task of latest.values()) {
    const next = successorOf(def, task.referenceTaskName);
    if (next && !latest.has(next.workflowTask.taskReferenceName + next.loopSuffix)) return;
  }
  const permissiveFailures = [...latest.values()].filter(
    (t) => t.workflowTask.permissive && !isSuccessfulTaskStatus(t.status),
  );
  if (permissiveFailures.length === 0) {
    endWorkflow(pass, { status: 'COMPLETED' });
    return;
  }
  endWorkflow(pass, {
    status: 'FAILED',
    reason: permissiveFailures.map((t) => failureReason(t, t.status)).join('. '),
  });
}

/** Conductor's wording for a workflow ended by a task (`status`: the workflow's, or the task's for permissive failures). */
export function failureReason(task: Task, status: string): string {
  return `Task ${task.taskId} failed with status: ${status} and reason: '${task.reasonForIncompletion ?? 'null'}'`;
}

/** Non-terminal tasks become CANCELED: queue messages go, children are terminated (module `onCancel`). */
function cancelPendingTasks(pass: Pass, ending: WorkflowEnding): void {
  for (const task of [...pass.tasks]) {
    if (isTerminalTaskStatus(task.status)) continue;
    pass.updateTask(task, { status: 'CANCELED', updateTime: pass.now });
    if (isQueued(task)) pass.emit(dequeueTask(task));
    for (const command of moduleOf(task).onCancel?.(task, ending) ?? []) pass.emit(command);
  }
}

function failedTasks(pass: Pass, trigger: Task | undefined): Task[] {
  const failed = pass.tasks.filter((t) => !t.retried && FAILED_TASK_STATUSES.has(t.status));
  return trigger && !failed.some((t) => t.taskId === trigger.taskId) ? [...failed, trigger] : failed;
}

function latestByRef(tasks: readonly Task[]): Map<string, Task> {
  const latest = new Map<string, Task>();
  for (const task of tasks) {
    const current = latest.get(task.referenceTaskName);
    if (!current || task.seq > current.seq) latest.set(task.referenceTaskName, task);
  }
  return latest;
}

function union(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])];
}
