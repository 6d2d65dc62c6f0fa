/** A handler's `condition` (§2.13): JavaScript over the payload, run in the caller's sandbox. */
import type { EventHandler } from '@baton/store';
import type { ScriptResult } from '../sandbox/contract.js';
import { isObject } from './payload-templates.js';

/** Evaluates `expression` with `$` bound to `input` (ScriptSandbox.evaluate fits as is). */
export type ConditionEvaluator = (
  expression: string,
  input: Record<string, unknown>,
) => Promise<ScriptResult>;

export type ConditionVerdict =
  | { matches: true }
  /** `failed`: the condition could not be evaluated (worth a warning), rather than being false. */
  | { matches: false; reason: string; failed?: boolean };

/** Conductor's ScriptEvaluator.evalBool: only `true` and numbers above zero count as true. */
export function isTruthy(value: unknown): boolean {
  return value === true || (typeof value === 'number' && value > 0);
}

export async function checkCondition(
  handler: EventHandler,
  payload: unknown,
  evaluate: ConditionEvaluator,
): Promise<ConditionVerdict> {
  const condition = handler.condition;
  if (condition === undefined || condition.trim() === '') return { matches: true };
  const type = handler.evaluatorType ?? 'javascript';
  if (type === 'value-param') {
    // Conductor's value-param evaluator: the condition names a top-level field of the payload.
    const value = isObject(payload) ? payload[condition] : undefined;
    return isTruthy(value) ? { matches: true } : { matches: false, reason: `${condition} is not true` };
  }
  if (type !== 'javascript' && type !== 'graaljs') {
    return { matches: false, reason: `unsupported evaluatorType '${type}'`, failed: true };
  }
  const result = await evaluate(condition, payload as Record<string, unknown>);
  if (!result.ok) return { matches: false, reason: `condition failed: ${result.error}`, failed: true };
  return isTruthy(result.value) ? { matches: true } : { matches: false, reason: 'condition is false' };
}
