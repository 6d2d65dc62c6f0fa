/**
 * Every execution embeds its full workflowDefinition. Executions of one definition share one stored snapshot
 * (keyed by a hash of its JSON) and, in memory, one parsed object. That object is deep-frozen because it is
 * shared: mutating it would silently change every execution that uses it. Handing the same frozen object back
 * on a write is recognised by identity, so the hot update path neither parses nor serialises the definition.
 */
import { createHash } from 'node:crypto';
import type { WorkflowDef } from '@baton/protocol';

export interface Snapshot {
  hash: string;
  json: string;
}

export class SnapshotCache {
  private readonly byHash = new Map<string, { def: WorkflowDef; json: string }>();
  private readonly hashOfFrozen = new WeakMap<object, string>();
  /** Other frozen definitions (e.g. registered ones a server caches): hashed once, not per start. */
  private readonly snapshotOfFrozen = new WeakMap<object, Snapshot>();

  constructor(private readonly capacity = 1000) {}

  /** The snapshot of a definition about to be written. */
  snapshotOf(def: WorkflowDef): Snapshot {
    const known = this.hashOfFrozen.get(def);
    const cached = known === undefined ? undefined : this.byHash.get(known);
    if (known !== undefined && cached) return { hash: known, json: cached.json };
    const memo = this.snapshotOfFrozen.get(def);
    if (memo) return memo;
    const json = JSON.stringify(def);
    const snapshot = { hash: createHash('sha256').update(json).digest('base64url'), json };
    if (Object.isFrozen(def)) this.snapshotOfFrozen.set(def, snapshot);
    return snapshot;
  }

  /** The shared frozen definition of `hash` if it is in memory (a caller that loads asynchronously asks first). */
  cached(hash: string): WorkflowDef | undefined {
    return this.byHash.get(hash)?.def;
  }

  /** The JSON of a stored snapshot (see definition). */
  definitionJson(hash: string, load: (hash: string) => string | undefined): string {
    this.definition(hash, load);
    return this.byHash.get(hash)!.json;
  }

  /** The shared frozen definition for a stored snapshot; `load` reads its JSON on a cache miss. */
  definition(hash: string, load: (hash: string) => string | undefined): WorkflowDef {
    const cached = this.byHash.get(hash);
    if (cached) return cached.def;
    const json = load(hash);
    if (json === undefined) throw new Error(`workflow definition snapshot ${hash} is missing`);
    const def = deepFreeze(JSON.parse(json) as WorkflowDef);
    if (this.byHash.size >= this.capacity) {
      const oldest = this.byHash.keys().next();
      if (!oldest.done) this.byHash.delete(oldest.value);
    }
    this.byHash.set(hash, { def, json });
    this.hashOfFrozen.set(def, hash);
    return def;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
