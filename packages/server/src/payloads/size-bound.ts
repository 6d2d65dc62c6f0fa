/**
 * An upper bound of a JSON value's size in UTF-8 bytes, found without serializing it. Nearly every payload is a
 * few hundred bytes, megabytes below its threshold; bounding it this way makes no string, where measuring it with
 * JSON.stringify made one per payload at every write of its task (5 % of the event loop in the throughput bench).
 */

/** A UTF-16 unit of a string takes at most 3 bytes, or 6 escaped as `\uXXXX`. */
const BYTES_PER_UNIT = 6;
/** The longest a number prints: `-1.7976931348623157e+308`. */
const NUMBER_BYTES = 24;

/** Walk stack, reused (the walk is synchronous and never re-entered); slots are cleared as they are taken. */
const pending: unknown[] = [];
let top = 0;
/** Values waiting on the stack at most: a payload wider than that is measured by serializing it instead. */
const MAX_PENDING = 1 << 16;

/**
 * At least the bytes of `value`'s JSON, and more than `stopAbove` as soon as the bound passes it (the walk stops
 * there). Infinity for what it cannot bound (a `toJSON`, a bigint): measure those by serializing them.
 *
 * @example jsonBytesBound({ a: 'x' }, 1024) // 20: at least JSON's 9 bytes, `{"a":"x"}`
 */
export function jsonBytesBound(value: unknown, stopAbove: number): number {
  let bound = 0;
  pending[top++] = value;
  while (top > 0 && bound <= stopAbove) {
    const item = pending[--top];
    pending[top] = undefined;
    switch (typeof item) {
      case 'string':
        bound += 2 + BYTES_PER_UNIT * item.length;
        break;
      case 'number':
        bound += NUMBER_BYTES;
        break;
      case 'boolean':
      case 'undefined':
      case 'function':
      case 'symbol':
        bound += 5; // `false`, or `null` in place of what JSON leaves out
        break;
      case 'object': {
        if (item === null) {
          bound += 4;
          break;
        }
        if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return abandon();
        bound += 2; // the brackets; each element or entry adds its comma
        if (Array.isArray(item)) {
          const elements = item as unknown[];
          if (top + elements.length > MAX_PENDING) return abandon();
          for (let i = 0; i < elements.length && (bound += 1) <= stopAbove; i++) pending[top++] = elements[i];
        } else {
          for (const key in item) {
            if (top === MAX_PENDING) return abandon();
            if ((bound += 4 + BYTES_PER_UNIT * key.length) > stopAbove) break; // quotes, colon, comma
            pending[top++] = (item as Record<string, unknown>)[key];
          }
        }
        break;
      }
      default:
        return abandon();
    }
  }
  clear();
  return bound;
}

function abandon(): number {
  clear();
  return Infinity;
}

/** Drops what a walk stopped early left, so that it holds no payload alive. */
function clear(): void {
  while (top > 0) pending[--top] = undefined;
}
