/**
 * The main thread's side of the JSON body worker (json-body-worker.ts): one thread, started on the first large
 * body, that large bodies stream to as their chunks arrive. The event loop then never holds a large body whole
 * (decoding, parsing and measuring 10 MB took it 100-200 ms); it only receives the parsed result.
 *
 * The bytes of bodies being read at once are bounded: past `maxBytesInFlight` a body is refused with 503,
 * retryable. When the thread dies (say it ran out of memory), the bodies it held are refused the same way and
 * the next large body starts a new one.
 */
import type { Worker } from 'node:worker_threads';
import { ApiError, ErrorCode } from '../errors.js';
import { startWorker } from '../sandbox/start-worker.js';
import { ChunkRing, SLOT_BYTES } from './chunk-ring.js';
import type {
  BodyJob,
  BodyMessage,
  BodyResult,
  LongString,
  PayloadPart,
  StringCap,
  WideList,
} from './json-body-protocol.js';

/** Bytes of large bodies read at once, at most: twenty-five 10 MB task results. */
export const MAX_BODY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;
/** The worker's heap: a few large bodies parsed at once, with room to spare. */
const WORKER_HEAP_MB = 1024;

/** 503: the server reads as many large bodies as it may at once, or the thread reading them died. */
export class BodyReaderBusyError extends ApiError {
  constructor(message: string) {
    super(503, ErrorCode.UNAVAILABLE, message, true);
  }
}

/** One body streaming to the worker. */
export interface OffThreadBody {
  /** False when the chunk is held until the worker catches up: pause the stream until `whenDrained`. */
  push(chunk: Buffer): boolean;
  whenDrained(resume: () => void): void;
  /**
   * The parsed body, or why it was refused; the parts named are measured (see PayloadPart), the strings named
   * cut (see StringCap).
   */
  finish(parts: readonly PayloadPart[], caps?: readonly StringCap[]): Promise<BodyResult>;
  /** The body will not be finished (the client went away, or it was refused): the worker forgets it. */
  abandon(): void;
}

interface Waiting {
  resolve: (result: BodyResult) => void;
  reject: (error: Error) => void;
}

/** A result whose wide lists and long strings are still arriving, slice by slice and piece by piece. */
interface Joining {
  result: Extract<BodyResult, { body: unknown }>;
  /** The lists still filling, the first one next; slices of it so far. */
  lists: WideList[];
  slices: number;
  strings: LongString[];
  /** Pieces of the first of `strings` so far. */
  joined: string;
  received: number;
}

export class JsonBodyPool {
  private worker: Worker | undefined;
  private nextId = 1;
  private bytesInFlight = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly joining = new Map<number, Joining>();
  /** Bodies open on the current worker; they fail with it. */
  private readonly open = new Map<number, () => void>();
  private closed = false;
  private readonly ring = new ChunkRing();
  private readonly ringWaiters = new Set<() => boolean>();
  private ringTimer: NodeJS.Timeout | undefined;

  constructor(private readonly maxBytesInFlight = MAX_BODY_BYTES_IN_FLIGHT) {}

  /** Starts streaming a body to the worker; throws BodyReaderBusyError when too many bytes are in flight. */
  begin(): OffThreadBody {
    if (this.closed) throw new BodyReaderBusyError('The server is shutting down');
    const worker = this.ensureWorker();
    const id = this.nextId++;
    let bytes = 0;
    let failed: Error | undefined;
    /** Pieces waiting for a free slot of the ring, in order; the body's stream is paused meanwhile. */
    const held: Buffer[] = [];
    let drained: (() => void) | undefined;
    const release = (): void => {
      this.bytesInFlight -= bytes;
      bytes = 0;
      this.open.delete(id);
      held.length = 0;
    };
    /** Sends what it can of the held pieces; true once none is left. */
    const sendHeld = (): boolean => {
      while (held.length > 0 && !failed) {
        const slot = this.ring.put(held[0]!);
        if (slot === undefined) return false;
        this.post(worker, { kind: 'chunk', id, slot, length: held.shift()!.length });
      }
      held.length = 0;
      const resume = drained;
      drained = undefined;
      resume?.();
      return true;
    };
    this.open.set(id, () => {
      failed = new BodyReaderBusyError('The thread reading large request bodies stopped; send it again');
    });
    this.post(worker, { kind: 'begin', id });
    return {
      push: (chunk) => {
        if (failed) return true;
        if (this.bytesInFlight + chunk.length > this.maxBytesInFlight) {
          failed = new BodyReaderBusyError(
            'The server is reading as many large request bodies as it may at once; send it again shortly',
          );
          this.post(worker, { kind: 'drop', id });
          release();
          return true;
        }
        bytes += chunk.length;
        this.bytesInFlight += chunk.length;
        for (let from = 0; from < chunk.length; from += SLOT_BYTES)
          held.push(chunk.subarray(from, from + SLOT_BYTES));
        if (sendHeld()) return true;
        this.waitForRing(sendHeld);
        return false;
      },
      whenDrained: (resume) => {
        if (held.length === 0) resume();
        else drained = resume;
      },
      finish: async (parts, caps = []) => {
        if (held.length > 0) await new Promise<void>((resolve) => (drained = resolve));
        if (failed) {
          release();
          throw failed;
        }
        const answered = new Promise<BodyResult>((resolve, reject) =>
          this.waiting.set(id, { resolve, reject }),
        );
        this.post(worker, { kind: 'end', id, parts, caps });
        return answered.finally(release);
      },
      abandon: () => {
        if (this.open.has(id) && !this.waiting.has(id)) this.post(worker, { kind: 'drop', id });
        failed ??= new BodyReaderBusyError('The body was abandoned');
        release();
      },
    };
  }

  /**
   * The ring is full (the worker is busy parsing): `sendHeld` is tried again every millisecond until it
   * succeeds, the bodies' streams paused meanwhile, so that their clients wait rather than the event loop.
   */
  private waitForRing(sendHeld: () => boolean): void {
    this.ringWaiters.add(sendHeld);
    const retry = (): void => {
      this.ringTimer = undefined;
      for (const send of this.ringWaiters) if (send()) this.ringWaiters.delete(send);
      if (this.ringWaiters.size > 0) this.ringTimer = setTimeout(retry, 1);
    };
    this.ringTimer ??= setTimeout(retry, 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.ringTimer);
    this.ringWaiters.clear();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('../http/json-body-worker', {
      workerData: this.ring.shared,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // Reading bodies never keeps the process alive on its own.
    worker.unref();
    worker.on('message', (message: BodyMessage) => {
      const result =
        'piece' in message
          ? this.joinPiece(message.id, message.piece)
          : 'elements' in message
            ? this.joinSlice(message.id, message.elements)
            : this.startJoining(message);
      // A result carrying a row's text (megabytes copied into this thread as the message arrived) is answered
      // from an immediate: its request's commit, queued from there, then waits for the next turn of the loop
      // instead of running right after the copy, and requests waiting meanwhile (a /health) go in between.
      if (result && !result.failure && result.measured.some((part) => part.text !== undefined))
        setImmediate(() => this.answer(result));
      else if (result) this.answer(result);
      // The next message may come once this one's request had its turn.
      setImmediate(() => {
        if (this.worker === worker) this.post(worker, { kind: 'taken' });
      });
    });
    worker.on('error', () => {});
    worker.once('exit', () => this.lost(worker));
    this.worker = worker;
    return worker;
  }

  /** A result, or undefined when its wide lists or long strings are to follow. */
  private startJoining(result: BodyResult): BodyResult | undefined {
    if (result.failure) return result;
    const strings: LongString[] = [];
    for (const string of result.longStrings) {
      const { inText } = string;
      if (!inText) strings.push(string);
      // A slice of a flat string is a view of it: no copy.
      else
        placeAt(
          result.body,
          string.path,
          result.measured[inText.part]!.text!.slice(inText.start, inText.start + inText.length),
        );
    }
    if (strings.length === 0 && result.wideLists.length === 0) return result;
    const lists = [...result.wideLists];
    this.joining.set(result.id, { result, lists, slices: 0, strings, joined: '', received: 0 });
    return undefined;
  }

  /** Adds a slice to the list being filled (the lists come before the strings); the result once all arrived. */
  private joinSlice(id: number, elements: unknown[]): BodyResult | undefined {
    const joining = this.joining.get(id);
    const list = joining?.lists[0];
    if (!joining || !list) return undefined;
    const filling = valueAt(joining.result.body, list.path) as unknown[];
    for (const element of elements) filling.push(element);
    if (++joining.slices < list.slices) return undefined;
    joining.lists.shift();
    joining.slices = 0;
    return this.joined(joining);
  }

  /** Adds a piece to the string being joined (a rope: no copy); the result once its last string is whole. */
  private joinPiece(id: number, piece: string): BodyResult | undefined {
    const joining = this.joining.get(id);
    if (!joining) return undefined;
    joining.joined += piece;
    joining.received++;
    const [string] = joining.strings;
    if (!string || joining.received < string.pieces) return undefined;
    placeAt(joining.result.body, string.path, joining.joined);
    joining.strings.shift();
    joining.joined = '';
    joining.received = 0;
    return this.joined(joining);
  }

  /** The result, once nothing of it is still to come. */
  private joined(joining: Joining): BodyResult | undefined {
    if (joining.lists.length > 0 || joining.strings.length > 0) return undefined;
    this.joining.delete(joining.result.id);
    return joining.result;
  }

  private answer(result: BodyResult): void {
    const waiting = this.waiting.get(result.id);
    this.waiting.delete(result.id);
    waiting?.resolve(result);
  }

  /** The worker is gone: what it held is refused (retryable), and the next body starts another. */
  private lost(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    this.ring.clear();
    for (const fail of this.open.values()) fail();
    this.open.clear();
    const error = new BodyReaderBusyError('The thread reading large request bodies stopped; send it again');
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.joining.clear();
  }

  private post(worker: Worker, job: BodyJob, transfer: ArrayBuffer[] = []): void {
    if (this.worker === worker) worker.postMessage(job, transfer);
  }
}

/** Puts `value` back where the worker took it out of `body`. */
function placeAt(body: unknown, path: ReadonlyArray<string | number>, value: string): void {
  (valueAt(body, path.slice(0, -1)) as Record<string | number, unknown>)[path.at(-1)!] = value;
}

/** What `body` holds at `path`. */
function valueAt(body: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = body;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}
