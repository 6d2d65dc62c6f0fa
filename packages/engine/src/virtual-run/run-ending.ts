/** How a virtual-clock test run ends: which task it is stuck on, and stopping what still runs. */
import { isTerminalTaskStatus, isTerminalWorkflowStatus, type Task, type Workflow } from '@baton/protocol';
import type { DeciderContext } from '../contract.js';
import { decide } from '../decider/decide.js';

/** The first of the `stuck` tasks (no mock left) that still waits in a running workflow. */
export function firstStuckTask(
  workflows: ReadonlyMap<string, Workflow>,
  stuck: ReadonlyArray<{ workflowId: string; taskId: string }>,
): Task | undefined {
  for (const { workflowId, taskId } of stuck) {
    const workflow = workflows.get(workflowId);
    if (!workflow || isTerminalWorkflowStatus(workflow.status)) continue;
    const task = workflow.tasks.find((t) => t.taskId === taskId);
    if (task && !isTerminalTaskStatus(task.status)) return task;
  }
  return undefined;
}

export function firstPendingTask(workflows: Iterable<Workflow>): Task | undefined {
  for (const workflow of workflows) {
    if (isTerminalWorkflowStatus(workflow.status)) continue;
    const task = workflow.tasks.find((t) => !isTerminalTaskStatus(t.status));
    if (task) return task;
  }
  return undefined;
}

/**
 * Every running workflow, TERMINATED with `reason` (as an API terminate: no failure workflow). Their commands
 * (cancel children, tell parents) are dropped: every workflow of the run is terminated here anyway.
 */
export function terminateRunning(
  workflows: Iterable<Workflow>,
  reason: string,
  ctx: DeciderContext,
): Workflow[] {
  const stopped: Workflow[] = [];
  for (const workflow of workflows) {
    if (isTerminalWorkflowStatus(workflow.status)) continue;
    stopped.push(decide(workflow, { type: 'terminate', reason }, ctx).workflow);
  }
  return stopped;
}
