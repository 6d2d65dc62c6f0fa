/**
 * Parsed open executions (with their tasks) as the write connection last wrote or read them, so an update does
 * not re-read and re-parse the workflow and every task. It follows the group commit (see staged-map.ts): only
 * transactions read it, and they see their own writes. Ended executions are not kept.
 *
 * Cached objects are shared between transactions, so they are frozen (workflow, its task list and its tasks):
 * callers build new objects, as the decider does, and never mutate what they read.
 */
import { isTerminalWorkflowStatus, type Task, type Workflow } from '@baton/protocol';
import { StagedMap, type TxStaged } from './staged-map.js';

/** Owner hints beyond this many are dropped wholesale; a missing hint only costs a database read. */
const MAX_OWNER_HINTS = 200_000;

export class ExecutionCache implements TxStaged {
  private readonly workflows: StagedMap<string, Workflow>;
  /** The rowid of each cached workflow's row, which the text index is keyed by. */
  private readonly rowids: StagedMap<string, number>;
  /** taskId -> workflowId. Only a hint: a task is taken from the cache only if its workflow there has it. */
  private readonly owners = new Map<string, string>();

  constructor(capacity = 20_000) {
    this.workflows = new StagedMap(capacity);
    this.rowids = new StagedMap(capacity);
  }

  rowid(workflowId: string): number | undefined {
    return this.rowids.get(workflowId);
  }

  /** The row just inserted for a workflow. */
  inserted(workflowId: string, rowid: number): void {
    this.rowids.set(workflowId, rowid);
  }

  workflow(workflowId: string): Workflow | undefined {
    return this.workflows.get(workflowId);
  }

  task(taskId: string): Task | undefined {
    const owner = this.owners.get(taskId);
    const workflow = owner === undefined ? undefined : this.workflows.get(owner);
    return workflow?.tasks.find((t) => t.taskId === taskId);
  }

  /** Records the execution as the database now has it (`tasks` complete and ordered by seq). */
  remember(workflow: Workflow): void {
    if (isTerminalWorkflowStatus(workflow.status)) {
      this.forget(workflow.workflowId);
      return;
    }
    this.workflows.set(workflow.workflowId, freezeExecution(workflow));
    if (this.owners.size > MAX_OWNER_HINTS) this.owners.clear();
    for (const task of workflow.tasks) this.owners.set(task.taskId, workflow.workflowId);
  }

  forget(workflowId: string): void {
    this.workflows.forget(workflowId);
    this.rowids.forget(workflowId);
  }

  /** The owner of a task, when the cache has a hint (for forgetting it). */
  ownerOf(taskId: string): string | undefined {
    return this.owners.get(taskId);
  }

  callReleased(): void {
    this.workflows.callReleased();
    this.rowids.callReleased();
  }

  callRolledBack(): void {
    this.workflows.callRolledBack();
    this.rowids.callRolledBack();
  }

  batchCommitted(): void {
    this.workflows.batchCommitted();
    this.rowids.batchCommitted();
  }

  batchAborted(): void {
    this.workflows.batchAborted();
    this.rowids.batchAborted();
  }
}

/** Freezes the workflow, its task list and its tasks: kept executions are shared, and callers never mutate them. */
export function freezeExecution(workflow: Workflow): Workflow {
  Object.freeze(workflow.tasks);
  for (const task of workflow.tasks) Object.freeze(task);
  return Object.freeze(workflow);
}

/** `before`'s tasks with `changed` put in (by id) and `removed` taken out, ordered by seq as the table is. */
export function mergeTasks(
  before: readonly Task[],
  changed: readonly Task[],
  removed: readonly string[],
): Task[] {
  const byId = new Map(changed.map((t) => [t.taskId, t]));
  const gone = removed.length > 0 ? new Set(removed) : undefined;
  const tasks: Task[] = [];
  for (const task of before) {
    if (gone?.has(task.taskId)) continue;
    const replacement = byId.get(task.taskId);
    if (replacement) byId.delete(task.taskId);
    tasks.push(replacement ?? task);
  }
  for (const task of byId.values()) if (!gone?.has(task.taskId)) tasks.push(task);
  return sortedBySeq(tasks);
}

export function sortedBySeq(tasks: Task[]): Task[] {
  for (let i = 1; i < tasks.length; i++) {
    if (tasks[i - 1]!.seq > tasks[i]!.seq) return tasks.sort((a, b) => a.seq - b.seq);
  }
  return tasks;
}
