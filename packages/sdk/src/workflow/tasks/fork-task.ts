/** FORK_JOIN: runs branches in parallel, followed by the JOIN that waits for them. */
import type { JsonObject, WorkflowTask } from '../../model/definitions.js';
import { ref, type Expr } from '../expr.js';
import { TaskBuilder, toWorkflowTasks } from '../task-builder.js';
import { JoinTask } from './join-task.js';

/**
 * Emits two WorkflowTasks: the FORK_JOIN and a JOIN named `<ref>_join` that waits on the last task of every
 * branch (or on `joinOn`).
 *
 * @example
 * const fork = new ForkTask('fan_out', [[sendEmail], [sendSms, logSms]]);
 * wf.add(fork).outputParameters({ email: fork.joinOutput('send_email_ref') });
 */
export class ForkTask extends TaskBuilder<JsonObject> {
  private readonly branches: TaskBuilder<unknown>[][];
  private readonly join: JoinTask;

  constructor(
    taskReferenceName: string,
    branches: Array<TaskBuilder<unknown> | TaskBuilder<unknown>[]>,
    joinOn?: string[],
  ) {
    super(taskReferenceName, taskReferenceName, 'FORK_JOIN');
    this.branches = branches.map((b) => (Array.isArray(b) ? b : [b]));
    const lastRefs = this.branches.map((b) => toWorkflowTasks(b).at(-1)?.taskReferenceName).filter(isString);
    this.join = new JoinTask(`${taskReferenceName}_join`, joinOn ?? lastRefs);
  }

  /** Reference name of the JOIN this fork emits. */
  get joinTaskReferenceName(): string {
    return this.join.taskReferenceName;
  }

  /** The JOIN's output (every joined task's output), or one joined task's output. */
  joinOutput<T = JsonObject>(joinedTaskRef?: string): Expr<T> {
    const base = `${this.join.taskReferenceName}.output`;
    return ref(joinedTaskRef === undefined ? base : `${base}.${joinedTaskRef}`);
  }

  override toWorkflowTasks(): WorkflowTask[] {
    return [this.toWorkflowTask(), this.join.toWorkflowTask()];
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return { forkTasks: this.branches.map((b) => toWorkflowTasks(b)) };
  }
}

const isString = (x: string | undefined): x is string => x !== undefined;
