/**
 * Base of every task builder: a reference name, a type, input parameters and the common WorkflowTask options.
 * `O` is the task's output type, which makes `task.output('key')` a typed expression.
 */
import type { JsonObject, TaskDef, WorkflowTask } from '../model/definitions.js';
import { ref, type AnyValue, type Expr } from './expr.js';

export abstract class TaskBuilder<O = JsonObject> {
  readonly name: string;
  readonly taskReferenceName: string;
  readonly type: string;
  protected readonly inputParameters: JsonObject;
  /** Optional WorkflowTask fields set through the fluent methods below. */
  protected readonly options: Partial<WorkflowTask> = {};

  protected constructor(name: string, taskReferenceName: string, type: string, inputParameters: object = {}) {
    if (!taskReferenceName) throw new Error(`A ${type} task needs a taskReferenceName`);
    this.name = name;
    this.taskReferenceName = taskReferenceName;
    this.type = type;
    this.inputParameters = { ...(inputParameters as JsonObject) };
  }

  /** The whole output (`${ref.output}`), or one key of it (`${ref.output.key}`). */
  output(): Expr<O>;
  output<K extends keyof O & string>(key: K): Expr<O[K]>;
  output(key?: string): Expr<unknown> {
    return ref(
      key === undefined ? `${this.taskReferenceName}.output` : `${this.taskReferenceName}.output.${key}`,
    );
  }

  /** Any path below the output, untyped (e.g. `'response.body.items[0]'`). */
  outputPath<T = AnyValue>(path: string): Expr<T> {
    return ref(`${this.taskReferenceName}.output.${path}`);
  }

  /** The task's resolved input (`${ref.input}`), or a path below it. */
  input<T = AnyValue>(path?: string): Expr<T> {
    return ref(
      path === undefined ? `${this.taskReferenceName}.input` : `${this.taskReferenceName}.input.${path}`,
    );
  }

  /** Sets one input parameter (a value or an expression). */
  inputParameter(key: string, value: unknown): this {
    this.inputParameters[key] = value;
    return this;
  }

  description(text: string): this {
    this.options.description = text;
    return this;
  }

  /** A failure of an optional task (after its retries) does not fail the workflow. */
  optional(flag = true): this {
    this.options.optional = flag;
    return this;
  }

  /** Seconds to wait before the task becomes available. */
  startDelay(seconds: number): this {
    this.options.startDelay = seconds;
    return this;
  }

  /** Overrides the task definition's retryCount for this step. */
  retryCount(count: number): this {
    this.options.retryCount = count;
    return this;
  }

  /** An inline task definition (retries, timeouts) for this step. */
  taskDefinition(taskDef: TaskDef): this {
    this.options.taskDefinition = taskDef;
    return this;
  }

  /** The WorkflowTask entries this builder stands for (a fork also emits its JOIN). */
  toWorkflowTasks(): WorkflowTask[] {
    return [this.toWorkflowTask()];
  }

  /** The WorkflowTask of this step. */
  toWorkflowTask(): WorkflowTask {
    return {
      name: this.name,
      taskReferenceName: this.taskReferenceName,
      type: this.type,
      inputParameters: { ...this.inputParameters },
      ...this.options,
      ...this.extraFields(),
    };
  }

  /** Type-specific WorkflowTask fields (decisionCases, loopOver, ...). */
  protected extraFields(): Partial<WorkflowTask> {
    return {};
  }
}

/** Flattens builders into WorkflowTasks (forks contribute their JOIN). */
export function toWorkflowTasks(tasks: readonly TaskBuilder<unknown>[]): WorkflowTask[] {
  return tasks.flatMap((t) => t.toWorkflowTasks());
}
