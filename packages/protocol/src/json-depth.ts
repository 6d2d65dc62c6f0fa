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
 * Verdicts on values checked at the default limit. Stored values are never mutated, so a value checked once (a
 * task output, by the server and then by the decider) need not be walked again.
 */
const verdicts = new WeakMap<object, TooDeep | null>();

/**
 * Undefined when `value` nests at most `maxDepth` maps and lists, else where it goes deeper. The check is
 * iterative and stops at the first container too deep.
 *
 * @example checkJsonDepth({ a: [[1]] }, 2) // { path: 'a[0]', maxDepth: 2 }
 */
export function checkJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): TooDeep | undefined {
  if (!isContainer(value)) return undefined;
  const remembered = maxDepth === MAX_JSON_DEPTH ? verdicts.get(value) : undefined;
  if (remembered !== undefined) return remembered ?? undefined;
  const verdict = exceedsDepth(value, maxDepth) ? { path: pathBeyond(value, maxDepth), maxDepth } : undefined;
  if (maxDepth === MAX_JSON_DEPTH) verdicts.set(value, verdict ?? null);
  return verdict;
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

/** The fast pass: containers and their depths on two stacks, no paths. */
function exceedsDepth(root: unknown, maxDepth: number): boolean {
  if (!isContainer(root)) return false;
  if (maxDepth < 1) return true;
  const nodes: object[] = [root];
  const depths: number[] = [1];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const childDepth = (depths.pop() as number) + 1;
    if (Array.isArray(node)) {
      const items = node as unknown[];
      for (let i = 0; i < items.length; i++) {
        const child = items[i];
        if (!isContainer(child)) continue;
        if (childDepth > maxDepth) return true;
        nodes.push(child);
        depths.push(childDepth);
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (!isContainer(child)) continue;
        if (childDepth > maxDepth) return true;
        nodes.push(child);
        depths.push(childDepth);
      }
    }
  }
  return false;
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
