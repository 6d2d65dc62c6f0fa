/**
 * Finding one's way through sub-workflows for the operations that reach into them (§4.3): the chain down to
 * a task a rerun starts from, a SUB_WORKFLOW task's ended child, and where `resumeSubworkflowTasks` retries.
 */
import {
  isSuccessfulTaskStatus,
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  TaskType,
  type Task,
  type Workflow,
} from '@baton/protocol';
import type { StoreTx } from '@baton/store';

export interface RerunLink {
  parent: Workflow;
  /** The parent's SUB_WORKFLOW task whose child is `child`. */
  subWorkflowTaskId: string;
  child: Workflow;
}

/** The ended child of a SUB_WORKFLOW task, if it has one. */
export async function endedChildOf(tx: StoreTx, task: Task): Promise<Workflow | undefined> {
  if (task.taskType !== TaskType.SUB_WORKFLOW || !task.subWorkflowId) return undefined;
  const child = await tx.getWorkflow(task.subWorkflowId, true);
  return child && isTerminalWorkflowStatus(child.status) && child.parentWorkflowTaskId === task.taskId
    ? child
    : undefined;
}

/**
 * The chain of sub-workflows from `root` down to the one that owns `taskId`: each link is a workflow, its
 * SUB_WORKFLOW task and that task's child. Undefined when the task is not below `root`.
 */
export async function pathToTask(
  tx: StoreTx,
  root: Workflow,
  taskId: string,
): Promise<{ links: RerunLink[]; owner: Workflow } | undefined> {
  const task = await tx.getTask(taskId);
  const owner = task && (await tx.getWorkflow(task.workflowInstanceId, true));
  if (!owner) return undefined;
  const links: RerunLink[] = [];
  const seen = new Set<string>();
  for (let child = owner; child.workflowId !== root.workflowId;) {
    const { parentWorkflowId, parentWorkflowTaskId } = child;
    if (!parentWorkflowId || !parentWorkflowTaskId || seen.has(parentWorkflowId)) return undefined;
    seen.add(parentWorkflowId);
    const parent = parentWorkflowId === root.workflowId ? root : await tx.getWorkflow(parentWorkflowId, true);
    const subTask = parent?.tasks.find((t) => t.taskId === parentWorkflowTaskId);
    if (!parent || subTask?.subWorkflowId !== child.workflowId) return undefined;
    links.unshift({ parent, subWorkflowTaskId: parentWorkflowTaskId, child });
    child = parent;
  }
  return { links, owner };
}

/**
 * `resumeSubworkflowTasks`: from the first failed task (latest attempts, in order), down through failed
 * SUB_WORKFLOW tasks whose ended child has a failed task itself; the workflow where that stops.
 */
export async function deepestFailedChild(tx: StoreTx, workflow: Workflow): Promise<Workflow> {
  const seen = new Set([workflow.workflowId]);
  for (let current = workflow; ;) {
    const failed = firstFailedTask(current);
    if (!failed || failed.taskType !== TaskType.SUB_WORKFLOW || !failed.subWorkflowId) return current;
    if (seen.has(failed.subWorkflowId)) return current;
    const child = await tx.getWorkflow(failed.subWorkflowId, true);
    if (!child || !isTerminalWorkflowStatus(child.status) || !firstFailedTask(child)) return current;
    seen.add(child.workflowId);
    current = child;
  }
}

/** The first task, in order, that ended unsuccessfully and was not retried. */
function firstFailedTask(workflow: Workflow): Task | undefined {
  return workflow.tasks.find(
    (t) => !t.retried && isTerminalTaskStatus(t.status) && !isSuccessfulTaskStatus(t.status),
  );
}
