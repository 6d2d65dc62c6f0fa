/**
 * The SDK's error family. `ConductorError` is what the server said (status, message, validation errors);
 * `ConductorConnectionError` is a request that never got an answer. `NonRetryableError` is thrown by workers to
 * fail a task for good (FAILED_WITH_TERMINAL_ERROR) instead of letting the server retry it.
 */
import type { ErrorResponse, ValidationError } from './model/responses.js';

/**
 * The server answered with a non-2xx status.
 *
 * @example
 * try {
 *   await metadata.getWorkflowDef('missing');
 * } catch (e) {
 *   if (e instanceof ConductorError && e.status === 404) console.log('not registered');
 * }
 */
export class ConductorError extends Error {
  /** HTTP status (404, 409, 400, 500, ...). */
  readonly status: number;
  /** Machine-readable code when the server sends one (e.g. `NOT_FOUND`). */
  readonly code?: string;
  /** True when the server says the failure is transient. */
  readonly retryable: boolean;
  /** Field-level problems of a 400 ("Validation failed, check below errors for detail."). */
  readonly validationErrors: ValidationError[];
  readonly method: string;
  readonly path: string;
  /** The raw response body when it was not Conductor's error JSON. */
  readonly body?: string;
  /** The server's own message, without the validation details appended to `message`. */
  readonly serverMessage: string;

  constructor(method: string, path: string, status: number, response: Partial<ErrorResponse>, body?: string) {
    const message = response.message ?? `HTTP ${status}`;
    const details = (response.validationErrors ?? []).map((v) =>
      v.path ? `${v.path}: ${v.message}` : v.message,
    );
    super(details.length > 0 ? `${message} (${details.join('; ')})` : message);
    this.name = 'ConductorError';
    this.status = status;
    if (response.code !== undefined) this.code = response.code;
    this.retryable = response.retryable ?? false;
    this.validationErrors = response.validationErrors ?? [];
    this.method = method;
    this.path = path;
    if (body !== undefined) this.body = body;
    this.serverMessage = message;
  }
}

/**
 * The request failed before any HTTP answer (connection refused, reset, timed out); `cause` has the details.
 *
 * @example
 * if (e instanceof ConductorConnectionError) console.error('server unreachable:', e.message);
 */
export class ConductorConnectionError extends Error {
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, cause: unknown) {
    super(`${method} ${path} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ConductorConnectionError';
    this.method = method;
    this.path = path;
  }
}

/**
 * Thrown from a worker to fail the task with FAILED_WITH_TERMINAL_ERROR: the server does not retry it,
 * whatever the task definition's retryCount.
 *
 * @example
 * const validate = worker({ taskDefName: 'validate_order' }, ({ customerId }: { customerId?: string }) => {
 *   if (!customerId) throw new NonRetryableError('Missing customer ID');
 *   return { ok: true };
 * });
 */
export class NonRetryableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** A worker's input did not match its declared schema; terminal, since a retry gets the same input. */
export class InputValidationError extends NonRetryableError {
  readonly issues: string[];

  constructor(taskType: string, issues: string[]) {
    super(`Invalid input for ${taskType}: ${issues.join('; ')}`);
    this.name = 'InputValidationError';
    this.issues = issues;
  }
}
