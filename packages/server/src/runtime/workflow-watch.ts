/**
 * Wakes callers waiting on particular workflows (synchronous execute, signals) after each commit that changed
 * one of them. It listens to the runtime's `workflowChanged` only while someone waits, with a single listener
 * however many wait, and finds the waiters of a workflow by its id.
 */
import { isTerminalTaskStatus, isTerminalWorkflowStatus, TaskType, type Workflow } from '@baton/protocol';
import { isSignalTarget } from './blocking.js';
import type { RuntimeEvents } from './events.js';

/** The longest setTimeout Node accepts (about 24.8 days); a longer wait re-arms. */
const MAX_TIMER_MS = 2_147_483_647;

export class WorkflowWatch {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly all = new Set<Watcher>();
  private closed = false;

  constructor(
    private readonly events: RuntimeEvents,
    /**
     * The longest a waiter sleeps before looking again although no change was seen: with other servers on the
     * database a missed wake-up must not hold an `execute` until its deadline. Infinity when alone.
     */
    readonly recheckMs: () => number = () => Infinity,
  ) {}

  /** A watcher that sees no workflow yet: add the ids to watch, and always `release` it. */
  open(): Watcher {
    const watcher = new Watcher(this);
    this.all.add(watcher);
    return watcher;
  }

  /** Number of open watchers (for tests and metrics). */
  get size(): number {
    return this.all.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Wakes every watcher for good: the server is stopping. */
  close(): void {
    this.closed = true;
    for (const watcher of this.all) watcher.notify();
  }

  /** @internal */
  add(workflowId: string, watcher: Watcher): void {
    if (this.watchers.size === 0) this.events.on('workflowChanged', this.onChanged);
    let set = this.watchers.get(workflowId);
    if (!set) this.watchers.set(workflowId, (set = new Set()));
    set.add(watcher);
  }

  /** @internal */
  remove(workflowIds: Iterable<string>, watcher: Watcher): void {
    this.all.delete(watcher);
    for (const id of workflowIds) {
      const set = this.watchers.get(id);
      set?.delete(watcher);
      if (set?.size === 0) this.watchers.delete(id);
    }
    if (this.watchers.size === 0) this.events.off('workflowChanged', this.onChanged);
  }

  private readonly onChanged = ({
    workflowId,
    workflow,
  }: {
    workflowId: string;
    workflow?: Workflow;
  }): void => {
    const quiet = workflow !== undefined && cannotEndAWait(workflow);
    for (const watcher of this.watchers.get(workflowId) ?? []) watcher.notify(quiet);
  };
}

/**
 * A workflow in this state ends no wait on it by itself: it runs on, nothing in it waits for a signal, and no
 * sub-workflow of it runs (whose changes, and its own, are judged when they come).
 */
function cannotEndAWait(workflow: Workflow): boolean {
  if (isTerminalWorkflowStatus(workflow.status)) return false;
  return !workflow.tasks.some(
    (t) => isSignalTarget(t) || (t.taskType === TaskType.SUB_WORKFLOW && !isTerminalTaskStatus(t.status)),
  );
}

/** One caller's view: a change counter over the workflows it watches. */
export class Watcher {
  /** Bumped by every commit that changed a watched workflow. */
  private changes = 0;
  /** Bumped by the changes that may end a wait (all but those known quiet), by deadlines and by closing. */
  private mayEnd = 0;
  private readonly ids = new Set<string>();
  private wake: (() => void) | undefined;
  private released = false;

  constructor(private readonly watch: WorkflowWatch) {}

  /** Watches `workflowId` too. Add it before reading the workflow, so no change after the read is missed. */
  add(workflowId: string): void {
    if (this.released || this.ids.has(workflowId)) return;
    this.ids.add(workflowId);
    this.watch.add(workflowId, this);
  }

  /** The change count to pass to `changedSince` after reading. */
  get version(): number {
    return this.changes;
  }

  /** Counts the changes that may have ended a wait: unchanged since a look, the look still holds. */
  get mayEndVersion(): number {
    return this.mayEnd;
  }

  /**
   * Resolves once a watched workflow changed after `version` was taken, or after `timeoutMs`, or at once when
   * that already happened or the watch closed.
   */
  changedSince(version: number, timeoutMs: number): Promise<void> {
    if (this.changes !== version || this.watch.isClosed || this.released) return Promise.resolve();
    return new Promise((resolve) => {
      const wait = Math.min(Math.max(timeoutMs, 0), this.watch.recheckMs(), MAX_TIMER_MS);
      const timer = setTimeout(() => this.notify(), wait);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** @internal `quiet`: the change is known not to end a wait (see `cannotEndAWait`). */
  notify(quiet = false): void {
    this.changes++;
    if (!quiet) this.mayEnd++;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Stops watching; a pending `changedSince` resolves. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.watch.remove(this.ids, this);
    this.notify();
  }
}
