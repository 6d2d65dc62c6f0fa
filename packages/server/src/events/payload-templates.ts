/**
 * Event handler actions are templates over the message payload (§2.13): `${path}` is a JSONPath rooted at the
 * payload, with the same rules as workflow expressions (typed whole-string values, Java-style text, null for
 * a missing path). We reuse the engine's resolver with a context whose document is the payload.
 */
import { resolveParameters, type ExpressionContext } from '@baton/engine';
import { checkJsonDepth, mapJson, type JsonObject } from '@baton/protocol';

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
 * value, through nested maps and lists; anything unparsable (or nested deeper than MAX_JSON_DEPTH, which
 * Jackson refuses) stays a string.
 */
export function expandInlineJson(value: unknown): unknown {
  return mapJson(value, (leaf) => (typeof leaf === 'string' ? parseIfJson(leaf) : leaf));
}

function parseIfJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    const value = JSON.parse(trimmed) as unknown;
    return checkJsonDepth(value) ? text : value;
  } catch {
    return text;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
