/**
 * Flattens the task tree of a WorkflowDef (tasks nested in decisionCases, defaultCase, forkTasks, loopOver)
 * into a list, parents before children. Tolerates malformed input: the structure check reports it.
 */
import { indexPath, propertyPath } from './paths.js';
import { isRecord } from './values.js';

export interface TaskNode {
  task: Record<string, unknown>;
  path: string;
}

export function collectTaskNodes(tasks: unknown, path: string): TaskNode[] {
  const nodes: TaskNode[] = [];
  visitList(tasks, path, nodes);
  return nodes;
}

function visitList(tasks: unknown, path: string, nodes: TaskNode[]): void {
  if (!Array.isArray(tasks)) return;
  tasks.forEach((task: unknown, i) => {
    if (!isRecord(task)) return;
    const taskPath = indexPath(path, i);
    nodes.push({ task, path: taskPath });
    visitChildren(task, taskPath, nodes);
  });
}

function visitChildren(task: Record<string, unknown>, path: string, nodes: TaskNode[]): void {
  const { decisionCases, forkTasks } = task;
  if (isRecord(decisionCases)) {
    const casesPath = propertyPath(path, 'decisionCases');
    for (const [caseName, branch] of Object.entries(decisionCases)) {
      visitList(branch, propertyPath(casesPath, caseName), nodes);
    }
  }
  visitList(task.defaultCase, propertyPath(path, 'defaultCase'), nodes);
  if (Array.isArray(forkTasks)) {
    forkTasks.forEach((branch: unknown, i) =>
      visitList(branch, indexPath(propertyPath(path, 'forkTasks'), i), nodes),
    );
  }
  visitList(task.loopOver, propertyPath(path, 'loopOver'), nodes);
}
