/**
 * Worker thread entry that reads large JSON request bodies off the event loop: it gathers a body's chunks as they
 * arrive, then decodes, parses (Fastify's rules: no `__proto__` or `constructor.prototype` keys), checks the depth
 * and measures the body's payloads, and sends the main thread the parsed body with each large payload's JSON (bytes,
 * transferred, for external storage; text for its row), so that storing it needs no second serialization there.
 *
 * Messages go out one at a time, the next only once the main thread took the last: queued messages are all read
 * in one turn of its loop, and each costs a copy of its strings there. For the same reason long strings (a 9 MB
 * blob) leave the body and follow it in pieces of PIECE_CHARS, one per turn, which the main thread joins (a
 * joined string is a rope: no copy), and so do wide lists (120,000 small maps), in slices of SLICE_ELEMENTS.
 * Long strings of a payload kept in its row (at most its threshold) are not sent at all when its JSON text, which
 * goes along, holds them verbatim: the main thread slices them out of it.
 *
 * Memory: an ended body is parsed only once the results before it have all gone out, so twenty 10 MB bodies
 * ending together are held as their chunks, not as twenty parsed bodies with their text, payload bytes and long
 * strings waiting in the outbox at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkJsonDepth } from '@baton/protocol';
import secureJson from 'secure-json-parse';
import type {
  BodyJob,
  BodyMessage,
  BodyWorkerData,
  BodyResult,
  LongString,
  MeasuredPart,
  PayloadPart,
  StringCap,
} from './json-body-protocol.js';
import { describeJsonFailure } from './json-failure.js';
import { ChunkRing } from './chunk-ring.js';

/** Characters of a long string sent in one message (a copy of about 1 MB on the main thread). */
const PIECE_CHARS = 1024 * 1024;
/** Elements of a wide list sent in one message: about a millisecond to deserialize there, for small maps. */
const SLICE_ELEMENTS = 2048;

const port = parentPort!;
const ring = new ChunkRing(workerData as BodyWorkerData);
// Touching the shared ring's pages here maps them for the whole process: the main thread's first copies into it
// would otherwise fault them in, 16 MB of it on the event loop.
ring.touch();
const chunks = new Map<number, Buffer[]>();
/** Bodies read whole, waiting to be parsed. */
const ended: Array<{
  id: number;
  chunks: Buffer[];
  parts: readonly PayloadPart[];
  caps: readonly StringCap[];
}> = [];
const outbox: Array<{ message: BodyMessage; transfer: ArrayBuffer[] }> = [];
let mainIsReady = true;

port.on('message', (job: BodyJob) => {
  switch (job.kind) {
    case 'chunk': {
      const chunk = 'slot' in job ? ring.take(job.slot, job.length) : Buffer.from(job.bytes);
      chunks.get(job.id)?.push(chunk);
      break;
    }
    case 'begin':
      chunks.set(job.id, []);
      break;
    case 'drop': {
      chunks.delete(job.id);
      const at = ended.findIndex((body) => body.id === job.id);
      if (at >= 0) ended.splice(at, 1);
      break;
    }
    case 'end': {
      ended.push({ id: job.id, chunks: chunks.get(job.id) ?? [], parts: job.parts, caps: job.caps });
      chunks.delete(job.id);
      parseNext();
      break;
    }
    case 'taken':
      mainIsReady = true;
      sendNext();
      parseNext();
      break;
  }
});

/** Parses the next ended body once the outbox is empty (its last message may still be on its way). */
function parseNext(): void {
  if (outbox.length > 0) return;
  const body = ended.shift();
  if (body) queue(parse(body.id, Buffer.concat(body.chunks).toString('utf8'), body.parts, body.caps));
}

interface Parsed {
  result: BodyResult;
  transfer: ArrayBuffer[];
  /** The long strings taken out of the result's body, to follow it in pieces of `pieceChars`. */
  long: ReadonlyArray<{ value: string; pieceChars: number }>;
  /** The wide lists taken out of it, to follow it (before the strings) in slices of SLICE_ELEMENTS. */
  wide?: ReadonlyArray<readonly unknown[]>;
}

function queue({ result, transfer, long, wide = [] }: Parsed): void {
  outbox.push({ message: result, transfer });
  for (const list of wide) {
    for (let from = 0; from < list.length; from += SLICE_ELEMENTS) {
      outbox.push({
        message: { id: result.id, elements: list.slice(from, from + SLICE_ELEMENTS) },
        transfer: [],
      });
    }
  }
  for (const { value, pieceChars } of long) {
    for (let from = 0; from < value.length; from += pieceChars) {
      outbox.push({ message: { id: result.id, piece: value.slice(from, from + pieceChars) }, transfer: [] });
    }
  }
  sendNext();
}

type Path = Array<string | number>;

/**
 * Takes out of `body` each value `standIn` gives a stand-in for, putting the stand-in in its place, in the order
 * of a depth-first walk that does not look inside what it took.
 */
function takeOut<T>(
  body: unknown,
  standIn: (value: unknown, path: Path, key: string | number) => unknown,
): Array<{ path: Path; value: T }> {
  const found: Array<{ path: Path; value: T }> = [];
  const stack: Array<{ node: object; path: Path }> = [];
  if (typeof body === 'object' && body !== null) stack.push({ node: body, path: [] });
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node, path } = frame;
    const record = node as Record<string | number, unknown>;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const value = record[key];
      const replacement = standIn(value, path, key);
      if (replacement !== undefined) {
        found.push({ path: [...path, key], value: value as T });
        record[key] = replacement;
      } else if (typeof value === 'object' && value !== null)
        stack.push({ node: value, path: [...path, key] });
    }
  }
  return found;
}

/** Takes the strings longer than PIECE_CHARS out of `body`, leaving ''. */
function takeLongStrings(body: unknown): Array<{ path: Path; value: string }> {
  return takeOut(body, (value) => (typeof value === 'string' && value.length > PIECE_CHARS ? '' : undefined));
}

/**
 * Takes the outermost lists longer than SLICE_ELEMENTS out of `body`, leaving [], but none on the way to a long
 * string taken out before (`longPaths`): those go whole, so that every long string's path is whole on the main
 * thread when its pieces arrive.
 */
function takeWideLists(
  body: unknown,
  longPaths: ReadonlyArray<LongString['path']>,
): Array<{ path: Path; value: unknown[] }> {
  const holdsLong = new Set(
    longPaths.flatMap((path) => path.map((_, end) => JSON.stringify(path.slice(0, end)))),
  );
  return takeOut(body, (value, path, key) =>
    Array.isArray(value) && value.length > SLICE_ELEMENTS && !holdsLong.has(JSON.stringify([...path, key]))
      ? []
      : undefined,
  );
}

function sendNext(): void {
  const next = mainIsReady ? outbox.shift() : undefined;
  if (!next) return;
  mainIsReady = false;
  port.postMessage(next.message, next.transfer);
}

function parse(id: number, text: string, parts: readonly PayloadPart[], caps: readonly StringCap[]): Parsed {
  // Some clients send a JSON content type with a blank body on void calls.
  if (text.trim() === '')
    return {
      result: { id, body: undefined, measured: [], longStrings: [], wideLists: [] },
      transfer: [],
      long: [],
    };
  let body: unknown;
  try {
    body = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    const failure = { kind: 'invalid', message: describeJsonFailure(text) } as const;
    return { result: { id, failure }, transfer: [], long: [] };
  }
  const tooDeep = checkJsonDepth(body);
  if (tooDeep) return { result: { id, failure: { kind: 'tooDeep', tooDeep } }, transfer: [], long: [] };
  cutStrings(body, caps);
  const measured: MeasuredPart[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const { field, keepAbove, textFrom } of parts) {
    const payload = field === undefined ? body : (body as Record<string, unknown> | null)?.[field];
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) continue;
    const json = JSON.stringify(payload);
    // More characters than the threshold is more bytes too: only then is it encoded, for the size and storing.
    if (json.length > keepAbove) {
      const bytes = Buffer.from(json);
      // A large Buffer owns its ArrayBuffer (small ones share a pool), so moving it moves nothing else.
      const owned = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
      const sent = owned ? bytes : Uint8Array.prototype.slice.call(bytes);
      measured.push({ field, size: bytes.length, bytes: sent });
      transfer.push(sent.buffer);
    } else {
      const size = Buffer.byteLength(json);
      // Stored in its row (not above its threshold), where its text is written as is.
      const inRow = json.length >= textFrom && size <= keepAbove;
      measured.push({ field, size, ...(inRow && { text: json }) });
    }
  }
  // Taken after measuring, which needs them in place. A part with no field is the body itself.
  const longStrings: LongString[] = [];
  const long: Array<Parsed['long'][number]> = [];
  for (const { path, value } of takeLongStrings(body)) {
    const row = measured.findIndex(
      (part) => part.text !== undefined && (part.field === undefined || part.field === String(path[0])),
    );
    // One of a part kept in its row comes as a slice of that part's text, which the main thread gets anyway: a
    // second copy of megabytes costs it as much again, and joined pieces would make a rope, which V8 copies whole
    // at its first read (a search summary prints its first characters).
    const start = row >= 0 ? measured[row]!.text!.indexOf(value) : -1;
    if (start >= 0) {
      longStrings.push({ path, pieces: 0, inText: { part: row, start, length: value.length } });
      continue;
    }
    // Not found verbatim (escaped characters): sent whole, so that it arrives as one flat string.
    const pieceChars = row >= 0 ? value.length : PIECE_CHARS;
    longStrings.push({ path, pieces: Math.ceil(value.length / pieceChars) });
    long.push({ value, pieceChars });
  }
  const taken = takeWideLists(
    body,
    longStrings.map((string) => string.path),
  );
  const wideLists = taken.map(({ path, value }) => ({
    path,
    slices: Math.ceil(value.length / SLICE_ELEMENTS),
  }));
  return {
    result: { id, body, measured, longStrings, wideLists },
    transfer,
    long,
    wide: taken.map((t) => t.value),
  };
}

/** Keeps the first `maxChars` characters of each capped top-level string of `body`. */
function cutStrings(body: unknown, caps: readonly StringCap[]): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  for (const { field, maxChars } of caps) {
    const value = fields[field];
    if (typeof value === 'string' && value.length > maxChars) fields[field] = value.slice(0, maxChars);
  }
}
