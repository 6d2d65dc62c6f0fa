/**
 * The server's error family. Each class maps one to one onto an HTTP status and Conductor's error body
 * (`{status, message, instance, retryable, validationErrors?}`); the HTTP layer does the mapping.
 */
import type { ValidationError } from '@baton/protocol';

export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  ILLEGAL_STATE: 'ILLEGAL_STATE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** True only for transient failures a client may simply retry. */
    readonly retryable = false,
    readonly validationErrors?: ValidationError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, validationErrors?: ValidationError[]) {
    super(400, ErrorCode.BAD_REQUEST, message, false, validationErrors);
  }
}

/** Bean-validation style failure: Conductor's fixed message plus the field-level errors. */
export class ValidationFailedError extends BadRequestError {
  constructor(validationErrors: ValidationError[]) {
    super('Validation failed, check below errors for detail.', validationErrors);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, ErrorCode.NOT_FOUND, message);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, ErrorCode.CONFLICT, message);
  }
}

/** Conductor answers an operation on a workflow in the wrong state with 500 (IllegalStateException). */
export class IllegalStateError extends ApiError {
  constructor(message: string) {
    super(500, ErrorCode.ILLEGAL_STATE, message);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, ErrorCode.PAYLOAD_TOO_LARGE, message);
  }
}
