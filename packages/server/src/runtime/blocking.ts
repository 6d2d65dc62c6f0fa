/**
 * Which tasks hold a workflow until someone from outside answers (§1.2 execute, §1.3 signals), and the search
 * for one through a workflow and its running sub-workflows.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  TaskType,
  type Task,
  type Workflow,
} from '@baton/protocol';

const SIGNAL_TARGETS: ReadonlySet<string> = new Set([TaskType.YIELD, TaskType.WAIT, TaskType.HUMAN]);

/** A pending YIELD, WAIT or HUMAN task: what a signal completes (a WAIT with a timer may be completed early). */
export function isSignalTarget(task: Task): boolean {
  return SIGNAL_TARGETS.has(task.taskType) && !isTerminalTaskStatus(task.status);
}

/** A pending task that only a signal or update ends: YIELD, HUMAN, or a WAIT without duration or until. */
export function isBlockingTask(task: Task): boolean {
  if (!isSignalTarget(task)) return false;
  return (
    task.taskType !== TaskType.WAIT || (isBlank(task.inputData.duration) && isBlank(task.inputData.until))
  );
}

export interface FoundTask {
  task: Task;
  /** The workflow the task belongs to (the root or one of its running sub-workflows). */
  workflow: Workflow;
}

/** Reads a workflow with its tasks; undefined when it does not exist. */
export type ReadWorkflow = (workflowId: string) => Promise<Workflow | undefined>;

/**
 * The first task, in task order, matching `test` in `root` or, at a pending SUB_WORKFLOW task, in its running
 * child (depth first, recursively). Each workflow is visited once, so a cycle of followed workflows ends.
 */
export async function findTask(
  root: Workflow,
  readChild: ReadWorkflow,
  test: (task: Task) => boolean,
  visited: Set<string> = new Set(),
): Promise<FoundTask | undefined> {
  visited.add(root.workflowId);
  for (const task of root.tasks) {
    if (test(task)) return { task, workflow: root };
    const childId = task.taskType === TaskType.SUB_WORKFLOW ? task.subWorkflowId : undefined;
    if (childId === undefined || isTerminalTaskStatus(task.status) || visited.has(childId)) continue;
    const child = await readChild(childId);
    if (!child || isTerminalWorkflowStatus(child.status)) continue;
    const found = await findTask(child, readChild, test, visited);
    if (found) return found;
  }
  return undefined;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
