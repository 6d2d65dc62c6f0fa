/**
 * Which tasks belong to which iteration of one DO_WHILE instance. A body task of iteration N is named
 * `{bodyRef}{loopSuffix}__N`, where `loopSuffix` is the DO_WHILE's own suffix (non-empty when the loop is
 * itself inside a loop body); tasks of loops nested in the body add further suffixes.
 */
import type { JsonObject, Task, Workflow } from '@baton/protocol';
import { allRefs } from '../decider/def-tree.js';
import { baseRefOf, loopSuffixOf } from './loop-refs.js';

export class LoopInstance {
  private readonly ownSuffix: string;
  private readonly bodyRefs: ReadonlySet<string>;

  constructor(readonly loop: Task) {
    this.ownSuffix = loopSuffixOf(loop.referenceTaskName);
    this.bodyRefs = allRefs(loop.workflowTask.loopOver ?? []);
  }

  /** The suffix body tasks of iteration `n` get. */
  suffixOf(n: number): string {
    return `${this.ownSuffix}__${n}`;
  }

  /** The latest attempt of each body task of iteration `n`, keyed by definition ref. */
  iterationTasks(workflow: Workflow, n: number): Map<string, Task> {
    const suffix = this.suffixOf(n);
    const latest = new Map<string, Task>();
    for (const task of workflow.tasks) {
      if (loopSuffixOf(task.referenceTaskName) !== suffix || !this.isBodyTask(task)) continue;
      const base = baseRefOf(task.referenceTaskName);
      const current = latest.get(base);
      if (!current || task.seq > current.seq) latest.set(base, task);
    }
    return latest;
  }

  /** Every task of iterations 1..`upTo`, including those of loops nested in the body. */
  tasksUpTo(workflow: Workflow, upTo: number): Task[] {
    return workflow.tasks.filter((task) => {
      const n = this.outerIterationOf(task);
      return n !== undefined && n <= upTo;
    });
  }

  /** The latest output of every body task across iterations (later iterations win), keyed by definition ref. */
  latestOutputs(workflow: Workflow): JsonObject {
    const outputs: JsonObject = {};
    const ordered = [...workflow.tasks].sort((a, b) => a.seq - b.seq);
    for (const task of ordered) {
      const suffix = loopSuffixOf(task.referenceTaskName);
      if (this.outerIterationOf(task) !== undefined && suffix.lastIndexOf('__') === this.ownSuffix.length) {
        outputs[baseRefOf(task.referenceTaskName)] = task.outputData;
      }
    }
    return outputs;
  }

  /** The iteration of this loop a task runs in, or undefined when it is not part of this loop's body. */
  private outerIterationOf(task: Task): number | undefined {
    if (!this.isBodyTask(task)) return undefined;
    const suffix = loopSuffixOf(task.referenceTaskName);
    const prefix = `${this.ownSuffix}__`;
    if (!suffix.startsWith(prefix)) return undefined;
    const [n = ''] = suffix.slice(prefix.length).split('__');
    return Number(n);
  }

  private isBodyTask(task: Task): boolean {
    return task.taskId !== this.loop.taskId && this.bodyRefs.has(baseRefOf(task.referenceTaskName));
  }
}
