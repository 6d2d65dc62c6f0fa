/** Resolves every `${...}` in a parameter template (§4.2): maps and lists are walked, other values kept. */
import { mapJson, type JsonObject } from '@baton/protocol';

import type { ExpressionContext } from './context.js';
import { resolveString } from './interpolate.js';

/**
 * Returns new maps and lists for the template's own; the template is never modified. A value an expression
 * names is not copied: stored values are never mutated, so sharing them is safe and a large value referenced
 * many times costs nothing. The walk is iterative, so a deeply nested template cannot overflow the stack.
 *
 * @example
 * resolveParameters({ id: '${workflow.input.id}', tags: ['${t1.output.tag}', 7] }, ctx)
 * // { id: 42, tags: ['blue', 7] }
 */
export function resolveParameters(template: JsonObject, ctx: ExpressionContext): JsonObject;
export function resolveParameters(template: unknown, ctx: ExpressionContext): unknown;
export function resolveParameters(template: unknown, ctx: ExpressionContext): unknown {
  return mapJson(template, (leaf) => (typeof leaf === 'string' ? resolveString(leaf, ctx) : leaf));
}
