/**
 * DO_WHILE iteration suffixes (§5): body tasks are named `ref__N`; a loop inside a loop body stacks them
 * (`ref__2__1`: outer iteration 2, inner iteration 1), so every attempt of every iteration has its own name.
 */

const LOOP_SUFFIX = /(?:__\d+)+$/;

/** The stacked iteration suffix of a reference name ('' outside loops). */
export function loopSuffixOf(ref: string): string {
  return LOOP_SUFFIX.exec(ref)?.[0] ?? '';
}

/** The reference name as written in the definition. */
export function baseRefOf(ref: string): string {
  return ref.slice(0, ref.length - loopSuffixOf(ref).length);
}

/** The innermost iteration a suffix names (0 outside loops). */
export function iterationOf(loopSuffix: string): number {
  const last = loopSuffix.lastIndexOf('__');
  return last < 0 ? 0 : Number(loopSuffix.slice(last + 2));
}

/** The suffix of the `depth` outermost loops. */
export function outerLoopSuffix(loopSuffix: string, depth: number): string {
  return loopSuffix
    .split('__')
    .slice(1, depth + 1)
    .map((n) => `__${n}`)
    .join('');
}
