/** FORK_JOIN_DYNAMIC: forks as many branches as a runtime value says, followed by its JOIN. */
import type { JsonObject, WorkflowTask } from '../../model/definitions.js';
import { ref, type Expr } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';
import { JoinTask } from './join-task.js';

/** Branches given as WorkflowTasks plus each branch's input, keyed by reference name (classic form). */
export interface DynamicForkOfTasks {
  tasks: Expr<WorkflowTask[]> | WorkflowTask[];
  inputs: Expr<Record<string, JsonObject>> | Record<string, unknown>;
}

/** One branch per element of `forkTaskInputs`, each running the same task or sub-workflow. */
export interface DynamicForkOfInputs {
  forkTaskInputs: Expr<unknown[]> | unknown[];
  /** The task each branch runs (defaults, on the server, to this task's reference name). */
  forkTaskName?: string;
  /** Default SIMPLE. */
  forkTaskType?: string;
  /** Run this workflow in each branch instead of a task. */
  forkTaskWorkflow?: string;
  forkTaskWorkflowVersion?: number;
}

/**
 * @example
 * // one `send_email` task per recipient
 * const fanOut = new DynamicForkTask('send_all', { forkTaskName: 'send_email', forkTaskInputs: wf.input('recipients') });
 */
export class DynamicForkTask extends TaskBuilder<JsonObject> {
  private readonly join: JoinTask;
  private readonly classic: boolean;

  constructor(taskReferenceName: string, fork: DynamicForkOfTasks | DynamicForkOfInputs) {
    const classic = 'tasks' in fork;
    super(
      taskReferenceName,
      taskReferenceName,
      'FORK_JOIN_DYNAMIC',
      classic ? { dynamicTasks: fork.tasks, dynamicTasksInput: fork.inputs } : withoutUndefined({ ...fork }),
    );
    this.classic = classic;
    this.join = new JoinTask(`${taskReferenceName}_join`);
  }

  get joinTaskReferenceName(): string {
    return this.join.taskReferenceName;
  }

  /** The JOIN's output: every branch's output keyed by its reference name. */
  joinOutput<T = Record<string, JsonObject>>(): Expr<T> {
    return ref(`${this.join.taskReferenceName}.output`);
  }

  override toWorkflowTasks(): WorkflowTask[] {
    return [this.toWorkflowTask(), this.join.toWorkflowTask()];
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return this.classic
      ? { dynamicForkTasksParam: 'dynamicTasks', dynamicForkTasksInputParamName: 'dynamicTasksInput' }
      : {};
  }
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
