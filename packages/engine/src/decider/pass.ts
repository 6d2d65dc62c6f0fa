/**
 * The working state of one decide call. The input Workflow and its tasks are never mutated: the pass
 * works on its own copy of the workflow object and task list, replaces a task by a NEW object whenever
 * it changes, and records the commands. Unchanged tasks keep their identity, which is how the runtime
 * knows what to persist.
 */
import type { Task, Workflow } from '@baton/protocol';
import type { Command, DeciderContext, Decision } from '../contract.js';
import { nextDeadline } from './deadlines.js';

export class Pass {
  readonly commands: Command[] = [];
  private readonly draft: Workflow;
  private readonly indexById = new Map<string, number>();
  private maxSeq = 0;
  private changed = false;
  /** Counts changes, so a round of the pass can tell whether it made progress. */
  private changes = 0;

  constructor(
    readonly original: Workflow,
    readonly ctx: DeciderContext,
  ) {
    this.draft = { ...original, tasks: [...original.tasks] };
    original.tasks.forEach((t, i) => {
      this.indexById.set(t.taskId, i);
      this.maxSeq = Math.max(this.maxSeq, t.seq);
    });
  }

  get now(): number {
    return this.ctx.now;
  }

  /** The workflow as changed so far. Read it, never mutate it. */
  get workflow(): Workflow {
    return this.draft;
  }

  get tasks(): readonly Task[] {
    return this.draft.tasks;
  }

  /** Increases with every change to the workflow or its tasks. */
  get version(): number {
    return this.changes;
  }

  task(taskId: string): Task | undefined {
    const i = this.indexById.get(taskId);
    return i === undefined ? undefined : this.draft.tasks[i];
  }

  /** Replaces `task` by a copy with `patch` applied; returns the current task unchanged if nothing differs. */
  updateTask(task: Task, patch: Partial<Task>): Task {
    const i = this.indexById.get(task.taskId);
    const current = i === undefined ? undefined : this.draft.tasks[i];
    if (i === undefined || !current) throw new Error(`task ${task.taskId} is not part of this workflow`);
    if (!differs(current, patch)) return current;
    const next = { ...current, ...patch };
    this.draft.tasks[i] = next;
    this.markChanged();
    return next;
  }

  /** Appends a new task with the next `seq`. */
  addTask(task: Task): Task {
    const added = { ...task, seq: ++this.maxSeq };
    this.indexById.set(added.taskId, this.draft.tasks.length);
    this.draft.tasks.push(added);
    this.markChanged();
    return added;
  }

  /** Drops tasks from the execution (their records are deleted by the runtime). */
  removeTasks(taskIds: readonly string[]): void {
    const removed = new Set(taskIds.filter((id) => this.indexById.has(id)));
    if (removed.size === 0) return;
    this.draft.tasks = this.draft.tasks.filter((t) => !removed.has(t.taskId));
    this.indexById.clear();
    this.draft.tasks.forEach((t, i) => this.indexById.set(t.taskId, i));
    this.markChanged();
  }

  updateWorkflow(patch: Partial<Omit<Workflow, 'tasks'>>): void {
    if (!differs(this.draft, patch)) return;
    Object.assign(this.draft, patch);
    this.markChanged();
  }

  private markChanged(): void {
    this.changed = true;
    this.changes++;
  }

  emit(command: Command): void {
    this.commands.push(command);
  }

  /**
   * Ends the pass: the Decision carries the original workflow when nothing changed, and always ends with
   * the one `setTimer` command.
   * @param touch Set the workflow's `updateTime` when something changed (not for a mere lease extension).
   */
  finish(options: { touch: boolean; ignored?: string }): Decision {
    if (this.changed && options.touch) this.draft.updateTime = this.now;
    const workflow = this.changed ? this.draft : this.original;
    const commands = [...this.commands, { type: 'setTimer' as const, at: nextDeadline(workflow, this.ctx) }];
    return options.ignored === undefined
      ? { workflow, commands }
      : { workflow, commands, ignored: options.ignored };
  }
}

function differs<T extends object>(current: T, patch: Partial<T>): boolean {
  return (Object.keys(patch) as Array<keyof T>).some((k) => current[k] !== patch[k]);
}
