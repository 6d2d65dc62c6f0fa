/**
 * What a virtual-clock test run needs from its caller and gives back: options, the requests only the caller can
 * answer (sandboxed scripts, executions, definitions), and the result.
 */
import type { Task, TaskDef, TaskResult, Workflow, WorkflowDef } from '@baton/protocol';

export interface VirtualRunOptions {
  /** Where the virtual clock starts, epoch ms (the server passes the real time). */
  startTime: number;
  taskDef(name: string): TaskDef | undefined;
  /** Ids of workflows and tasks; they must be unique, as the run is stored like any execution. */
  newId(): string;
  /** Task types whose unmocked tasks the caller executes (it answers `execute` requests). */
  executedTypes: ReadonlySet<string>;
  /** Seed of the retry jitter [1]. */
  seed?: number;
}

export type ScriptAnswer = { result: unknown } | { error: string };
export type ExecutionOutcome = Pick<
  TaskResult,
  'status' | 'outputData' | 'reasonForIncompletion' | 'callbackAfterSeconds'
>;

/** Something only the caller can do; it calls `answer` before the next `advance`. */
export type RunRequest =
  | {
      kind: 'evaluate';
      expression: string;
      input: Record<string, unknown>;
      answer(answer: ScriptAnswer): void;
    }
  | { kind: 'execute'; task: Task; answer(outcome: ExecutionOutcome): void }
  | {
      kind: 'definition';
      name: string;
      version: number | undefined;
      answer(def: WorkflowDef | undefined): void;
    };

export interface RunResult {
  root: Workflow;
  /** Every workflow the run started (the root first, then children, failure workflows ...), all ended. */
  workflows: Workflow[];
  /** Why the run was stopped; undefined when every workflow ended by itself. */
  stopReason?: string;
  /** Decides and requests made. */
  steps: number;
}

export type RunProgress = { kind: 'request'; request: RunRequest } | { kind: 'finished'; result: RunResult };
