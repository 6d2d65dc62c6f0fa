/**
 * The decider's contract: a pure function of (execution state, event, context) -> (new state, commands).
 * It performs no I/O and never reads the clock: `ctx.now` is the time. The runtime (server) loads the
 * execution, calls `decide`, persists the tasks whose object identity changed, and carries out the commands.
 */
import type {
  JsonObject,
  StartWorkflowRequest,
  TaskDef,
  WorkflowDef,
  TaskResult,
  Workflow,
  WorkflowStatus,
} from '@baton/protocol';

export interface DeciderContext {
  /** Current time, epoch ms. */
  readonly now: number;
  /** Registered task definition by name (undefined: not registered, the §4.6 defaults apply). */
  taskDef(name: string): TaskDef | undefined;
  /** A fresh unique id (task ids, failure-workflow ids). Injected so tests are deterministic. */
  newId(): string;
  /** Uniform random in [0, 1), used for retry jitter. */
  random(): number;
  /** Last time any worker polled this queue (e.g. `domainA:greet`), for active-domain choice (§4.8). */
  lastPollTime(queueName: string): number | undefined;
}

export type WorkflowEvent =
  /** A freshly created execution (see `createExecution`): schedule its first tasks. */
  | { type: 'start' }
  /** A worker (or an executor) reported a result for one of this workflow's tasks. */
  | { type: 'taskResult'; result: TaskResult }
  /** A timer fired or someone asked for a decide: re-check timeouts and progress. */
  | { type: 'tick' }
  /**
   * The answer to an `evaluate` command: sandboxed JavaScript run for an operator (a SWITCH expression, a
   * DO_WHILE loop condition, ...). Exactly one of `result` / `error` is meaningful.
   */
  | { type: 'evaluated'; taskId: string; purpose: string; result?: unknown; error?: string }
  /** End the workflow as TERMINATED (API terminate, or a parent canceling its child). */
  | { type: 'terminate'; reason: string; triggerFailureWorkflow?: boolean }
  /**
   * A child workflow started by a SUB_WORKFLOW task ended; build it with `childWorkflowResult(parentTask,
   * child)`. Ignored unless `childWorkflowId` is the task's current `subWorkflowId` (a retry starts a new
   * child, so an old child's end is stale). Status mapping: COMPLETED → COMPLETED, FAILED → FAILED,
   * TIMED_OUT → TIMED_OUT, TERMINATED → CANCELED (which makes the parent TERMINATED, §3.1).
   */
  | ChildEndedEvent
  /** RUNNING → PAUSED (ignored otherwise). */
  | { type: 'pause' }
  /** PAUSED → RUNNING and a decide pass (ignored when not paused). */
  | { type: 'resume' }
  /** Merge into the workflow's variables (`appendArray`: append to existing array variables). */
  | { type: 'updateVariables'; variables: JsonObject; appendArray?: boolean }
  /** SCHEDULED worker tasks waiting for `callbackAfterSeconds` are made due now. */
  | { type: 'resetCallbacks' }
  /**
   * Retry an ended workflow (§4.3): new attempts of the latest failed/canceled/timed-out tasks, operators
   * reopened. Ignored when there is nothing to retry. The runtime checks that the workflow is terminal.
   */
  | { type: 'retry' }
  /** Child `childWorkflowId` of SUB_WORKFLOW task `taskId` was retried: reopen that task and this workflow. */
  | { type: 'childReopened'; taskId: string; childWorkflowId: string }
  /** Wipe the tasks and start over (§4.3), with `def` when the latest definition is wanted. */
  | { type: 'restart'; def?: WorkflowDef }
  /**
   * Rerun (§4.3): without `reRunFromTaskId` a restart with optional new input / correlationId; with it, the
   * tasks after that one are dropped and it runs again. Ignored when the task is not in this workflow.
   * `childRerun`: that task is a SUB_WORKFLOW whose child the runtime reruns in the same transaction, so it
   * waits on that same child again (IN_PROGRESS) instead of starting a new one.
   */
  | {
      type: 'rerun';
      reRunFromTaskId?: string;
      taskInput?: JsonObject;
      workflowInput?: JsonObject;
      correlationId?: string;
      childRerun?: boolean;
    }
  /** Record a not-yet-scheduled ref as SKIPPED (ignored unless RUNNING and the ref is unscheduled). */
  | { type: 'skip'; taskReferenceName: string; taskInput?: JsonObject; taskOutput?: JsonObject };

export interface ChildEndedEvent {
  type: 'childEnded';
  /** The parent's SUB_WORKFLOW task. */
  taskId: string;
  childWorkflowId: string;
  /** The child's terminal status. */
  status: Exclude<WorkflowStatus, 'RUNNING' | 'PAUSED'>;
  output: JsonObject;
  reasonForIncompletion?: string;
}

export type Command =
  /** Make task `taskId` available on `queueName` after `delayMs`. */
  | { type: 'queueTask'; queueName: string; taskId: string; delayMs: number; priority: number }
  /** Remove the task's message (it ended or was canceled). */
  | { type: 'dequeueTask'; queueName: string; taskId: string }
  /** The next time this workflow needs a decide without any outside event (timeouts); null: none. */
  | { type: 'setTimer'; at: number | null }
  /**
   * Start another workflow; `workflowId` is chosen by the decider (deterministic for sub-workflows, so a
   * start is never doubled). With `parentWorkflowTaskId` it is a child (SUB_WORKFLOW): when it cannot start
   * the runtime reports a `taskResult` FAILED (FAILED_WITH_TERMINAL_ERROR for a missing definition) to that
   * task; when it ends, a `childEnded` event (see `childWorkflowResult`). `request.version` undefined means
   * the latest version. With `reportTo` (START_WORKFLOW) the runtime reports a `taskResult` COMPLETED
   * `{workflowId}` or FAILED to that task.
   */
  | {
      type: 'startWorkflow';
      workflowId: string;
      request: StartWorkflowRequest;
      parentWorkflowId?: string;
      parentWorkflowTaskId?: string;
      reportTo?: { workflowId: string; taskId: string };
    }
  /** Terminate another workflow (a child whose SUB_WORKFLOW task was canceled). */
  | { type: 'terminateWorkflow'; workflowId: string; reason: string }
  /**
   * Run sandboxed JavaScript with `$` bound to `input`; the runtime answers with an `evaluated` event
   * echoing `taskId` and `purpose` (`switch`, `decision`, `lambda`, `loopCondition`; opaque to the runtime).
   * `evaluatorType` is `javascript` or `graaljs` (both run the same sandbox). The result is the script's
   * completion value. An evaluation still unanswered after a minute is requested again on a later decide
   * (the timer is armed for it), so a crash between commit and answer loses nothing.
   */
  | {
      type: 'evaluate';
      taskId: string;
      purpose: string;
      evaluatorType: string;
      expression: string;
      input: Record<string, unknown>;
    }
  /**
   * Delete these task records of `workflowId` from the store: they are gone from `Decision.workflow.tasks`
   * (DO_WHILE `keepLastN` drops older iterations). They are terminal, so no queue message is left.
   */
  | { type: 'removeTasks'; workflowId: string; taskIds: string[] }
  /** The workflow reached a terminal status (notify a parent, listeners, metrics). */
  | { type: 'workflowEnded'; workflowId: string; status: Workflow['status'] };

export interface Decision {
  /** The new state. Unchanged tasks keep their object identity; changed or new ones are new objects. */
  workflow: Workflow;
  commands: Command[];
  /** Why an event was refused without changing anything (e.g. update of a task that is already terminal). */
  ignored?: string;
}

export type Decide = (workflow: Workflow, event: WorkflowEvent, ctx: DeciderContext) => Decision;

/** Everything a new execution needs besides its definition. */
export interface NewExecution {
  workflowId: string;
  request: StartWorkflowRequest;
  parentWorkflowId?: string;
  parentWorkflowTaskId?: string;
}

/**
 * Builds the RUNNING, task-less execution for a start (input defaults from `def.inputTemplate`, initial
 * `variables`, priority, taskToDomain, ...). Follow it with `decide(wf, { type: 'start' }, ctx)`.
 */
export type CreateExecution = (
  def: import('@baton/protocol').WorkflowDef,
  start: NewExecution,
  ctx: DeciderContext,
) => Workflow;

/** What the store knows at poll time about a task definition's recent hand-outs (§4.7). */
export interface PollLimitsState {
  /** Tasks of this definition currently IN_PROGRESS (global across domains). */
  inProgress: number;
  /** Hand-out times (epoch ms) within the last `rateLimitFrequencyInSeconds`, oldest first. */
  recentHandouts: number[];
}

export type PollVerdict = { handOut: true } | { handOut: false; postponeMs: number };
