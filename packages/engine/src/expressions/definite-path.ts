/**
 * Parser for the JSONPath subset that names exactly one location (Jayway's "definite" paths): dotted names,
 * `['quoted']` / `["quoted"]` names and `[n]` indexes. These cover nearly every real expression and are
 * evaluated by walking properties; anything else (wildcards, `..`, filters, slices, unions) is left to the
 * general evaluator.
 */

export type PathStep = { readonly property: string } | { readonly index: number };

export type ParsedPath =
  /** Steps from the document root. */
  | { readonly kind: 'definite'; readonly steps: readonly PathStep[] }
  /** Valid-looking but not definite: hand it to the general JSONPath evaluator. */
  | { readonly kind: 'general' }
  /** Jayway would reject it (e.g. a blank inside a dotted name): resolves to null. */
  | { readonly kind: 'invalid' };

const GENERAL: ParsedPath = { kind: 'general' };
const INVALID: ParsedPath = { kind: 'invalid' };

/** `path` is trimmed and has Conductor's implicit `$.` prefix unless it starts with `$`. */
export function parseDefinitePath(path: string): ParsedPath {
  let position = 0;
  if (path.startsWith('$')) {
    position = 1;
  } else {
    path = `.${path}`;
  }
  const steps: PathStep[] = [];
  while (position < path.length) {
    const char = path[position];
    if (char === '.') {
      const next = path[position + 1];
      if (next === '.') return position + 2 < path.length && path[position + 2] !== '.' ? GENERAL : INVALID;
      if (next === '*') return GENERAL;
      if (next === '[') {
        position++;
        continue;
      }
      const end = dottedNameEnd(path, position + 1);
      if (end === position + 1 || end === NOT_A_NAME) return INVALID;
      steps.push({ property: path.slice(position + 1, end) });
      position = end;
    } else if (char === '[') {
      const bracket = readBracket(path, position);
      if (!bracket) return hasBalancedBrackets(path, position) ? GENERAL : INVALID;
      steps.push(bracket.step);
      position = bracket.end;
    } else {
      return INVALID;
    }
  }
  return { kind: 'definite', steps };
}

const NOT_A_NAME = -1;

/** Jayway rejects blanks in dotted names, and functions are only understood as the final step. */
function dottedNameEnd(path: string, start: number): number {
  for (let i = start; i < path.length; i++) {
    const char = path[i];
    if (char === '.' || char === '[') return i;
    if (char === '(' || char === ' ') return NOT_A_NAME;
  }
  return path.length;
}

function readBracket(path: string, open: number): { step: PathStep; end: number } | undefined {
  const quote = path[open + 1];
  if (quote === "'" || quote === '"') {
    let name = '';
    for (let i = open + 2; i < path.length; i++) {
      const char = path[i];
      if (char === '\\' && i + 1 < path.length) {
        name += path[++i];
      } else if (char === quote) {
        return path[i + 1] === ']' ? { step: { property: name }, end: i + 2 } : undefined;
      } else {
        name += char;
      }
    }
    return undefined;
  }
  const close = path.indexOf(']', open);
  const inside = path.slice(open + 1, close).trim();
  if (close < 0 || !/^-?\d+$/.test(inside)) return undefined;
  return { step: { index: Number(inside) }, end: close + 1 };
}

/** jsonpath-plus tolerates unclosed brackets and quotes that Jayway rejects; catch those here. */
function hasBalancedBrackets(path: string, from: number): boolean {
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = from; i < path.length; i++) {
    const char = path[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '[' || char === '(') {
      open.push(char === '[' ? ']' : ')');
    } else if ((char === ']' || char === ')') && open.pop() !== char) {
      return false;
    }
  }
  return !quote && open.length === 0;
}
