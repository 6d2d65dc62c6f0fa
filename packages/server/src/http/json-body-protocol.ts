/** Messages between the main thread and the JSON body worker (json-body-worker.ts). */
import type { TooDeep } from '@baton/protocol';

/** A part of a body to measure: the body itself (no field) or one of its top-level fields. */
export interface PayloadPart {
  readonly field?: string;
  /** Above this many bytes the part's JSON bytes are sent along (its externalization threshold). */
  readonly keepAbove: number;
  /** From this many characters on (and not above `keepAbove`), its JSON text is sent along: its row's text. */
  readonly textFrom: number;
}

/**
 * A top-level string field of which only the first `maxChars` characters are kept, cut in the worker: the main
 * thread never receives the rest (a 10 MB reason would otherwise arrive in pieces, joined into a rope that V8
 * copies whole when it is cut there).
 */
export interface StringCap {
  readonly field: string;
  readonly maxChars: number;
}

export type BodyJob =
  | { kind: 'begin'; id: number }
  /** A chunk: its bytes moved, or copied into a slot of the shared ring (see ChunkRing). */
  | { kind: 'chunk'; id: number; bytes: Uint8Array }
  | { kind: 'chunk'; id: number; slot: number; length: number }
  | { kind: 'end'; id: number; parts: readonly PayloadPart[]; caps: readonly StringCap[] }
  | { kind: 'drop'; id: number }
  /** The main thread took the last result: the next may come. */
  | { kind: 'taken' };

export interface MeasuredPart {
  readonly field?: string;
  /** Bytes of the part's JSON, as payloadSize measures them. */
  readonly size: number;
  /** The JSON bytes, when the part is above its `keepAbove` (to be stored externally). */
  readonly bytes?: Uint8Array;
  /** The JSON text, when the part is not above its `keepAbove` but has `textFrom` characters or more: its row's. */
  readonly text?: string;
}

export type BodyFailure = { kind: 'invalid'; message: string } | { kind: 'tooDeep'; tooDeep: TooDeep };

/**
 * Where a long string was taken out of a parsed body, and how it comes back: in `pieces` messages after the
 * result, or none when a measured part's text holds it verbatim (`inText`), as a slice of that text (no copy).
 */
export interface LongString {
  readonly path: ReadonlyArray<string | number>;
  readonly pieces: number;
  /** `measured[part].text` holds the string at [start, start + length). */
  readonly inText?: { readonly part: number; readonly start: number; readonly length: number };
}

/**
 * Where a wide list was taken out of a parsed body: its elements come back in `slices` messages after the result
 * (a clone of a hundred thousand small maps, deserialized in one message, held the main thread 50–120 ms).
 */
export interface WideList {
  readonly path: ReadonlyArray<string | number>;
  readonly slices: number;
}

export type BodyResult =
  | {
      id: number;
      /** The body, with each long string replaced by '' and each wide list by [] until their parts arrive. */
      body: unknown;
      measured: readonly MeasuredPart[];
      longStrings: readonly LongString[];
      /** Never holding a long string: those lists go whole. */
      wideLists: readonly WideList[];
      failure?: undefined;
    }
  | { id: number; failure: BodyFailure };

/**
 * Messages from the worker: a result, then the slices of the wide lists it announced, then the pieces of its long
 * strings, one message per turn of the main thread's loop.
 */
export type BodyMessage = BodyResult | { id: number; piece: string } | { id: number; elements: unknown[] };

/** The worker's start data: the ring chunks travel through. */
export interface BodyWorkerData {
  readonly ring: SharedArrayBuffer;
  readonly busy: SharedArrayBuffer;
  readonly slotBytes: number;
}
