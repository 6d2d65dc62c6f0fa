/** Resolves every `${...}` in a parameter template (§4.2): maps and lists are walked, other values kept. */
import type { JsonObject } from '@baton/protocol';

import type { ExpressionContext } from './context.js';
import { resolveString } from './interpolate.js';
import { isJsonObject, setOwn } from './json-values.js';

/**
 * Returns new maps and lists; the template is never modified.
 *
 * @example
 * resolveParameters({ id: '${workflow.input.id}', tags: ['${t1.output.tag}', 7] }, ctx)
 * // { id: 42, tags: ['blue', 7] }
 */
export function resolveParameters(template: JsonObject, ctx: ExpressionContext): JsonObject;
export function resolveParameters(template: unknown, ctx: ExpressionContext): unknown;
export function resolveParameters(template: unknown, ctx: ExpressionContext): unknown {
  if (typeof template === 'string') return resolveString(template, ctx);
  if (Array.isArray(template)) return template.map((item) => resolveParameters(item, ctx));
  if (!isJsonObject(template)) return template;
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) setOwn(resolved, key, resolveParameters(value, ctx));
  return resolved;
}
