/**
 * Memory shared with the JSON body worker that request chunks are copied into: copying into memory already
 * touched costs a tenth of a millisecond per MB, while a fresh copy (or a structured clone) costs the event
 * loop 1-3 ms per MB, mostly in page faults. The worker copies a slot out and marks it free; when no slot is
 * free, the chunk travels as a moved copy instead.
 */
import type { BodyWorkerData } from './json-body-protocol.js';

/** A socket read is at most 64 KiB. */
export const SLOT_BYTES = 64 * 1024;
/** 16 MiB: a few large bodies' chunks in flight between the threads. */
const SLOTS = 256;

export class ChunkRing {
  private readonly bytes: Uint8Array;
  private readonly busy: Int32Array;
  private cursor = 0;

  constructor(readonly shared: BodyWorkerData = newRingData()) {
    this.bytes = new Uint8Array(shared.ring);
    this.busy = new Int32Array(shared.busy);
  }

  /** Copies `chunk` (at most SLOT_BYTES) into a free slot; undefined when none is free. */
  put(chunk: Uint8Array): number | undefined {
    if (chunk.length > this.shared.slotBytes) return undefined;
    for (let tried = 0; tried < this.busy.length; tried++) {
      const slot = this.cursor;
      this.cursor = (this.cursor + 1) % this.busy.length;
      if (Atomics.compareExchange(this.busy, slot, 0, 1) !== 0) continue;
      this.bytes.set(chunk, slot * this.shared.slotBytes);
      return slot;
    }
    return undefined;
  }

  /**
   * Writes every page of the ring once (shared memory is mapped lazily, on first touch). A slot in use is
   * skipped: its pages are touched already, and its bytes are someone's chunk.
   */
  touch(): void {
    const { slotBytes } = this.shared;
    for (let slot = 0; slot < this.busy.length; slot++) {
      if (Atomics.compareExchange(this.busy, slot, 0, 1) !== 0) continue;
      for (let at = slot * slotBytes; at < (slot + 1) * slotBytes; at += 4096) this.bytes[at] = 0;
      Atomics.store(this.busy, slot, 0);
    }
  }

  /** Frees every slot: the worker that would have freed them is gone. */
  clear(): void {
    this.busy.fill(0);
  }

  /** The worker's side: a copy of what the slot holds, and the slot freed. */
  take(slot: number, length: number): Buffer {
    const start = slot * this.shared.slotBytes;
    const copy = Buffer.from(this.bytes.subarray(start, start + length));
    Atomics.store(this.busy, slot, 0);
    return copy;
  }
}

function newRingData(): BodyWorkerData {
  return {
    ring: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
    busy: new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT),
    slotBytes: SLOT_BYTES,
  };
}
