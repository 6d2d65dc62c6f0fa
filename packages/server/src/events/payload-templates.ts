/**
 * Event handler actions are templates over the message payload (§2.13): `${path}` is a JSONPath rooted at the
 * payload, with the same rules as workflow expressions (typed whole-string values, Java-style text, null for
 * a missing path). We reuse the engine's resolver with a context whose document is the payload.
 */
import { resolveParameters, type ExpressionContext } from '@baton/engine';
import type { JsonObject } from '@baton/protocol';

/**
 * @example resolveAgainstPayload({ id: '${order.id}', note: 'order ${order.id}' }, { order: { id: 7 } })
 * // { id: 7, note: 'order 7' }
 */
export function resolveAgainstPayload(template: JsonObject, payload: unknown): JsonObject {
  return resolveParameters(template, payloadContext(payload));
}

function payloadContext(payload: unknown): ExpressionContext {
  const document = (isObject(payload) || Array.isArray(payload) ? payload : {}) as JsonObject;
  return {
    taskId: undefined,
    // The engine walks whatever `entry` returns, so a top-level scalar or list works too despite the type.
    entry: (key) =>
      isObject(document) && Object.hasOwn(document, key) ? (document[key] as JsonObject) : undefined,
    document: () => document,
  };
}

/**
 * Conductor's `expandInlineJSON`: string values that hold a JSON object or array are replaced by the parsed
 * value, through nested maps and lists; anything unparsable stays a string.
 */
export function expandInlineJson(value: unknown): unknown {
  if (typeof value === 'string') return parseIfJson(value);
  if (Array.isArray(value)) return value.map(expandInlineJson);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a `__proto__` key in a payload stays data.
    Object.defineProperty(out, key, {
      value: expandInlineJson(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function parseIfJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
