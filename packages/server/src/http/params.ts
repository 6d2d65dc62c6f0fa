/** Query and path parameter parsing with Conductor-style 400s naming the parameter. */
import { TaskResultStatus } from '@baton/protocol';
import { BadRequestError } from '../errors.js';

type Query = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Spring's StringToBooleanConverter: these words in any case (the Python client sends `overwrite=True`). */
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

export function boolParam(query: Query, name: string, fallback: boolean): boolean {
  const v = first(query[name])?.trim();
  if (v === undefined || v === '') return fallback;
  const word = v.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new BadRequestError(`Invalid value for query parameter '${name}': '${v}' is not a boolean`, [
    { path: name, message: 'must be true/false, on/off, yes/no or 1/0', invalidValue: v },
  ]);
}

export function intParam(
  query: Query,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number } = {},
): number {
  const v = first(query[name]);
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  const problem = !Number.isInteger(n)
    ? 'must be an integer'
    : bounds.min !== undefined && n < bounds.min
      ? `must be at least ${bounds.min}`
      : bounds.max !== undefined && n > bounds.max
        ? `must be at most ${bounds.max}`
        : undefined;
  if (problem) {
    throw new BadRequestError(`Invalid value for query parameter '${name}': '${v}' ${problem}`, [
      { path: name, message: problem, invalidValue: v },
    ]);
  }
  return n;
}

export function optionalIntParam(query: Query, name: string): number | undefined {
  return first(query[name]) === undefined ? undefined : intParam(query, name, 0);
}

export function stringParam(query: Query, name: string): string | undefined {
  const v = first(query[name]);
  return v === undefined || v === '' ? undefined : v;
}

export function listParam(query: Query, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A JSON body that must be an object (Conductor binds it to a Map). */
export function objectBody(body: unknown, name = 'body'): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError(`${name} must be a JSON object`, [
      { path: name, message: 'must be an object' },
    ]);
  }
  return body as Record<string, unknown>;
}

/** A value that must be a key of an `as const` enum object (case-sensitive); 400 naming `name` otherwise. */
export function enumValue<T extends string>(
  values: Readonly<Record<T, T>>,
  value: string,
  name: string,
  message = `Invalid value for '${name}': '${value}'`,
): T {
  if (Object.hasOwn(values, value)) return value as T;
  throw new BadRequestError(message, [
    { path: name, message: `must be one of ${Object.keys(values).join(', ')}`, invalidValue: value },
  ]);
}

/** An optional enum query parameter (see `enumValue`). */
export function enumParam<T extends string>(
  query: Query,
  name: string,
  values: Readonly<Record<T, T>>,
  fallback: T,
): T {
  const v = first(query[name]);
  return v === undefined || v === '' ? fallback : enumValue(values, v, name);
}

/** A task status in a path (`/api/tasks/{workflowId}/{ref}/{status}` and the signals). */
export function taskResultStatusParam(value: string): TaskResultStatus {
  return enumValue(TaskResultStatus, value, 'status', `Invalid task status: ${value}`);
}

/** A query value holding a JSON object (`taskInput={"a":1}`, as Conductor binds SkipTaskRequest). */
export function jsonObjectParam(query: Query, name: string): Record<string, unknown> | undefined {
  const v = first(query[name]);
  if (v === undefined || v === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestError(`Invalid value for query parameter '${name}': not a JSON object`, [
      { path: name, message: 'must be a JSON object', invalidValue: v },
    ]);
  }
  return parsed as Record<string, unknown>;
}
