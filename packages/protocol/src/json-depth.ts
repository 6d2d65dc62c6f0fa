/**
 * How deeply JSON may nest. Request bodies and the documents the engine stores (task inputs and outputs,
 * workflow outputs) are held to one limit, so that no walk over them (our own are iterative, but JSON.stringify,
 * JSONPath scans and the UI recurse) can run out of stack. Conductor's Jackson stops at 1000 levels; we stop
 * earlier, far from where JavaScript's recursive code fails, and well above what real payloads use.
 */
import { indexPath, propertyPath } from './validation/paths.js';

/** Maps and lists nested in one another, the outermost counting as 1. */
export const MAX_JSON_DEPTH = 256;

/** A value nested too deeply: where its first too-deep map or list is. */
export interface TooDeep {
  /** Java-style path (`input.a[0].b…`), shortened after its first segments. */
  readonly path: string;
  readonly maxDepth: number;
}

/** Segments of a path shown in full; the rest is `…`. */
const PATH_SEGMENTS_SHOWN = 10;
/** A key longer than this is cut in the path. */
const PATH_KEY_CHARS = 32;

/**
 * Heights of the values under the keys of a checked value's top maps (levels 0 to 2). That is where task inputs
 * hold what their expressions name, values shared by every task naming them (one input named by a fork's 60
 * branches): each is walked once. Stored values are never mutated, so a height never changes.
 */
const knownHeights = new WeakMap<object, number>();
const REMEMBERED_LEVELS = 2;

/**
 * Undefined when `value` nests at most `maxDepth` maps and lists, else where it goes deeper. The check is
 * iterative; only a value found too deep is walked a second time, for the path.
 *
 * @example checkJsonDepth({ a: [[1]] }, 2) // { path: 'a[0]', maxDepth: 2 }
 */
export function checkJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): TooDeep | undefined {
  if (!isContainer(value)) return undefined;
  // Heights are remembered as measured against the default limit, which serves any lower one too.
  const remember = maxDepth <= MAX_JSON_DEPTH;
  const cap = remember ? MAX_JSON_DEPTH + 1 : maxDepth + 1;
  if (heightOf(value, cap, 0, remember) <= maxDepth) return undefined;
  return { path: pathBeyond(value, maxDepth), maxDepth };
}

/** `subject is nested too deeply: more than 256 levels of maps and lists at a.b[0]…`. */
export function tooDeepMessage(subject: string, found: TooDeep): string {
  return `${subject} is nested too deeply: more than ${found.maxDepth} levels of maps and lists at ${found.path || '(root)'}`;
}

/**
 * Why `value` is refused, or undefined when it nests at most `maxDepth` levels.
 *
 * @example tooDeepReason('Task output', output) // 'Task output is nested too deeply: more than 256 levels ...'
 */
export function tooDeepReason(
  subject: string,
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): string | undefined {
  const found = checkJsonDepth(value, maxDepth);
  return found && tooDeepMessage(subject, found);
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Levels of maps and lists in `node` (1 when it holds none), or `cap` when it has at least that many. */
function heightOf(node: object, cap: number, level: number, remember: boolean): number {
  const known = remember ? knownHeights.get(node) : undefined;
  if (known !== undefined) return known;
  const height =
    level < REMEMBERED_LEVELS && !Array.isArray(node)
      ? mapHeight(node as Record<string, unknown>, cap, level, remember)
      : scanHeight(node, cap);
  if (remember) knownHeights.set(node, height);
  return height;
}

/** A map near the top: each of its values is measured (and remembered) on its own. */
function mapHeight(node: Record<string, unknown>, cap: number, level: number, remember: boolean): number {
  let tallest = 0;
  for (const key in node) {
    const child = node[key];
    if (!isContainer(child)) continue;
    tallest = Math.max(tallest, heightOf(child, cap, level + 1, remember));
    if (tallest + 1 >= cap) return cap;
  }
  return tallest + 1;
}

/** Everything else: one pass with containers and their depths on two stacks, stopping at `cap`. */
function scanHeight(root: object, cap: number): number {
  const nodes: object[] = [root];
  const depths: number[] = [1];
  let tallest = 1;
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const childDepth = (depths.pop() as number) + 1;
    if (Array.isArray(node)) {
      const items = node as unknown[];
      for (let i = 0; i < items.length; i++) {
        const child = items[i];
        if (!isContainer(child)) continue;
        if (childDepth >= cap) return cap;
        tallest = Math.max(tallest, childDepth);
        nodes.push(child);
        depths.push(childDepth);
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (!isContainer(child)) continue;
        if (childDepth >= cap) return cap;
        tallest = Math.max(tallest, childDepth);
        nodes.push(child);
        depths.push(childDepth);
      }
    }
  }
  return tallest;
}

interface PathFrame {
  readonly node: object;
  readonly keys: readonly string[] | undefined;
  next: number;
}

/** Only runs once a value is known to be too deep: a depth-first search that keeps its path on the stack. */
function pathBeyond(root: unknown, maxDepth: number): string {
  if (!isContainer(root) || maxDepth < 1) return '';
  const stack: PathFrame[] = [frameOf(root)];
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    const size = frame.keys ? frame.keys.length : (frame.node as unknown[]).length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const key = frame.keys?.[index];
    const child: unknown =
      key === undefined ? (frame.node as unknown[])[index] : (frame.node as Record<string, unknown>)[key];
    if (!isContainer(child)) continue;
    if (stack.length >= maxDepth) return describePath(stack);
    stack.push(frameOf(child));
  }
  return '';
}

function frameOf(node: object): PathFrame {
  return { node, keys: Array.isArray(node) ? undefined : Object.keys(node), next: 0 };
}

/** Each frame's current item (the one just taken) is a segment of the path. */
function describePath(stack: readonly PathFrame[]): string {
  let path = '';
  for (const [i, frame] of stack.entries()) {
    if (i === PATH_SEGMENTS_SHOWN) return `${path}…`;
    const key = frame.keys?.[frame.next - 1];
    if (key === undefined) path = indexPath(path, frame.next - 1);
    else path = propertyPath(path, key.length > PATH_KEY_CHARS ? `${key.slice(0, PATH_KEY_CHARS)}…` : key);
  }
  return path;
}
