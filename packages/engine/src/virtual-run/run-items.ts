/** What a virtual-clock test run has scheduled: each item happens at its instant on the run's agenda. */
import type { TaskMock } from '@baton/protocol';
import type { Command, WorkflowEvent } from '../contract.js';
import type { MockBook } from './mock-book.js';

export type StartCommand = Extract<Command, { type: 'startWorkflow' }>;
export type EvaluateCommand = Extract<Command, { type: 'evaluate' }>;

export type RunItem =
  /** A mocked attempt is taken by its (virtual) worker; its result follows after `executionTime`. */
  | { kind: 'handOut'; workflowId: string; taskId: string; mock: TaskMock }
  /** An unmocked task the caller executes (INLINE, JSON_JQ_TRANSFORM). */
  | { kind: 'execute'; workflowId: string; taskId: string }
  /** An event for a workflow of the run: a (mocked) task result, a terminate. */
  | { kind: 'event'; workflowId: string; event: WorkflowEvent }
  | { kind: 'timer'; workflowId: string; at: number }
  | { kind: 'evaluate'; workflowId: string; command: EvaluateCommand }
  /** Start a child, START_WORKFLOW target or failure workflow, with the mocks it runs with. */
  | { kind: 'start'; command: StartCommand; book: MockBook }
  | { kind: 'childEnded'; childId: string };
