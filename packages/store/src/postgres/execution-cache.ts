/**
 * Open executions this server last read or wrote, each with the version its row had then (see
 * migrations-pg/009_execution_versions.sql). A transaction still locks the row and reads its version, but when the
 * version is the one kept here PostgreSQL sends back no JSON and nothing is parsed: with one server (or a worker
 * that keeps polling the same one) most decisions read only a version. Another server's write changes the version,
 * so an entry can be out of date but never taken for current.
 *
 * Kept objects are shared between transactions, so they are frozen (workflow, its task list and its tasks).
 */
import { isTerminalWorkflowStatus, type Workflow } from '@baton/protocol';
import { freezeExecution } from '../sqlite/execution-cache.js';

/** Owner hints beyond this many are dropped wholesale; a missing hint only costs the task's lookup. */
const MAX_OWNER_HINTS = 200_000;
/**
 * Transactions go on with a kept execution before the lock confirms its version while fewer than this share of
 * the checks find it changed: one server alone never does; servers sharing executions soon do, and then wait.
 */
const SPECULATE_BELOW = 0.02;
/** Weight of each check in the moving share of changed executions. */
const CHECK_WEIGHT = 1 / 64;

export interface VersionedExecution {
  version: string;
  workflow: Workflow;
}

export class PgExecutionCache {
  private readonly executions = new Map<string, VersionedExecution>();
  /** taskId -> workflowId: which execution to lock for a task. */
  private readonly owners = new Map<string, string>();
  private counter = 0;
  /** Moving share of checks that found a kept execution changed by another server. */
  private staleShare = 0;

  /** @param instanceId unique to this store (a random UUID): the prefix of every version it writes. */
  constructor(
    readonly instanceId: string,
    private readonly capacity = 20_000,
  ) {}

  /** The prefix of the versions this store writes. */
  get versionPrefix(): string {
    return `${this.instanceId}:`;
  }

  /** A version never written before: one per writing transaction. */
  newVersion(): string {
    return `${this.versionPrefix}${(++this.counter).toString(36)}`;
  }

  get(workflowId: string): VersionedExecution | undefined {
    return this.executions.get(workflowId);
  }

  /** The execution a task belongs to, when known. */
  ownerOf(taskId: string): string | undefined {
    return this.owners.get(taskId);
  }

  /** Keeps the execution as its row is at `version` (`tasks` complete, ordered by seq); ended ones are dropped. */
  put(version: string, workflow: Workflow): void {
    const { workflowId } = workflow;
    this.executions.delete(workflowId); // re-inserted last: the map's order is the eviction order
    if (isTerminalWorkflowStatus(workflow.status)) return;
    this.executions.set(workflowId, { version, workflow: freezeExecution(workflow) });
    if (this.executions.size > this.capacity) {
      const oldest = this.executions.keys().next();
      if (!oldest.done) this.executions.delete(oldest.value);
    }
    if (this.owners.size > MAX_OWNER_HINTS) this.owners.clear();
    for (const task of workflow.tasks) this.owners.set(task.taskId, workflowId);
  }

  forget(workflowId: string): void {
    this.executions.delete(workflowId);
  }

  /** Whether transactions may use a kept execution before its lock's answer confirms it. */
  get speculating(): boolean {
    return this.staleShare < SPECULATE_BELOW;
  }

  /** A lock answered for a kept execution: `stale` when its version had changed (the entry goes). */
  checked(workflowId: string, stale: boolean): void {
    this.staleShare += ((stale ? 1 : 0) - this.staleShare) * CHECK_WEIGHT;
    if (stale) this.forget(workflowId);
  }
}
