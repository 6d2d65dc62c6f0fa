/** Finding a reference name in a workflow definition, whose task lists nest (SWITCH branches, fork branches, loop bodies). */
import type { WorkflowTask } from '@baton/protocol';

/** One level of nesting: the list holding the task, its index there, and the task owning that list (none at top level). */
export interface ListPosition {
  readonly list: readonly WorkflowTask[];
  readonly index: number;
  readonly owner: WorkflowTask | undefined;
}

/** The task lists nested directly inside a WorkflowTask. */
export function childLists(task: WorkflowTask): WorkflowTask[][] {
  const lists: WorkflowTask[][] = [];
  // Loops, not push(...spread): a fork can have more branches than a call takes arguments.
  for (const branch of Object.values(task.decisionCases ?? {})) lists.push(branch);
  if (task.defaultCase) lists.push(task.defaultCase);
  for (const branch of task.forkTasks ?? []) lists.push(branch);
  if (task.loopOver) lists.push(task.loopOver);
  return lists;
}

/** The positions from the top-level list down to the list that holds `ref` (outermost first); undefined if absent. */
export function locate(
  tasks: readonly WorkflowTask[],
  ref: string,
  owner?: WorkflowTask,
): ListPosition[] | undefined {
  for (let index = 0; index < tasks.length; index++) {
    const task = tasks[index]!;
    const here: ListPosition = { list: tasks, index, owner };
    if (task.taskReferenceName === ref) return [here];
    for (const list of childLists(task)) {
      const inner = locate(list, ref, task);
      if (inner) return [here, ...inner];
    }
  }
  return undefined;
}

export function findWorkflowTask(tasks: readonly WorkflowTask[], ref: string): WorkflowTask | undefined {
  const path = locate(tasks, ref);
  const last = path?.[path.length - 1];
  return last?.list[last.index];
}

/** How many DO_WHILE bodies the task named `ref` sits in (its number of iteration suffixes). */
export function loopDepth(tasks: readonly WorkflowTask[], ref: string): number {
  const path = locate(tasks, ref) ?? [];
  return path.filter((position) => position.owner?.type === 'DO_WHILE').length;
}

/** Every reference name nested anywhere inside `tasks`. */
export function allRefs(tasks: readonly WorkflowTask[]): Set<string> {
  const refs = new Set<string>();
  const walk = (list: readonly WorkflowTask[]): void => {
    for (const task of list) {
      refs.add(task.taskReferenceName);
      for (const child of childLists(task)) walk(child);
    }
  };
  walk(tasks);
  return refs;
}
