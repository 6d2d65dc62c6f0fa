/**
 * The executions one PostgreSQL transaction locked (or created), with all their tasks, frozen, and their versions.
 * Nobody else can change them until the transaction ends, so reading one again, or one of its tasks, is free. The
 * units of one batch (see group-commit.ts) share it: a later unit sees what an earlier one read and wrote.
 */
import type { Workflow } from '@baton/protocol';
import { freezeExecution } from '../sqlite/execution-cache.js';
import type { PgExecutionCache } from './execution-cache.js';

export class LockedExecutions {
  private readonly locked = new Map<string, Workflow>();
  /** The version of each execution in `locked`: as read, or this transaction's once it wrote it. */
  private readonly versions = new Map<string, string>();
  /** Executions written without being in `locked`: what they hold now is not known here. */
  private readonly writtenUnseen = new Set<string>();
  /** taskId -> workflowId for the tasks of `locked`. */
  private readonly taskOwners = new Map<string, string>();
  /** The version this transaction gives the executions it writes, made at its first write. */
  private ownVersion: string | undefined;
  /** Snapshot hashes this transaction inserted: known stored once it commits. */
  readonly insertedSnapshots = new Set<string>();

  constructor(private readonly cache: PgExecutionCache) {}

  get(workflowId: string): Workflow | undefined {
    return this.locked.get(workflowId);
  }

  ownerOf(taskId: string): string | undefined {
    return this.taskOwners.get(taskId);
  }

  writeVersion(): string {
    return (this.ownVersion ??= this.cache.newVersion());
  }

  /** Keeps the execution as this transaction now has it, at `version`; frozen, since callers may get it again. */
  remember(workflow: Workflow, version: string): void {
    this.forget(workflow.workflowId);
    for (const task of freezeExecution(workflow).tasks) this.taskOwners.set(task.taskId, workflow.workflowId);
    this.locked.set(workflow.workflowId, workflow);
    this.versions.set(workflow.workflowId, version);
  }

  /** Written, but what it now holds is not known here. */
  forgetWritten(workflowId: string): void {
    this.forget(workflowId);
    this.writtenUnseen.add(workflowId);
  }

  /** Hands what this transaction knows of the executions it touched to the store's cache, once it committed. */
  settle(): void {
    for (const workflowId of this.writtenUnseen) {
      if (!this.locked.has(workflowId)) this.cache.forget(workflowId);
    }
    for (const [workflowId, workflow] of this.locked)
      this.cache.put(this.versions.get(workflowId)!, workflow);
  }

  private forget(workflowId: string): void {
    const known = this.locked.get(workflowId);
    if (!known) return;
    for (const task of known.tasks) this.taskOwners.delete(task.taskId);
    this.locked.delete(workflowId);
    this.versions.delete(workflowId);
  }
}
