/**
 * An execution's tasks grouped by the reference name the definition uses. DO_WHILE body tasks carry the
 * iteration as a `__N` suffix (stacked for nested loops, §5), and every retry is one more task with the same
 * name, so one definition node can have many attempts; the latest (highest `seq`) gives the node its status.
 */
import type { Task } from '../api/types.js';

const LOOP_SUFFIX = /(?:__\d+)+$/;

/** `ref__2__1` → `ref`: the reference name as written in the definition. */
export const baseRefOf = (ref: string): string => ref.replace(LOOP_SUFFIX, '');

export class TaskIndex {
  private readonly byBaseRef = new Map<string, Task[]>();

  constructor(tasks: readonly Task[] = []) {
    for (const task of [...tasks].sort((a, b) => a.seq - b.seq)) {
      const ref = baseRefOf(task.referenceTaskName);
      const list = this.byBaseRef.get(ref);
      if (list) list.push(task);
      else this.byBaseRef.set(ref, [task]);
    }
  }

  /** Every attempt of every iteration of the task named `ref` in the definition, oldest first. */
  attempts(ref: string): Task[] {
    return this.byBaseRef.get(baseRefOf(ref)) ?? [];
  }

  latest(ref: string): Task | undefined {
    return this.attempts(ref).at(-1);
  }

  has(ref: string): boolean {
    return this.attempts(ref).length > 0;
  }
}
