/**
 * Workflow and task definitions: validation, audit times, defaults, and Conductor's error semantics over the
 * store. Task definitions are also cached in memory because the decider looks them up synchronously, and
 * workflow definitions because every start needs one; every write goes through this service, which refreshes
 * the caches after the store has committed. Cached definitions are deep-frozen: they are shared.
 */
import {
  applyTaskDefDefaults,
  applyWorkflowDefDefaults,
  validateTaskDef,
  validateTaskDefs,
  validateWorkflowDef,
  type BulkResponse,
  type TaskDef,
  type ValidationError,
  type WorkflowDef,
} from '@baton/protocol';
import type { Store, StoreTx } from '@baton/store';
import { ConflictError, NotFoundError, ValidationFailedError } from '../errors.js';

/** One version of a workflow definition, without its body (`/workflow/names-and-versions`). */
export interface WorkflowDefSummary {
  name: string;
  version: number;
  createTime?: number;
  updateTime?: number;
}

const BULK_MESSAGE = 'Bulk Request has been processed.';

export class MetadataService {
  /** By `name` + NUL + version, or + NUL alone for the latest version. */
  private readonly workflowDefCache = new Map<string, WorkflowDef>();
  /** Bumped by every workflow definition write, so a read that raced one does not cache what it read. */
  private workflowDefGeneration = 0;
  /** Bumped by every reload of the task definitions, so only the newest one fills the cache. */
  private taskDefGeneration = 0;

  private constructor(
    private readonly store: Store,
    private readonly taskDefCache: Map<string, TaskDef>,
  ) {}

  /** Reads every task definition into the cache. */
  static async load(store: Store): Promise<MetadataService> {
    const taskDefs = await store.listTaskDefs();
    return new MetadataService(store, new Map(taskDefs.map((def) => [def.name, deepFreeze(def)])));
  }

  /** The registered definition, from memory. Treat the result as read-only: it is shared. */
  taskDef(name: string): TaskDef | undefined {
    return this.taskDefCache.get(name);
  }

  // ---- workflow definitions ----

  /** Registers one definition; an existing name+version is a 409 unless `overwrite`. */
  async registerWorkflowDef(input: unknown, overwrite: boolean): Promise<void> {
    const def = checkedWorkflowDef(input);
    const version = def.version ?? 1;
    await this.write(async (tx) => {
      const existing = await tx.getWorkflowDef(def.name, version);
      if (existing && !overwrite) {
        throw new ConflictError(`Workflow with ${def.name}.${version} already exists!`);
      }
      await tx.putWorkflowDef(withAuditTimes(def, existing, Date.now()));
    }).finally(() => this.forgetWorkflowDefs());
  }

  /** Creates or replaces each name+version (`PUT /workflow`); the whole array is validated first. */
  async upsertWorkflowDefs(input: unknown): Promise<BulkResponse> {
    if (!Array.isArray(input)) {
      throw new ValidationFailedError([{ path: '', message: 'must be an array', invalidValue: input }]);
    }
    if (input.length === 0)
      throw new ValidationFailedError([{ path: '', message: 'WorkflowDefList is empty' }]);
    const errors = input.flatMap((item: unknown, i) => prefixed(`[${i}]`, validateWorkflowDef(item)));
    if (errors.length > 0) throw new ValidationFailedError(errors);

    const defs = input.map((item) => applyWorkflowDefDefaults(item as WorkflowDef));
    const outcomes = await Promise.allSettled(
      defs.map((def) =>
        this.write(async (tx) => {
          const existing = await tx.getWorkflowDef(def.name, def.version ?? 1);
          await tx.putWorkflowDef(withAuditTimes(def, existing, Date.now()));
        }),
      ),
    );
    this.forgetWorkflowDefs();
    const response: BulkResponse = { bulkErrorResults: {}, bulkSuccessfulResults: [], message: BULK_MESSAGE };
    outcomes.forEach((outcome, i) => {
      const name = defs[i]!.name;
      if (outcome.status === 'fulfilled') response.bulkSuccessfulResults.push(name);
      else response.bulkErrorResults[name] = errorMessage(outcome.reason);
    });
    return response;
  }

  /** Throws ValidationFailedError when the definition could not be registered. */
  validateWorkflowDef(input: unknown): void {
    checkedWorkflowDef(input);
  }

  /** The given version, or the latest when `version` is undefined. */
  async getWorkflowDef(name: string, version?: number): Promise<WorkflowDef> {
    const key = `${name}\u0000${version ?? ''}`;
    const cached = this.workflowDefCache.get(key);
    if (cached) return cached;
    const generation = this.workflowDefGeneration;
    const def = await this.store.getWorkflowDef(name, version);
    if (!def) {
      throw new NotFoundError(`No such workflow found by name: ${name}, version: ${version ?? 'null'}`);
    }
    if (generation !== this.workflowDefGeneration) return def;
    this.workflowDefCache.set(key, deepFreeze(def));
    return def;
  }

  /** All versions of all definitions. */
  listWorkflowDefs(): Promise<WorkflowDef[]> {
    return this.store.listWorkflowDefs();
  }

  /** The latest version of each definition. */
  async latestVersions(): Promise<WorkflowDef[]> {
    const latest = new Map<string, WorkflowDef>();
    for (const def of await this.store.listWorkflowDefs()) {
      const seen = latest.get(def.name);
      if (!seen || (def.version ?? 1) > (seen.version ?? 1)) latest.set(def.name, def);
    }
    return [...latest.values()];
  }

  async names(): Promise<string[]> {
    return [...new Set((await this.store.listWorkflowDefs()).map((def) => def.name))];
  }

  async namesAndVersions(): Promise<Record<string, WorkflowDefSummary[]>> {
    const byName: Record<string, WorkflowDefSummary[]> = {};
    for (const def of await this.store.listWorkflowDefs()) {
      (byName[def.name] ??= []).push(summarize(def));
    }
    return byName;
  }

  /** Every version of one definition; empty when the name is unknown. */
  async versions(name: string): Promise<WorkflowDefSummary[]> {
    return (await this.store.listWorkflowDefs()).filter((def) => def.name === name).map(summarize);
  }

  /** Running executions are unaffected: they embed their definition. */
  async deleteWorkflowDef(name: string, version: number): Promise<void> {
    const deleted = await this.write((tx) => tx.deleteWorkflowDef(name, version)).finally(() =>
      this.forgetWorkflowDefs(),
    );
    if (!deleted) throw new NotFoundError(`No such workflow definition: ${name} version: ${version}`);
  }

  // ---- task definitions ----

  /** Insert-or-update each definition (`POST /taskdefs`). */
  async registerTaskDefs(input: unknown): Promise<void> {
    throwIfInvalid(validateTaskDefs(input));
    const defs = (input as unknown[]).map((item) => applyTaskDefDefaults(item as TaskDef));
    const stored = await this.write(async (tx) => {
      const now = Date.now();
      const results: TaskDef[] = [];
      for (const def of defs) {
        const withTimes = withAuditTimes(def, await tx.getTaskDef(def.name), now);
        await tx.putTaskDef(withTimes);
        results.push(withTimes);
      }
      return results;
    });
    for (const def of stored) this.taskDefCache.set(def.name, deepFreeze(def));
  }

  /** Replaces a registered definition (`PUT /taskdefs`); 404 when it is not registered. */
  async updateTaskDef(input: unknown): Promise<void> {
    throwIfInvalid(validateTaskDef(input));
    const def = applyTaskDefDefaults(input as TaskDef);
    const stored = await this.write(async (tx) => {
      const existing = await tx.getTaskDef(def.name);
      if (!existing) throw new NotFoundError(`No such taskDef found by name: ${def.name}`);
      const withTimes = withAuditTimes(def, existing, Date.now());
      await tx.putTaskDef(withTimes);
      return withTimes;
    });
    this.taskDefCache.set(stored.name, deepFreeze(stored));
  }

  async getTaskDef(name: string): Promise<TaskDef> {
    const def = await this.store.getTaskDef(name);
    if (!def) throw new NotFoundError(`No such taskType found by name: ${name}`);
    return def;
  }

  listTaskDefs(): Promise<TaskDef[]> {
    return this.store.listTaskDefs();
  }

  async deleteTaskDef(name: string): Promise<void> {
    const deleted = await this.write((tx) => tx.deleteTaskDef(name));
    if (!deleted) throw new NotFoundError(`No such taskDef found by name: ${name}`);
    this.taskDefCache.delete(name);
  }

  /**
   * Another server changed definitions: drop the cached workflow definitions and read the task definitions
   * again (the decider looks them up synchronously, so they stay in memory).
   */
  forgetCached(): void {
    this.forgetWorkflowDefs();
    const generation = ++this.taskDefGeneration;
    void this.store.listTaskDefs().then(
      (defs) => {
        if (generation !== this.taskDefGeneration) return; // a newer reload is on its way
        this.taskDefCache.clear();
        for (const def of defs) this.taskDefCache.set(def.name, deepFreeze(def));
      },
      () => undefined, // the store is down: the next signal or write reloads
    );
  }

  /** A definitions write, which tells the other servers sharing the store to forget their cached copies. */
  private write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const written = this.store.transact(async (tx) => {
      const value = await fn(tx);
      await tx.notify([{ type: 'definitionsChanged' }]);
      return value;
    });
    // A reload that read before this write must not overwrite what this write caches.
    return written.finally(() => this.taskDefGeneration++);
  }

  private forgetWorkflowDefs(): void {
    this.workflowDefGeneration++;
    this.workflowDefCache.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function checkedWorkflowDef(input: unknown): WorkflowDef {
  throwIfInvalid(validateWorkflowDef(input));
  return applyWorkflowDefDefaults(input as WorkflowDef);
}

function throwIfInvalid(errors: ValidationError[]): void {
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/** A new definition gets `createTime`; a replacement keeps the original one and gets `updateTime`. */
function withAuditTimes<T extends TaskDef | WorkflowDef>(def: T, existing: T | undefined, now: number): T {
  const { createTime: _sentCreateTime, updateTime: _sentUpdateTime, ...rest } = def;
  const times = existing ? { createTime: existing.createTime ?? now, updateTime: now } : { createTime: now };
  return { ...rest, ...times } as T;
}

function prefixed(prefix: string, errors: ValidationError[]): ValidationError[] {
  return errors.map((e) => ({
    ...e,
    path: e.path.startsWith('[') || !e.path ? prefix + e.path : `${prefix}.${e.path}`,
  }));
}

function summarize(def: WorkflowDef): WorkflowDefSummary {
  return {
    name: def.name,
    version: def.version ?? 1,
    createTime: def.createTime,
    updateTime: def.updateTime,
  };
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
