/**
 * Walks over plain JSON values (maps, lists and scalars) with an explicit stack instead of recursion, so that
 * however deeply a value is nested, walking it cannot overflow the call stack.
 */

type JsonContainer = readonly unknown[] | Readonly<Record<string, unknown>>;

interface Frame {
  readonly node: JsonContainer;
  /** A map's keys; undefined for a list. */
  readonly keys: readonly string[] | undefined;
  next: number;
}

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

function frameOf(node: JsonContainer): Frame {
  return { node, keys: Array.isArray(node) ? undefined : Object.keys(node), next: 0 };
}

function sizeOf(frame: Frame): number {
  return frame.keys ? frame.keys.length : (frame.node as readonly unknown[]).length;
}

/**
 * A copy of `value` with new maps and lists and each scalar replaced by `mapLeaf(scalar)` (and each map key by
 * `mapKey(key)`). A key `__proto__` stays an own property of its map.
 *
 * @example mapJson({ a: ['x', 1] }, (v) => (typeof v === 'string' ? v.toUpperCase() : v)) // { a: ['X', 1] }
 */
export function mapJson(
  value: unknown,
  mapLeaf: (leaf: unknown) => unknown,
  mapKey: (key: string) => string = (key) => key,
): unknown {
  if (!isContainer(value)) return mapLeaf(value);
  const root = copyFrameOf(value);
  const stack: CopyFrame[] = [root];
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if (frame.next >= sizeOf(frame)) {
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const key = frame.keys?.[index];
    const child = key === undefined ? (frame.node as readonly unknown[])[index] : frame.node[key as never];
    let mapped: unknown;
    if (isContainer(child)) {
      const opened = copyFrameOf(child);
      stack.push(opened);
      mapped = opened.copy;
    } else {
      mapped = mapLeaf(child);
    }
    if (key === undefined) (frame.copy as unknown[]).push(mapped);
    else setOwn(frame.copy as Record<string, unknown>, mapKey(key), mapped);
  }
  return root.copy;
}

interface CopyFrame extends Frame {
  /** The new map or list being filled. */
  readonly copy: unknown[] | Record<string, unknown>;
}

function copyFrameOf(node: JsonContainer): CopyFrame {
  const frame = frameOf(node);
  return { ...frame, copy: frame.keys ? {} : [] };
}

/** Sets `key` as an own property even when it is `__proto__` (JSON.parse can produce such keys). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Calls `visit` with every scalar in `value` (map keys are not visited), in document order; stops early when
 * `visit` returns true, and returns whether it did.
 */
export function someJsonLeaf(value: unknown, visit: (leaf: unknown) => boolean | void): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isContainer(node)) {
      if (visit(node) === true) return true;
      continue;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return false;
}

/** How `printJson` writes a value: the text of scalars, of a map entry's key, and between items. */
export interface JsonPrintStyle {
  scalar(value: unknown): string;
  /**
   * The first `maxChars` characters of `scalar(value)`, made without making all of it (a 5 MB string); without
   * it a bounded print cuts `scalar(value)`.
   */
  scalarPrefix?(value: unknown, maxChars: number): string;
  /** Written before a map entry's value (e.g. `key=` or `"key":`). */
  key(key: string): string;
  separator: string;
}

/**
 * `value` as text in a JSON-like style: maps in braces, lists in brackets, items separated by `separator`; at
 * most `maxChars` characters of it.
 *
 * @example printJson({ a: [1, 2] }, { scalar: String, key: (k) => `${k}=`, separator: ', ' }) // '{a=[1, 2]}'
 */
export function printJson(value: unknown, style: JsonPrintStyle, maxChars = Infinity): string {
  let out = '';
  const stack: Frame[] = [];
  let current = value;
  for (;;) {
    // A bounded print stops as soon as it has enough, whatever is left to walk.
    if (out.length >= maxChars) return out.slice(0, maxChars);
    if (isContainer(current)) {
      const frame = frameOf(current);
      out += frame.keys ? '{' : '[';
      stack.push(frame);
    } else {
      out +=
        maxChars === Infinity ? style.scalar(current) : scalarPrefix(style, current, maxChars - out.length);
    }
    // Close finished containers until one has a next item, which becomes `current`.
    for (;;) {
      const frame = stack.at(-1);
      if (!frame) return out.length > maxChars ? out.slice(0, maxChars) : out;
      if (frame.next < sizeOf(frame)) {
        if (frame.next > 0) out += style.separator;
        const index = frame.next++;
        const key = frame.keys?.[index];
        if (key === undefined) {
          current = (frame.node as readonly unknown[])[index];
        } else {
          out += style.key(key);
          current = frame.node[key as never];
        }
        break;
      }
      out += frame.keys ? '}' : ']';
      stack.pop();
    }
  }
}

function scalarPrefix(style: JsonPrintStyle, value: unknown, maxChars: number): string {
  if (style.scalarPrefix) return style.scalarPrefix(value, maxChars);
  const text = style.scalar(value);
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

const JSON_STYLE: JsonPrintStyle = {
  scalar: (value) => JSON.stringify(value) ?? 'null',
  scalarPrefix: (value, maxChars) => {
    if (typeof value !== 'string' || value.length <= maxChars)
      return JSON_STYLE.scalar(value).slice(0, maxChars);
    // Each character is at least one character of JSON, so `maxChars` of them are enough; a surrogate pair is
    // not split, or its high half would be written escaped.
    const end = isHighSurrogate(value.charCodeAt(maxChars - 1)) ? maxChars + 1 : maxChars;
    return JSON.stringify(value.slice(0, end)).slice(0, maxChars);
  },
  key: (key) => `${JSON.stringify(key)}:`,
  separator: ',',
};

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * `JSON.stringify(value).slice(0, maxChars)` for a JSON value, reached without serializing (or copying) the rest:
 * the first 100,000 characters of a 5 MB payload cost what those characters cost.
 *
 * @example jsonPrefix({ a: 'xyz', b: [1] }, 9) // '{"a":"xyz'
 */
export function jsonPrefix(value: unknown, maxChars: number): string {
  return printJson(value, JSON_STYLE, maxChars);
}
