/** Assertion helpers for ValidationError lists. */
import assert from 'node:assert/strict';
import type { ValidationError } from '@baton/protocol';

/** Asserts there is an error at `path` whose message matches, and returns it. */
export function assertErrorAt(errors: ValidationError[], path: string, message: RegExp): ValidationError {
  const found = errors.find((error) => error.path === path && message.test(error.message));
  assert.ok(
    found,
    `no error at ${JSON.stringify(path)} matching ${String(message)}; got ${JSON.stringify(errors)}`,
  );
  return found;
}

/** Asserts the errors are exactly at these paths (order ignored). */
export function assertErrorPaths(errors: ValidationError[], paths: string[]): void {
  assert.deepEqual(errors.map((error) => error.path).sort(), [...paths].sort(), JSON.stringify(errors));
}
