/**
 * External payload storage, Conductor's way: an input or output above its type's threshold is kept in the store's
 * `external_payloads` table, and the execution row holds an empty map and `external{Input,Output}PayloadStoragePath`.
 *
 * The decider never sees a path: `wrap` gives the runtime a transaction whose reads put stored payloads back in
 * place (internalize) and whose writes take large ones out (externalize). A payload object read from storage
 * remembers its path, so writing it back costs nothing. Reads outside transactions (the API) show executions as
 * stored, with paths and empty maps, as Conductor serves them.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { JsonObject, Task, Workflow } from '@baton/protocol';
import { rememberPayloadText, type Store, type StoreReader, type StoreTx } from '@baton/store';
import { NotFoundError } from '../errors.js';
import { LoadedPayloads } from './loaded-payloads.js';
import type { PayloadLimits, PayloadType } from './payload-limits.js';
import { jsonBytesBound } from './size-bound.js';

/**
 * Payload objects read from (or written to) storage, and their path: written back, they need no new copy. Only
 * committed paths: one stored by a transaction that then rolled back is not there (see PayloadRun).
 */
const storedAt = new WeakMap<object, string>();
/** Serialized sizes, so an unchanged input is not serialized again on every write of its task. */
const sizes = new WeakMap<object, number>();
/**
 * The JSON bytes of payloads measured above their threshold and not stored yet: storing one then costs no second
 * stringify and encoding (tens of milliseconds for 10 MB). Taken (and dropped) when stored.
 */
const unstoredJson = new WeakMap<object, Buffer>();
/**
 * Payloads stored ahead of the transaction that names them (see storeAhead), and their path: pending in the store
 * until a transaction settles it.
 */
const storedAhead = new WeakMap<object, string>();

const DIRECTORIES: Record<PayloadType, string> = {
  WORKFLOW_INPUT: 'workflow/input',
  WORKFLOW_OUTPUT: 'workflow/output',
  TASK_INPUT: 'task/input',
  TASK_OUTPUT: 'task/output',
};

/**
 * Bytes of payloads serialized, stored or written in one transaction after which it lets the event loop serve
 * others before going on: a fork of sixty 9 MB inputs is then many short holds of the loop, not one of seconds.
 */
const YIELD_EVERY_BYTES = 4 * 1024 * 1024;
/** A task whose payloads weigh this much is written on its own slice of the loop (see writeLargeTasks). */
const LARGE_TASK_BYTES = 256 * 1024;

/** Paths this server hands out and serves: `{workflow,task}/{input,output}/<uuid>.json`, as Conductor's S3 keys. */
export const STORAGE_PATH = /^(workflow|task)\/(input|output)\/[\w-]+\.json$/;

export function newStoragePath(type: PayloadType): string {
  return `${DIRECTORIES[type]}/${randomUUID()}.json`;
}

/** Bytes of the payload's JSON, as Conductor measures it; its JSON is kept for storing when above `keepAbove`. */
export function payloadSize(payload: JsonObject, keepAbove = Infinity): number {
  let size = sizes.get(payload);
  if (size === undefined) {
    if (isEmpty(payload)) size = 2;
    else {
      const json = JSON.stringify(payload);
      // More characters than the threshold is more bytes too: encode once, for the size and for storing.
      const bytes = json.length > keepAbove ? Buffer.from(json) : undefined;
      size = bytes?.length ?? Buffer.byteLength(json);
      if (bytes) unstoredJson.set(payload, bytes);
    }
    sizes.set(payload, size);
  }
  return size;
}

/** The payload's size when measured, else an upper bound of it found without serializing it (size-bound.ts). */
function sizeAtMost(payload: JsonObject, stopAbove: number): number {
  return sizes.get(payload) ?? jsonBytesBound(payload, stopAbove);
}

/**
 * What was measured of a payload where its request body was parsed (off the event loop): its size, and its JSON
 * when large, so that neither is made again here: bytes above its threshold (stored externally), else its text
 * (written in its row, see row-json.ts).
 */
export function rememberPayloadJson(payload: JsonObject, size: number, json?: Uint8Array | string): void {
  sizes.set(payload, size);
  if (typeof json === 'string') rememberPayloadText(payload, json);
  else if (json) unstoredJson.set(payload, Buffer.from(json.buffer, json.byteOffset, json.byteLength));
}

/** The payload's JSON bytes, measured before (see payloadSize) or made now. */
function takeJson(payload: JsonObject): Buffer {
  const bytes = unstoredJson.get(payload) ?? Buffer.from(JSON.stringify(payload));
  unstoredJson.delete(payload);
  return bytes;
}

/** Conductor's reason when a task's payload is over its hard limit. */
export function taskPayloadTooLarge(
  size: number,
  taskId: string,
  workflowId: string,
  maxBytes: number,
): string {
  return `The payload size: ${size} of task: ${taskId} in workflow: ${workflowId}  is greater than the permissible limit: ${maxBytes} bytes`;
}

/** Conductor's reason when a workflow's payload is over its hard limit. */
export function workflowPayloadTooLarge(size: number, workflowId: string, maxBytes: number): string {
  return `The payload size: ${size} of workflow: ${workflowId} is greater than the permissible limit: ${maxBytes} bytes`;
}

export class ExternalPayloads {
  /** Stored payloads this server stored or read, parsed (see LoadedPayloads). */
  private readonly loaded = new LoadedPayloads();

  constructor(readonly limits: PayloadLimits) {}

  /** The size when the payload is over the hard limit of its type, else undefined. */
  overLimit(type: PayloadType, payload: JsonObject): { size: number; maxBytes: number } | undefined {
    const maxBytes = this.limits[type].maxKB * 1024;
    if (sizeAtMost(payload, maxBytes) <= maxBytes) return undefined;
    const size = payloadSize(payload, this.thresholdBytes(type));
    return size > maxBytes ? { size, maxBytes } : undefined;
  }

  private thresholdBytes(type: PayloadType): number {
    return this.limits[type].thresholdKB * 1024;
  }

  /**
   * Whether the payload is known, without serializing it, to be far below its threshold: its size or bound within
   * half of LARGE_TASK_BYTES (so that a task holding two is small too). The bound's walk stops there; a payload it
   * cannot place is measured exactly, once.
   */
  private farBelow(type: PayloadType, payload: JsonObject): boolean {
    const within = Math.min(this.thresholdBytes(type), LARGE_TASK_BYTES / 2);
    return sizeAtMost(payload, within) <= within;
  }

  /**
   * Whether `storeAhead` would store the payload: it is above its type's threshold, within its hard limit, and
   * its JSON bytes are made already (the body worker measured it off the loop).
   */
  storesAhead(type: PayloadType, payload: JsonObject | undefined): payload is JsonObject {
    if (!payload || storedAt.has(payload) || storedAhead.has(payload)) return false;
    const size = unstoredJson.get(payload)?.length;
    return size !== undefined && size > this.thresholdBytes(type) && size <= this.limits[type].maxKB * 1024;
  }

  /**
   * Stores the payload before the transaction that will name it, committed on its own and off the event loop
   * where the store can (`Store.storeExternalPayload`): writing megabytes inside the transaction holds the loop.
   * It stays pending until that transaction settles it (see wrap), so a request that then fails leaves nothing
   * but what the store's sweep drops. Nothing when `storesAhead` says no: the transaction stores it as before.
   */
  async storeAhead(store: Store, type: PayloadType, payload: JsonObject | undefined): Promise<void> {
    if (!this.storesAhead(type, payload)) return;
    const path = newStoragePath(type);
    // The store may take the bytes (moved to its writer's thread): made again by JSON.stringify if ever needed.
    await store.storeExternalPayload(path, takeJson(payload), Date.now(), true);
    storedAhead.set(payload, path);
  }

  /**
   * The JSON object stored at `path`, which was committed (e.g. uploaded before a request naming it);
   * NotFoundError when there is none (e.g. a result naming a bad path).
   */
  async read(store: StoreReader, path: string): Promise<JsonObject> {
    const payload = this.loaded.get(path) ?? (await this.fetch(store, path));
    this.committed(payload, path);
    return payload;
  }

  private async fetch(store: StoreReader, path: string): Promise<JsonObject> {
    const bytes = await store.getExternalPayload(path);
    if (!bytes) throw new NotFoundError(`No external payload is stored at ${path}`);
    const payload = JSON.parse(bytes.toString('utf8')) as JsonObject;
    sizes.set(payload, bytes.length);
    return payload;
  }

  /** `payload`, whose JSON has `bytes` bytes, was uploaded to `path` and committed: requests naming it use it. */
  uploaded(path: string, payload: JsonObject, bytes: number): void {
    sizes.set(payload, bytes);
    this.committed(payload, path);
  }

  /** `payload` is the one at `path`, which is committed: writing it back names the path, reading it reuses it. */
  private committed(payload: JsonObject, path: string): void {
    storedAt.set(payload, path);
    this.loaded.set(path, payload, payloadSize(payload));
  }

  /**
   * `tx`, with executions internalized as they are read and externalized as they are written (see above), for
   * one run of a transaction: the paths it stores are known for later writes only once it committed.
   */
  wrap(tx: StoreTx, now: number): PayloadRun {
    /** Paths stored (or read) in this run, known to every later write once it committed. */
    const storedHereAt = new Map<JsonObject, string>();
    const pathOf = (payload: JsonObject): string | undefined =>
      storedAt.get(payload) ?? storedHereAt.get(payload);
    const read = new Map<string, Promise<JsonObject>>();
    let sinceTurn = 0;
    /** Counts work done on the loop; once it reaches YIELD_EVERY_BYTES, others are served before going on. */
    const worked = async (bytes: number): Promise<void> => {
      sinceTurn += bytes;
      if (sinceTurn < YIELD_EVERY_BYTES) return;
      sinceTurn = 0;
      await nextTurn();
    };
    const load = (path: string): Promise<JsonObject> => {
      let payload = read.get(path);
      if (!payload) {
        const kept = this.loaded.get(path);
        payload = kept
          ? Promise.resolve(kept)
          : this.fetch(tx, path).then((loaded) => {
              storedHereAt.set(loaded, path);
              return loaded;
            });
        read.set(path, payload);
      }
      return payload;
    };
    /**
     * Whether writing `data` leaves it as it is: in its row, never stored, far enough below its threshold that
     * no write needs its size (a task holding two such payloads is small, see writeLargeTasks). Nearly every
     * payload is: its write then needs no serialization here, nor a turn of the microtask queue.
     */
    const staysInline = (type: PayloadType, data: JsonObject, path: string | undefined): boolean =>
      path === undefined && pathOf(data) === undefined && !storedAhead.has(data) && this.farBelow(type, data);
    const taskStaysInline = (task: Task): boolean =>
      staysInline('TASK_INPUT', task.inputData, task.externalInputPayloadStoragePath) &&
      staysInline('TASK_OUTPUT', task.outputData, task.externalOutputPayloadStoragePath);
    const workflowStaysInline = (workflow: Workflow): boolean =>
      staysInline('WORKFLOW_INPUT', workflow.input, workflow.externalInputPayloadStoragePath) &&
      staysInline('WORKFLOW_OUTPUT', workflow.output, workflow.externalOutputPayloadStoragePath);

    const inSlot = async (data: JsonObject, path: string | undefined): Promise<JsonObject> =>
      path !== undefined && isEmpty(data) ? load(path) : data;
    /** Payloads stored in this transaction: a fork's sixty branch inputs naming one 9 MB value are stored once. */
    const storedHere: JsonObject[] = [];
    const outSlot = async (type: PayloadType, data: JsonObject, path: string | undefined): Promise<Slot> => {
      const known = pathOf(data);
      if (known !== undefined) return { data: {}, path: known };
      const ahead = storedAhead.get(data);
      if (ahead !== undefined) {
        if (await tx.settleExternalPayload(ahead)) {
          storedHereAt.set(data, ahead);
          storedHere.push(data);
          return { data: {}, path: ahead };
        }
        // Swept before any transaction named it (a request that waited very long): stored below instead.
        storedAhead.delete(data);
      }
      if (path !== undefined && isEmpty(data)) return { data, path };
      const twin = storedHere.find((stored) => sameEntries(stored, data));
      if (twin && payloadSize(twin) > this.thresholdBytes(type)) {
        const twinPath = storedHereAt.get(twin)!;
        storedHereAt.set(data, twinPath);
        sizes.set(data, payloadSize(twin));
        return { data: {}, path: twinPath };
      }
      if (this.farBelow(type, data)) return { data, path: undefined };
      const measured = sizes.has(data);
      const size = payloadSize(data, this.thresholdBytes(type));
      if (!measured) await worked(size);
      if (size <= this.thresholdBytes(type)) return { data, path: undefined };
      const stored = newStoragePath(type);
      const bytes = takeJson(data);
      await tx.putExternalPayload(stored, bytes, now);
      storedHereAt.set(data, stored);
      storedHere.push(data);
      await worked(bytes.length);
      return { data: {}, path: stored };
    };

    const internalizeTask = async (task: Task): Promise<Task> => {
      const { externalInputPayloadStoragePath: inPath, externalOutputPayloadStoragePath: outPath } = task;
      if (inPath === undefined && outPath === undefined) return task;
      return {
        ...task,
        inputData: await inSlot(task.inputData, inPath),
        outputData: await inSlot(task.outputData, outPath),
      };
    };
    const externalizeTask = async (task: Task): Promise<Task> => {
      const input = await outSlot('TASK_INPUT', task.inputData, task.externalInputPayloadStoragePath);
      const output = await outSlot('TASK_OUTPUT', task.outputData, task.externalOutputPayloadStoragePath);
      return withSlots(task, 'inputData', 'outputData', input, output);
    };
    const externalizeWorkflow = async (workflow: Workflow): Promise<Workflow> => {
      const input = await outSlot('WORKFLOW_INPUT', workflow.input, workflow.externalInputPayloadStoragePath);
      const output = await outSlot(
        'WORKFLOW_OUTPUT',
        workflow.output,
        workflow.externalOutputPayloadStoragePath,
      );
      return withSlots(workflow, 'input', 'output', input, output);
    };
    const externalizeTasks = async (tasks: readonly Task[]): Promise<Task[]> => {
      const out: Task[] = [];
      for (const task of tasks) out.push(await externalizeTask(task));
      return out;
    };
    /**
     * Writes the large tasks (payloads kept inline, below their threshold) a few MB at a time, the loop served in
     * between, and returns the others: sixty 3 MB tasks are not serialized and written in one go.
     */
    const writeLargeTasks = async (workflowId: string, tasks: readonly Task[]): Promise<Task[]> => {
      const small: Task[] = [];
      let slice: Task[] = [];
      let bytes = 0;
      // A task written twice in one call: its last version, in its first place (as the stores take them).
      for (const task of new Map(tasks.map((t) => [t.taskId, t])).values()) {
        const size = taskPayloadBytes(task);
        if (size < LARGE_TASK_BYTES) {
          small.push(task);
          continue;
        }
        slice.push(task);
        bytes += size;
        if (bytes >= YIELD_EVERY_BYTES) {
          await tx.updateTasks(workflowId, slice);
          await worked(bytes);
          [slice, bytes] = [[], 0];
        }
      }
      if (slice.length > 0) await tx.updateTasks(workflowId, slice);
      return small;
    };

    // The execution's row goes first (its tasks refer to it), then its large tasks.
    const createExternalized = async (workflow: Workflow): Promise<void> => {
      const stored = await externalizeWorkflow(workflow);
      const tasks = await externalizeTasks(workflow.tasks);
      const isLarge = (t: Task) => taskPayloadBytes(t) >= LARGE_TASK_BYTES;
      await tx.createWorkflow({ ...stored, tasks: tasks.filter((t) => !isLarge(t)) });
      await writeLargeTasks(workflow.workflowId, tasks.filter(isLarge));
    };
    const updateExternalized = async (
      workflow: Workflow,
      changedTasks: readonly Task[],
      removedTaskIds: readonly string[] = [],
    ): Promise<void> => {
      const stored = await externalizeWorkflow(workflow);
      const gone = new Set(removedTaskIds);
      const tasks = await externalizeTasks(changedTasks.filter((t) => !gone.has(t.taskId)));
      const small = await writeLargeTasks(workflow.workflowId, tasks);
      await tx.updateWorkflow(stored, small, removedTaskIds);
    };

    const overrides: Partial<StoreTx> = {
      getWorkflow: async (workflowId, includeTasks) => {
        const workflow = await tx.getWorkflow(workflowId, includeTasks);
        // Nearly every execution has nothing stored: it is returned as is, not copied task by task.
        if (!workflow || !holdsStoragePaths(workflow)) return workflow;
        const tasks: Task[] = [];
        for (const task of workflow.tasks) tasks.push(await internalizeTask(task));
        return {
          ...workflow,
          input: await inSlot(workflow.input, workflow.externalInputPayloadStoragePath),
          output: await inSlot(workflow.output, workflow.externalOutputPayloadStoragePath),
          tasks,
        };
      },
      getTask: async (taskId) => {
        const task = await tx.getTask(taskId);
        return task && internalizeTask(task);
      },
      // Nearly every write holds no payload to store or slice: it goes to the store as it is.
      createWorkflow: (workflow) =>
        workflowStaysInline(workflow) && workflow.tasks.every(taskStaysInline)
          ? tx.createWorkflow(workflow)
          : createExternalized(workflow),
      updateWorkflow: (workflow, changedTasks, removedTaskIds) =>
        !removedTaskIds?.length && workflowStaysInline(workflow) && changedTasks.every(taskStaysInline)
          ? tx.updateWorkflow(workflow, changedTasks, removedTaskIds)
          : updateExternalized(workflow, changedTasks, removedTaskIds),
      updateTasks: async (workflowId, tasks) =>
        tx.updateTasks(workflowId, tasks.every(taskStaysInline) ? tasks : await externalizeTasks(tasks)),
    };
    // Bound once per transaction: a unit calls the store a dozen times.
    const bound = new Map<PropertyKey, unknown>();
    const wrapped = new Proxy(tx, {
      get(target, property, receiver) {
        if (Object.hasOwn(overrides, property)) return overrides[property as keyof StoreTx];
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        let method = bound.get(property);
        if (method === undefined) bound.set(property, (method = value.bind(target)));
        return method;
      },
    });
    return {
      tx: wrapped,
      committed: () => {
        for (const [payload, path] of storedHereAt) this.committed(payload, path);
      },
    };
  }
}

/**
 * One run of a transaction through ExternalPayloads.wrap. A store may run a transaction again (a deadlock, a
 * stale execution, a group commit undone): a payload stored by a run that did not commit is not there, so the
 * next run stores it again instead of naming its path.
 */
export interface PayloadRun {
  tx: StoreTx;
  /** Call once this run committed. */
  committed(): void;
}

/** Whether the execution or one of its tasks keeps a payload in storage. */
function holdsStoragePaths(workflow: Workflow): boolean {
  const [inPath, outPath] = PATH_FIELDS;
  return (
    workflow[inPath] !== undefined ||
    workflow[outPath] !== undefined ||
    workflow.tasks.some((task) => task[inPath] !== undefined || task[outPath] !== undefined)
  );
}

/** A task as a worker or an API reader gets it: stored payloads by path, with an empty map in their place. */
export function asStored(task: Task): Task {
  const { externalInputPayloadStoragePath: inPath, externalOutputPayloadStoragePath: outPath } = task;
  if (inPath === undefined && outPath === undefined) return task;
  return {
    ...task,
    ...(inPath !== undefined && { inputData: {} }),
    ...(outPath !== undefined && { outputData: {} }),
  };
}

interface Slot {
  data: JsonObject;
  path: string | undefined;
}

const PATH_FIELDS = ['externalInputPayloadStoragePath', 'externalOutputPayloadStoragePath'] as const;

/** `entity` with its input and output slots replaced; the same object when nothing changed. */
function withSlots<T extends Task | Workflow>(
  entity: T,
  inputField: keyof T,
  outputField: keyof T,
  input: Slot,
  output: Slot,
): T {
  const [inPathField, outPathField] = PATH_FIELDS;
  if (
    entity[inputField] === input.data &&
    entity[outputField] === output.data &&
    entity[inPathField] === input.path &&
    entity[outPathField] === output.path
  )
    return entity;
  const next: T = { ...entity, [inputField]: input.data, [outputField]: output.data };
  setOrDelete(next, inPathField, input.path);
  setOrDelete(next, outPathField, output.path);
  return next;
}

function setOrDelete<T extends Task | Workflow>(
  entity: T,
  field: (typeof PATH_FIELDS)[number],
  path?: string,
): void {
  if (path === undefined) delete entity[field];
  else entity[field] = path;
}

/** What a task's payloads weigh: at most that when below LARGE_TASK_BYTES (not serialized for it), else exactly. */
function taskPayloadBytes(task: Task): number {
  const bound = sizeAtMost(task.inputData, LARGE_TASK_BYTES) + sizeAtMost(task.outputData, LARGE_TASK_BYTES);
  return bound < LARGE_TASK_BYTES ? bound : payloadSize(task.inputData) + payloadSize(task.outputData);
}

/** Whether two payloads hold the very same values under the same keys in the same order (the same JSON). */
function sameEntries(a: JsonObject, b: JsonObject): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key, i) => key === bKeys[i] && a[key] === b[key]);
}

function isEmpty(payload: JsonObject): boolean {
  for (const _ in payload) return false;
  return true;
}
