/**
 * A worker: a plain (async) function bound to a task type, with how it should be polled (concurrency, poll
 * interval, domain), optional input validation, task definition registration and lease extension.
 */
import { hostname } from 'node:os';
import type { JsonObject, TaskDef } from '../model/definitions.js';
import type { AnyValue, Bindings } from '../workflow/expr.js';
import { SimpleTask } from '../workflow/tasks/simple-task.js';
import { inputValidator, type InputSchema } from './input-schema.js';
import type { TaskContext, TaskInProgress } from './task-context.js';
import type { WorkerSettings } from './worker-env.js';
import { registerWorker } from './worker-registry.js';

export interface WorkerOptions<I = JsonObject> {
  /** The task type (task definition name) this worker polls for. */
  taskDefName: string;
  /** Tasks worked at the same time (the Python SDK's thread_count). Default 1. */
  concurrency?: number;
  /** Pause after a poll that found nothing (ms). Default 100. */
  pollIntervalMs?: number;
  /** How long the server may hold a poll open waiting for a task (ms, ≤ 5000). Default 1000. */
  pollTimeoutMs?: number;
  /** Poll the queue of this domain only. */
  domain?: string;
  /** Reported to the server with polls and results. Default: the host name. */
  workerId?: string;
  /** Register the task definition (`taskDef`) at start. */
  registerTaskDef?: boolean;
  /**
   * With `registerTaskDef`: replace a definition the server already has (default true, as in the Python SDK),
   * or false to leave an existing one (changed on the server, say) alone and only create a missing one.
   */
  overwriteTaskDef?: boolean;
  /** Settings of the registered definition (retries, timeouts, ...). */
  taskDef?: Omit<TaskDef, 'name'>;
  /** Keep long tasks alive by extending their lease while they run. */
  leaseExtendEnabled?: boolean;
  /** Lease extension period (ms). Default: 80% of the task's responseTimeoutSeconds. */
  leaseExtendIntervalMs?: number;
  /** Validate (and, for parsing schemas, convert) the input before the function sees it. */
  inputSchema?: InputSchema<I>;
}

export type WorkerFunction<I, R> = (input: I, context: TaskContext<I>) => R | Promise<R>;

/**
 * The output a worker's return value becomes, as in the Python SDK: an object is the output itself, anything
 * else (string, number, array, ...) is `{ result: value }`, TaskInProgress carries its own output.
 */
export type WorkerOutput<R> =
  R extends TaskInProgress<infer P>
    ? P
    : [R] extends [void | undefined]
      ? Record<string, never>
      : R extends readonly unknown[] | Date
        ? { result: R }
        : R extends object
          ? R
          : { result: R };

/**
 * A worker with everything resolved; what the TaskHandler runs. Usually made with `worker()`; constructing one
 * directly does not record it for `scanForAnnotatedWorkers`.
 *
 * @example
 * const greet = new Worker({ taskDefName: 'greet', concurrency: 5 }, ({ name }: { name: string }) => `Hello ${name}`);
 */
export class Worker<I = JsonObject, O = JsonObject> {
  readonly taskDefName: string;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly pollTimeoutMs: number;
  readonly domain: string | undefined;
  readonly workerId: string;
  readonly registerTaskDef: boolean;
  readonly overwriteTaskDef: boolean;
  readonly taskDef: Omit<TaskDef, 'name'>;
  readonly leaseExtendEnabled: boolean;
  readonly leaseExtendIntervalMs: number | undefined;
  /** Undefined when the worker declares no schema (the input is passed as is). */
  readonly validate: ((input: unknown) => I | Promise<I>) | undefined;
  readonly execute: WorkerFunction<I, unknown>;

  constructor(options: WorkerOptions<I>, execute: WorkerFunction<I, unknown>) {
    if (!options.taskDefName) throw new Error('A worker needs a taskDefName');
    this.taskDefName = options.taskDefName;
    this.concurrency = validConcurrency(options.concurrency ?? 1);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pollTimeoutMs = validPollTimeout(options.pollTimeoutMs ?? 1000);
    this.domain = options.domain;
    this.workerId = options.workerId ?? hostname();
    this.registerTaskDef = options.registerTaskDef ?? false;
    this.overwriteTaskDef = options.overwriteTaskDef ?? true;
    this.taskDef = options.taskDef ?? {};
    this.leaseExtendEnabled = options.leaseExtendEnabled ?? false;
    this.leaseExtendIntervalMs = options.leaseExtendIntervalMs;
    this.validate = options.inputSchema
      ? inputValidator(options.taskDefName, options.inputSchema)
      : undefined;
    this.execute = execute;
  }

  /** A copy of this worker with some settings replaced (what the TaskHandler does with the environment's). */
  withSettings(settings: Partial<WorkerSettings>): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, settings);
    return Object.assign(copy, {
      concurrency: validConcurrency(copy.concurrency),
      pollTimeoutMs: validPollTimeout(copy.pollTimeoutMs),
    });
  }

  /**
   * A SIMPLE task running this worker in a workflow, with typed input bindings and output (the Python SDK's
   * `greet(task_ref_name='greet_ref', name=...)`).
   */
  task(taskReferenceName: string, inputs?: Bindings<I>): SimpleTask<I, O> {
    return new SimpleTask<I, O>(this.taskDefName, taskReferenceName, inputs);
  }
}

const validConcurrency = (n: number): number => Math.max(1, Math.floor(n));
const validPollTimeout = (ms: number): number => Math.min(5000, Math.max(0, ms));

/**
 * Defines a worker (the Python SDK's `@worker_task`) and records it for `scanForAnnotatedWorkers`.
 *
 * @example
 * export const greet = worker({ taskDefName: 'greet', registerTaskDef: true }, ({ name }: { name: string }) => {
 *   return `Hello ${name}`; // output: { result: 'Hello ...' }
 * });
 * // in a workflow: wf.add(greet.task('greet_ref', { name: wf.input('name') }))
 */
export function worker<I = JsonObject, R = unknown>(
  options: WorkerOptions<I>,
  execute: WorkerFunction<I, R>,
): Worker<I, WorkerOutput<Awaited<R>>> {
  const created = new Worker<I, WorkerOutput<Awaited<R>>>(options, execute);
  registerWorker(created);
  return created;
}

/** A worker of any input and output type (for lists of workers). */
export type AnyWorker = Worker<AnyValue, AnyValue>;
