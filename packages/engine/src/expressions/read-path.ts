/**
 * Evaluates one expression path (Jayway JSONPath with an implicit `$.`) against the context. Definite paths
 * are walked directly; the rest goes to jsonpath-plus in its safe (non-`eval`) mode.
 */
import { JSONPath } from 'jsonpath-plus';

import type { ExpressionContext } from './context.js';
import { parseDefinitePath, type ParsedPath, type PathStep } from './definite-path.js';
import { isJsonObject } from './json-values.js';

export interface PathResult {
  readonly value: unknown;
  /** True when Jayway would return a result list (wildcard, deep scan, filter...), even with 0 or 1 match. */
  readonly isList: boolean;
}

const NULL_RESULT: PathResult = { value: null, isList: false };

/** Missing paths and evaluation errors give null, never an exception. */
export function readPath(ctx: ExpressionContext, rawPath: string): PathResult {
  const path = rawPath.trim();
  const call = path.endsWith('()') ? FUNCTION_SUFFIX.exec(path) : null;
  if (call) return applyFunction(ctx, call[1] ?? '', call[2] ?? '');

  const parsed = parseCached(path);
  if (parsed.kind === 'definite') return { value: readDefinite(ctx, parsed.steps), isList: false };
  if (parsed.kind === 'invalid') return NULL_RESULT;
  return readGeneral(ctx, path);
}

const FUNCTION_SUFFIX = /^(.+)\.([A-Za-z_]\w*)\(\)$/s;

/** Jayway path functions we support; an unknown function is an error, hence null. */
const PATH_FUNCTIONS: Record<string, (value: unknown) => unknown> = {
  length: (value) => {
    if (Array.isArray(value) || typeof value === 'string') return value.length;
    if (isJsonObject(value)) return Object.keys(value).length;
    return null;
  },
};

function applyFunction(ctx: ExpressionContext, targetPath: string, name: string): PathResult {
  const fn = Object.hasOwn(PATH_FUNCTIONS, name) ? PATH_FUNCTIONS[name] : undefined;
  if (!fn) return NULL_RESULT;
  const target = readPath(ctx, targetPath);
  // On an indefinite path Jayway applies the function to every match.
  if (target.isList) return { value: (target.value as unknown[]).map(fn), isList: true };
  return { value: fn(target.value), isList: false };
}

function readDefinite(ctx: ExpressionContext, steps: readonly PathStep[]): unknown {
  const [first] = steps;
  if (!first) return ctx.document();
  let value: unknown = 'property' in first ? ctx.entry(first.property) : undefined;
  for (let i = 1; i < steps.length && value !== undefined; i++) {
    const step = steps[i] as PathStep;
    if ('property' in step) {
      value = isJsonObject(value) && Object.hasOwn(value, step.property) ? value[step.property] : undefined;
    } else {
      value = Array.isArray(value) ? (value as unknown[]).at(step.index) : undefined;
    }
  }
  return value ?? null;
}

function readGeneral(ctx: ExpressionContext, path: string): PathResult {
  try {
    const matches: unknown = JSONPath({
      path: toJsonPathPlus(path),
      json: ctx.document(),
      wrap: true,
      eval: 'safe',
      ignoreEvalErrors: true,
    });
    return Array.isArray(matches) ? { value: matches, isList: true } : NULL_RESULT;
  } catch {
    return NULL_RESULT;
  }
}

/**
 * Adds the implicit root and, inside filters, adapts Jayway to jsonpath-plus: `==`/`!=` are strict in Jayway
 * (`1 != '1'`) and the document root is `$` there but `@root` here. Quoted text is copied unchanged.
 */
function toJsonPathPlus(path: string): string {
  const rooted = path.startsWith('$') ? path : path.startsWith('[') ? `$${path}` : `$.${path}`;
  const filterStart = rooted.indexOf('?(');
  if (filterStart < 0) return rooted;
  let out = rooted.slice(0, filterStart);
  let quote: string | undefined;
  for (let i = filterStart; i < rooted.length; i++) {
    const char = rooted[i] as string;
    if (quote) {
      out += char;
      if (char === '\\') out += rooted[++i] ?? '';
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if ((char === '=' || char === '!') && rooted[i + 1] === '=') {
      out += `${char}==`;
      i += rooted[i + 2] === '=' ? 2 : 1;
    } else if (char === '$' && !/[\w@.$]/.test(rooted[i - 1] ?? '')) {
      out += '@root';
    } else {
      out += char;
    }
  }
  return out;
}

// Expressions repeat on every decide; parsing each distinct path once keeps the hot path to a property walk.
const PARSE_CACHE_LIMIT = 5000;
const parseCache = new Map<string, ParsedPath>();

function parseCached(path: string): ParsedPath {
  let parsed = parseCache.get(path);
  if (!parsed) {
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parsed = parseDefinitePath(path);
    parseCache.set(path, parsed);
  }
  return parsed;
}
