/** DO_WHILE: runs its tasks, then again while the loop condition holds (or once per item of a list). */
import type { WorkflowTask } from '../../model/definitions.js';
import type { Expr } from '../expr.js';
import { TaskBuilder, toWorkflowTasks } from '../task-builder.js';

export interface DoWhileOptions {
  /** Iterate over this list (`loopItem` / `loopIndex` in the output) instead of testing a condition. */
  items?: Expr<unknown[]> | string;
  /** Keep only the last N iterations' outputs and tasks. */
  keepLastN?: number;
}

/** `iteration` is the number of iterations run; each iteration's outputs sit under its number ("1", "2", ...). */
export interface DoWhileOutput {
  iteration: number;
  [iteration: string]: unknown;
}

/**
 * `loopCondition` is JavaScript over `$` (the loop's input, its own output under `$.<ref>`, the body outputs).
 *
 * @example
 * const loop = new DoWhileTask('poll_loop', 'if ($.poll_loop["iteration"] < 3) { true; } else { false; }', [check]);
 */
export class DoWhileTask extends TaskBuilder<DoWhileOutput> {
  private readonly loopOver: TaskBuilder<unknown>[];

  constructor(
    taskReferenceName: string,
    private readonly loopCondition: string,
    tasks: TaskBuilder<unknown> | TaskBuilder<unknown>[],
    private readonly loopOptions: DoWhileOptions = {},
  ) {
    super(
      taskReferenceName,
      taskReferenceName,
      'DO_WHILE',
      loopOptions.keepLastN !== undefined ? { keepLastN: loopOptions.keepLastN } : {},
    );
    this.loopOver = Array.isArray(tasks) ? tasks : [tasks];
  }

  protected override extraFields(): Partial<WorkflowTask> {
    const fields: Partial<WorkflowTask> = {
      loopCondition: this.loopCondition,
      loopOver: toWorkflowTasks(this.loopOver),
    };
    if (this.loopOptions.items !== undefined) fields.items = this.loopOptions.items;
    return fields;
  }
}

/**
 * A DO_WHILE that runs its tasks a fixed number of times.
 *
 * @example
 * const thrice = new LoopTask('repeat_ref', 3, [doWork]);
 */
export class LoopTask extends DoWhileTask {
  constructor(
    taskReferenceName: string,
    iterations: number,
    tasks: TaskBuilder<unknown> | TaskBuilder<unknown>[],
  ) {
    super(
      taskReferenceName,
      `if ($.${taskReferenceName}['iteration'] < ${iterations}) { true; } else { false; }`,
      tasks,
    );
  }
}
