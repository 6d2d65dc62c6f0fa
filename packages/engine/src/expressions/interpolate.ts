/**
 * Substitutes `${...}` expressions in one string, following Conductor's ParametersUtils: a string that is
 * exactly one expression yields the typed value; otherwise values are stringified Java-style into the text.
 */
import { javaString } from '@baton/protocol';
import type { ExpressionContext } from './context.js';
import { jsonSmartToString } from './java-string.js';
import { readPath, type PathResult } from './read-path.js';

interface Replacement {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly result: PathResult;
}

/**
 * @example resolveString('${workflow.input.n}', ctx) // 5 (a number)
 * @example resolveString('n=${workflow.input.n}', ctx) // 'n=5'
 */
export function resolveString(text: string, ctx: ExpressionContext): unknown {
  if (!text.includes('$')) return text;
  const replacements = findReplacements(text, ctx);
  const only = replacements.length === 1 ? replacements[0] : undefined;
  // The value itself, not a copy (see resolveParameters).
  if (only && only.start === 0 && only.end === text.length) return only.result.value;
  return render(text, replacements);
}

/** Inner expressions are resolved first and always as text: `${${workflow.input.ref}.output}`. */
function interpolateText(text: string, ctx: ExpressionContext): string {
  if (!text.includes('$')) return text;
  return render(text, findReplacements(text, ctx));
}

function render(text: string, replacements: readonly Replacement[]): string {
  let out = '';
  let copied = 0;
  for (const { start, end, result } of replacements) {
    out += text.slice(copied, start);
    out += result.isList ? jsonSmartToString(result.value) : javaString(result.value);
    copied = end;
  }
  out += text.slice(copied);
  // Conductor unescapes on the final text, substituted values included.
  return out.replaceAll('$${', '${');
}

function findReplacements(text: string, ctx: ExpressionContext): Replacement[] {
  const replacements: Replacement[] = [];
  for (const { start, end } of expressionSpans(text)) {
    const path = interpolateText(text.slice(start + 2, end - 1), ctx);
    const result = evaluate(path, ctx);
    if (result) replacements.push({ start, end, result });
  }
  return replacements;
}

const TASK_ID_NAME = 'CPEWF_TASK_ID';
/** `workflow.secrets.X` and `workflow.env.X` (Conductor resolves them only at hand-out). */
const HAND_OUT_ONLY = /^workflow\.(?:secrets|env)\./;

/** Undefined: leave the expression in the text, as Conductor does for `${CPEWF_TASK_ID}` without a task. */
function evaluate(path: string, ctx: ExpressionContext): PathResult | undefined {
  if (path.trim() === '') return { value: '', isList: false };
  // Conductor also resolves bare JVM system-property / env-var names here; we deliberately do not.
  if (path === TASK_ID_NAME)
    return ctx.taskId === undefined ? undefined : { value: ctx.taskId, isList: false };
  // Left as written: the server fills them in only on the copy handed to a worker or executor.
  if (HAND_OUT_ONLY.test(path)) return undefined;
  return readPath(ctx, path);
}

/**
 * `${` not preceded by `$` (that is the `$${` escape), through its balancing `}`. An unbalanced opening is
 * skipped and the search goes on, like the regex Conductor uses.
 */
function* expressionSpans(text: string): Generator<{ start: number; end: number }> {
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return;
    const close = start > 0 && text[start - 1] === '$' ? -1 : balancingBrace(text, start + 1);
    if (close < 0) {
      from = start + 1;
      continue;
    }
    yield { start, end: close + 1 };
    from = close + 1;
  }
}

function balancingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}
