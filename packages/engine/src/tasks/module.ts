/**
 * What one task type contributes to the decider. Each type (SIMPLE, SWITCH, FORK_JOIN, WAIT, HTTP, ...) is
 * one module; the decider only knows this interface, so adding a type means adding a module.
 */
import type { JsonObject, Task, Workflow, WorkflowStatus, WorkflowTask } from '@baton/protocol';
import type { ChildEndedEvent, Command, DeciderContext } from '../contract.js';
import type { EffectiveTaskDef } from '../decider/task-defs.js';

/**
 * How a task of this type gets executed:
 * - `worker`: queued under its task type (and domain) for external workers to poll;
 * - `sync`: driven by the decider itself and never queued: `execute` runs inside the decide pass and either
 *   ends the task or leaves it waiting for an event (an `evaluated` answer, a child's end, a timer, a result);
 * - `async`: queued on the queue named after its type for a server-side executor, which reports a result.
 */
export type TaskExecution = 'worker' | 'sync' | 'async';

/** Where a new task sits: loop iteration tasks carry their iteration in the reference name. */
export interface Placement {
  /** Appended to the reference name: `__N` inside a DO_WHILE body (stacked for nested loops), else ''. */
  readonly loopSuffix: string;
  /** Keys laid over the resolved input (a dynamic fork branch's input). */
  readonly extraInput?: JsonObject;
}

export interface ScheduleRequest extends Placement {
  /** The workflow as it stands when the task is scheduled (expressions resolve against it). */
  readonly workflow: Workflow;
  readonly workflowTask: WorkflowTask;
  /** The task definition in force (§4.6 defaults filled in). */
  readonly taskDef: EffectiveTaskDef;
  readonly retryCount: number;
  readonly ctx: DeciderContext;
}

/** What follows when the decider reaches the end of one of a task's child lists (a SWITCH branch, a loop body, ...). */
export type ChildListEnd =
  /** Continue with the owner's own successor (SWITCH/DECISION branches). */
  | { kind: 'ownerSuccessor' }
  /** Go back to the owner (DO_WHILE re-evaluates its condition). */
  | { kind: 'owner' }
  /** Nothing follows (fork branches end at their JOIN, which was scheduled with the fork). */
  | { kind: 'none' };

export type EndStatus = Exclude<WorkflowStatus, 'RUNNING' | 'PAUSED'>;

export interface WorkflowEnding {
  status: EndStatus;
  reason?: string;
  /** The task whose failure or timeout ended the workflow. */
  trigger?: Task;
  /** Whether the engine caused the ending (only then does a failure workflow start). Default true. */
  byEngine?: boolean;
}

/** An answer to an `evaluate` command. */
export interface EvaluationAnswer {
  purpose: string;
  result?: unknown;
  error?: string;
}

/** What the decider offers a module while it runs one of its tasks. Changes go through it, never by mutation. */
export interface TaskRun {
  readonly ctx: DeciderContext;
  readonly now: number;
  /** The workflow as changed so far in this pass. */
  readonly workflow: Workflow;
  task(taskId: string): Task | undefined;
  /** Replaces the task by a copy with `patch` applied; returns the current version. */
  update(task: Task, patch: Partial<Task>): Task;
  /** Creates, adds and (for queued types) queues the task(s) of a WorkflowTask; skips refs already present. */
  schedule(workflowTask: WorkflowTask, placement: Placement): Task[];
  /** Schedules what follows `task` in the definition (the default after a task ends). */
  scheduleSuccessor(task: Task): void;
  /** Drops task records from the execution (reported to the runtime with a `removeTasks` command). */
  removeTasks(taskIds: readonly string[]): void;
  setVariables(variables: JsonObject): void;
  emit(command: Command): void;
  endWorkflow(ending: WorkflowEnding): void;
}

export interface TaskTypeModule {
  /** The `WorkflowTask.type` this module serves. */
  readonly type: string;
  readonly execution: TaskExecution;
  /** A per-task override of `execution` (INLINE: `value-param` runs in the decider, scripts on a queue). */
  executionOf?(task: Task): TaskExecution;
  /** Operators (SWITCH, FORK, JOIN, DO_WHILE, ...) are never retried (§4.4). */
  readonly isOperator: boolean;
  /**
   * Creates the task(s) for one WorkflowTask; the decider assigns `seq` and `domain` and queues them. A task
   * may be returned already terminal (e.g. FAILED_WITH_TERMINAL_ERROR for bad input); it is then not queued.
   */
  schedule(request: ScheduleRequest): Task[];
  /**
   * `sync` modules: called in every round of a pass while the task is not terminal (and, when SCHEDULED,
   * once its start delay has passed). Must change nothing when there is nothing to do.
   */
  execute?(task: Task, run: TaskRun): void;
  /** An `evaluated` event for this task; false when the task was not waiting for it (the event is ignored). */
  onEvaluated?(task: Task, answer: EvaluationAnswer, run: TaskRun): boolean;
  /** A `childEnded` event for this task; false when it is stale or unexpected (the event is ignored). */
  onChildEnded?(task: Task, child: ChildEndedEvent, run: TaskRun): boolean;
  /** What to schedule once the task has ended and been handled. Default: `run.scheduleSuccessor(task)`. */
  scheduleNext?(task: Task, run: TaskRun): void;
  /** Commands to emit when the workflow ends while this task is not terminal (it becomes CANCELED). */
  onCancel?(task: Task, ending: WorkflowEnding): Command[];
  /** When a non-terminal task needs a decide by itself (a WAIT's end, an overdue evaluation); arms the timer. */
  wakeUpAt?(task: Task): number | undefined;
  /** Defaults to `ownerSuccessor`. */
  afterChildList?(owner: WorkflowTask): ChildListEnd;
}
