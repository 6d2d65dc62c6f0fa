/**
 * Calls that answer once a workflow has ended or waits for someone (§1.2 execute, §1.3 signals): start or
 * signal, then wait until the workflow is terminal, a task in it or in a running sub-workflow waits for a
 * signal (`isBlockingTask`), one of the awaited task references has ended, or the deadline passes. Waiting
 * wakes on the commits that change the watched workflows (no re-reads on a clock), and re-reads them then.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  type JsonObject,
  type StartWorkflowRequest,
  type Task,
  type TaskResultStatus,
  type Workflow,
} from '@baton/protocol';
import type { StoreReader, StoreTx } from '@baton/store';
import { NotFoundError } from '../errors.js';
import type { Unit } from './apply-decision.js';
import { findTask, isBlockingTask, isSignalTarget, type FoundTask, type ReadWorkflow } from './blocking.js';
import type { Watcher, WorkflowWatch } from './workflow-watch.js';

/** What the calls need from the runtime. */
export interface SynchronousCore {
  store: StoreReader;
  watch: WorkflowWatch;
  now(): number;
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  transact<T>(fn: (unit: Unit) => Promise<T>): Promise<T>;
  loadWorkflow(tx: StoreTx, workflowId: string): Promise<Workflow>;
  /** Reports `status` for a task from outside, `output` merged into the task's output. */
  updateFoundTask(
    unit: Unit,
    workflow: Workflow,
    task: Task,
    status: TaskResultStatus,
    output: JsonObject,
  ): Promise<void>;
}

/** Where a wait ended. */
export interface WaitOutcome {
  /** The workflow started or signalled, as last read. */
  target: Workflow;
  /** The first task waiting for a signal, in the target or one of its running sub-workflows. */
  blocking?: FoundTask;
  /** The deadline passed (or the server is stopping) before the workflow ended or blocked. */
  timedOut: boolean;
}

export class SynchronousCalls {
  constructor(private readonly core: SynchronousCore) {}

  /** Starts a workflow (idempotency rules apply) and waits; `waitUntilTaskRefs` also end the wait. */
  async execute(
    request: StartWorkflowRequest,
    options: { waitUntilTaskRefs: ReadonlySet<string>; timeoutMs: number },
  ): Promise<WaitOutcome> {
    const deadline = this.core.now() + options.timeoutMs;
    const workflowId = await this.core.startWorkflow(request);
    return this.waitUntilBlocked(workflowId, options.waitUntilTaskRefs, deadline);
  }

  /**
   * Completes (or fails ...) the first pending YIELD, WAIT or HUMAN task of the workflow, looking into running
   * sub-workflows too. Throws NotFoundError when there is none. Returns the task as it was.
   */
  async signal(workflowId: string, status: TaskResultStatus, output: JsonObject): Promise<Task> {
    return this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      const found = await findTask(workflow, (id) => unit.tx.getWorkflow(id, true), isSignalTarget);
      if (!found) {
        throw new NotFoundError(
          `No pending YIELD, WAIT or HUMAN task found in workflow ${workflowId} (status ${workflow.status})`,
        );
      }
      await this.core.updateFoundTask(unit, found.workflow, found.task, status, output);
      return found.task;
    });
  }

  /** Signals, then waits up to `timeoutMs` for the workflow to end or block again. */
  async signalAndWait(
    workflowId: string,
    status: TaskResultStatus,
    output: JsonObject,
    timeoutMs: number,
  ): Promise<WaitOutcome> {
    const deadline = this.core.now() + timeoutMs;
    await this.signal(workflowId, status, output);
    return this.waitUntilBlocked(workflowId, new Set(), deadline);
  }

  /** Waits up to `timeoutMs` for the workflow to end or block, or for one of `refs` to end. */
  async waitFor(workflowId: string, refs: ReadonlySet<string>, timeoutMs: number): Promise<WaitOutcome> {
    return this.waitUntilBlocked(workflowId, refs, this.core.now() + timeoutMs);
  }

  /** Wakes the calls still waiting: each answers with the workflow as it stands. */
  close(): void {
    this.core.watch.close();
  }

  private async waitUntilBlocked(
    workflowId: string,
    refs: ReadonlySet<string>,
    deadline: number,
  ): Promise<WaitOutcome> {
    const watcher = this.core.watch.open();
    try {
      for (;;) {
        const version = watcher.version;
        const mayEnd = watcher.mayEndVersion;
        const { outcome, settled } = await this.look(watcher, workflowId, refs);
        const remaining = deadline - this.core.now();
        if (settled) return outcome;
        if (remaining <= 0 || this.core.watch.isClosed) return { ...outcome, timedOut: true };
        // Changes known not to end the wait (a task of a running chain done, the next scheduled) need no look.
        for (let seen = version; ; seen = watcher.version) {
          await watcher.changedSince(seen, deadline - this.core.now());
          if (refs.size > 0 || watcher.mayEndVersion !== mayEnd || this.core.now() >= deadline) break;
        }
      }
    } finally {
      watcher.release();
    }
  }

  /** Reads the workflow and its running sub-workflows (watching each before reading it) and judges them. */
  private async look(
    watcher: Watcher,
    workflowId: string,
    refs: ReadonlySet<string>,
  ): Promise<{ outcome: WaitOutcome; settled: boolean }> {
    const read = new Map<string, Promise<Workflow | undefined>>();
    const readWatched: ReadWorkflow = (id) => {
      let workflow = read.get(id);
      if (!workflow) {
        watcher.add(id);
        read.set(id, (workflow = this.core.store.getWorkflow(id, true)));
      }
      return workflow;
    };
    const target = await readWatched(workflowId);
    if (!target) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
    const blocking = await findTask(target, readWatched, isBlockingTask);
    const refEnded =
      refs.size > 0 &&
      (await findTask(
        target,
        readWatched,
        (t) => refs.has(t.referenceTaskName) && isTerminalTaskStatus(t.status),
      ));
    const outcome: WaitOutcome = { target, ...(blocking && { blocking }), timedOut: false };
    return {
      outcome,
      settled: isTerminalWorkflowStatus(target.status) || blocking !== undefined || Boolean(refEnded),
    };
  }
}
