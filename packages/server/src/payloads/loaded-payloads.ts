/**
 * Stored payloads already parsed, by path, the most recently used last. A stored payload never changes (a new
 * value gets a new path) and the engine never edits a payload in place, so every execution naming a path can
 * share one object. Without it each decision of a workflow holding a stored payload read and parsed it again on
 * the event loop: 60–120 ms at every task completion of a workflow with a 9 MB input (docs/performance.md).
 */
import type { JsonObject } from '@baton/protocol';

/** Bytes of payload JSON kept parsed, at most, by default: parsed, small maps take several times their JSON. */
export const LOADED_PAYLOADS_BYTES = 32 * 1024 * 1024;

export class LoadedPayloads {
  private readonly byPath = new Map<string, { payload: JsonObject; bytes: number }>();
  private bytes = 0;

  /** @param maxBytes JSON bytes of the payloads kept, at most: the least recently used go first. */
  constructor(private readonly maxBytes = LOADED_PAYLOADS_BYTES) {}

  get(path: string): JsonObject | undefined {
    const kept = this.byPath.get(path);
    if (!kept) return undefined;
    this.byPath.delete(path);
    this.byPath.set(path, kept);
    return kept.payload;
  }

  /** Keeps `payload`, whose JSON has `bytes` bytes, as the one stored at `path` (a committed path only). */
  set(path: string, payload: JsonObject, bytes: number): void {
    if (bytes > this.maxBytes) return;
    this.delete(path);
    this.byPath.set(path, { payload, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.byPath) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(path: string): void {
    const kept = this.byPath.get(path);
    if (!kept) return;
    this.byPath.delete(path);
    this.bytes -= kept.bytes;
  }
}
