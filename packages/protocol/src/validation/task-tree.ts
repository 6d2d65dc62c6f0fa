/**
 * Flattens the task tree of a WorkflowDef (tasks nested in decisionCases, defaultCase, forkTasks, loopOver)
 * into a list, parents before children. Tolerates malformed input: the structure check reports it. The walk
 * is iterative, so deep nesting cannot overflow the stack.
 */
import { indexPath, propertyPath } from './paths.js';
import { isRecord } from './values.js';

export interface TaskNode {
  task: Record<string, unknown>;
  path: string;
}

export function collectTaskNodes(tasks: unknown, path: string): TaskNode[] {
  const nodes: TaskNode[] = [];
  // Depth first: a node's children are pushed last first, so they come out in order, before its siblings.
  const pending: TaskNode[] = [];
  pushReversed(pending, listNodes(tasks, path, []));
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    nodes.push(node);
    pushReversed(pending, childNodes(node));
  }
  return nodes;
}

function pushReversed(stack: TaskNode[], nodes: readonly TaskNode[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]!);
}

/** Appends the tasks of a list to `into`. */
function listNodes(tasks: unknown, path: string, into: TaskNode[]): TaskNode[] {
  if (!Array.isArray(tasks)) return into;
  tasks.forEach((task: unknown, i) => {
    if (isRecord(task)) into.push({ task, path: indexPath(path, i) });
  });
  return into;
}

function childNodes({ task, path }: TaskNode): TaskNode[] {
  const { decisionCases, forkTasks } = task;
  const children: TaskNode[] = [];
  if (isRecord(decisionCases)) {
    const casesPath = propertyPath(path, 'decisionCases');
    for (const [caseName, branch] of Object.entries(decisionCases)) {
      listNodes(branch, propertyPath(casesPath, caseName), children);
    }
  }
  listNodes(task.defaultCase, propertyPath(path, 'defaultCase'), children);
  if (Array.isArray(forkTasks)) {
    forkTasks.forEach((branch: unknown, i) =>
      listNodes(branch, indexPath(propertyPath(path, 'forkTasks'), i), children),
    );
  }
  listNodes(task.loopOver, propertyPath(path, 'loopOver'), children);
  return children;
}
