/** TaskDef validation: field types plus the bounds Conductor enforces at registration (§1.1). */
import type { ValidationError } from '../models.js';
import { TaskDefSchema } from '../schemas/task-def.js';
import { ErrorCollector } from './error-collector.js';
import { indexPath, propertyPath } from './paths.js';
import { isRecord } from './values.js';
import { compileStructureCheck } from './structural.js';

const checkStructure = compileStructureCheck(TaskDefSchema);

// Java's field default: the timeout rule below compares against it when the field is absent.
const DEFAULT_RESPONSE_TIMEOUT_SECONDS = 3600;

/**
 * Errors of one TaskDef; empty when valid.
 * @example validateTaskDef({ name: 'greet', retryCount: -1 }) // [{ path: 'retryCount', ... }]
 */
export function validateTaskDef(def: unknown): ValidationError[] {
  const out = new ErrorCollector();
  collectTaskDefErrors(def, '', out);
  return out.errors;
}

/**
 * Type errors only, for a WorkflowTask's inline `taskDefinition`: Conductor binds it without validating it
 * (it may have no name; the task's own name is used).
 */
export function collectTaskDefTypeErrors(def: unknown, basePath: string, out: ErrorCollector): void {
  checkStructure(def, basePath, out);
}

/** Errors of a TaskDef list (POST /api/metadata/taskdefs), with paths like `[2].name`. */
export function validateTaskDefs(defs: unknown): ValidationError[] {
  const out = new ErrorCollector();
  if (!Array.isArray(defs)) {
    out.add('', 'must be an array', defs);
  } else if (defs.length === 0) {
    out.add('', 'TaskDefList is empty');
  } else {
    defs.forEach((def: unknown, i) => collectTaskDefErrors(def, indexPath('', i), out));
  }
  return out.errors;
}

export function collectTaskDefErrors(def: unknown, basePath: string, out: ErrorCollector): void {
  checkStructure(def, basePath, out);
  if (!isRecord(def)) return;
  const at = (field: string): string => propertyPath(basePath, field);

  if (def.name === undefined || def.name === null || def.name === '') {
    out.add(at('name'), 'TaskDef name cannot be null or empty', def.name ?? undefined);
  }
  const atLeast = (field: string, min: number, message: (value: number) => string): void => {
    const value = def[field];
    if (typeof value === 'number' && value < min) out.add(at(field), message(value), value);
  };
  atLeast('retryCount', 0, (v) => `TaskDef retryCount: ${v} must be >= 0`);
  atLeast(
    'responseTimeoutSeconds',
    1,
    (v) => `TaskDef responseTimeoutSeconds: ${v} should be minimum 1 second`,
  );
  atLeast('pollTimeoutSeconds', 0, (v) => `TaskDef pollTimeoutSeconds: ${v} must be >= 0`);
  atLeast('backoffScaleFactor', 1, (v) => `TaskDef backoffScaleFactor: ${v} must be >= 1`);
  atLeast('rateLimitPerFrequency', 0, (v) => `TaskDef rateLimitPerFrequency: ${v} must be >= 0`);
  atLeast('rateLimitFrequencyInSeconds', 0, (v) => `TaskDef rateLimitFrequencyInSeconds: ${v} must be >= 0`);

  const timeout = numberOr(def.timeoutSeconds, 0);
  const responseTimeout = numberOr(def.responseTimeoutSeconds, DEFAULT_RESPONSE_TIMEOUT_SECONDS);
  const totalTimeout = numberOr(def.totalTimeoutSeconds, 0);
  const name = String(def.name);
  if (timeout > 0 && responseTimeout > timeout) {
    out.add(
      at('responseTimeoutSeconds'),
      `TaskDef: ${name} responseTimeoutSeconds: ${responseTimeout} must be less than timeoutSeconds: ${timeout}`,
      responseTimeout,
    );
  }
  if (timeout > 0 && totalTimeout > 0 && timeout > totalTimeout) {
    out.add(
      at('timeoutSeconds'),
      `TaskDef: ${name} timeoutSeconds: ${timeout} must be less than or equal to totalTimeoutSeconds: ${totalTimeout}`,
      timeout,
    );
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
