/**
 * What one task type contributes to the decider. Each type (SIMPLE, SWITCH, FORK_JOIN, WAIT, HTTP, ...) is
 * one module; the decider only knows this interface, so adding a type means adding a module.
 */
import type { Task, Workflow, WorkflowTask } from '@baton/protocol';
import type { DeciderContext } from '../contract.js';
import type { EffectiveTaskDef } from '../decider/task-defs.js';

/**
 * How a task of this type gets executed:
 * - `worker`: queued under its task type (and domain) for external workers to poll;
 * - `sync`: completed by `execute` inside the decide pass;
 * - `async`: queued for a server-side executor.
 */
export type TaskExecution = 'worker' | 'sync' | 'async';

export interface ScheduleRequest {
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

export interface TaskTypeModule {
  /** The `WorkflowTask.type` this module serves. */
  readonly type: string;
  readonly execution: TaskExecution;
  /** Operators (SWITCH, FORK, JOIN, DO_WHILE, ...) are never retried (§4.4). */
  readonly isOperator: boolean;
  /** Creates the task(s) for one WorkflowTask; the decider assigns `seq` and `domain` and queues them. */
  schedule(request: ScheduleRequest): Task[];
  /** `sync` modules: the changes that complete (or fail) the task inside the decide pass. */
  execute?(task: Task, workflow: Workflow, ctx: DeciderContext): Partial<Task>;
  /** Defaults to `ownerSuccessor`. */
  afterChildList?(owner: WorkflowTask): ChildListEnd;
}
