/**
 * The one place where errors become HTTP answers: every failure, ours or Fastify's, leaves as Conductor's
 * `ErrorResponse` body (§0). Only unexpected errors are logged, with their stack but never the request's
 * body or headers, which may hold secrets.
 */
import { hostname } from 'node:os';
import type { ErrorResponse, ValidationError } from '@baton/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { StoreUnavailableError } from '@baton/store';
import { ApiError, ErrorCode } from '../errors.js';
import type { NotFoundFallback } from './ui-static.js';

const instance = hostname();

/** Codes for the statuses Fastify itself produces (our own errors carry theirs). */
const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
};

/** `notFound` gets the first look at requests no route took (the web UI's page paths). */
export function registerErrorHandling(app: FastifyInstance, notFound?: NotFoundFallback): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const body = toErrorResponse(error);
    // The route pattern, not the URL: query strings and ids stay out of the log.
    const context = { method: request.method, route: request.routeOptions.url };
    if (body.status === 503) request.log.warn({ ...context, reason: body.message }, 'store unavailable');
    else if (body.status >= 500) request.log.error({ err: error, ...context }, 'request failed');
    return sendError(reply, body);
  });

  app.setNotFoundHandler(
    (request, reply) =>
      notFound?.(request, reply) ??
      sendError(reply, {
        status: 404,
        code: ErrorCode.NOT_FOUND,
        message: `No endpoint ${request.method} ${request.url.split('?')[0]}`,
        instance,
        retryable: false,
      }),
  );
}

export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      instance,
      retryable: error.retryable,
      ...(error.validationErrors && { validationErrors: error.validationErrors }),
    };
  }
  if (error instanceof StoreUnavailableError) {
    // The database is down or restarting: nothing was written, and the same request can be sent again.
    return { status: 503, code: ErrorCode.UNAVAILABLE, message: error.message, instance, retryable: true };
  }
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation) {
    return {
      status: 400,
      code: ErrorCode.BAD_REQUEST,
      message: 'Validation failed, check below errors for detail.',
      instance,
      retryable: false,
      validationErrors: schemaErrors(fastifyError as FastifyError),
    };
  }
  if (fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      code: ErrorCode.PAYLOAD_TOO_LARGE,
      message: 'Request body is larger than the server accepts',
      instance,
      retryable: false,
    };
  }
  // Fastify's other client errors (unsupported media type, bad content length ...) keep their status.
  const status = fastifyError?.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      status,
      code: codeByStatus[status],
      message: fastifyError?.message ?? 'Bad request',
      instance,
      retryable: false,
    };
  }
  return {
    status: 500,
    code: ErrorCode.INTERNAL,
    message: error instanceof Error ? error.message : 'Internal server error',
    instance,
    retryable: false,
  };
}

/** Schema failures on params or query, naming the field (e.g. `querystring.version`). */
function schemaErrors(error: FastifyError): ValidationError[] {
  const context = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const missing = (issue.params as { missingProperty?: unknown } | undefined)?.missingProperty;
    const field = typeof missing === 'string' ? missing : issue.instancePath.replace(/^\//, '');
    return {
      path: field ? `${context}.${field.replaceAll('/', '.')}` : context,
      message: issue.message ?? 'is invalid',
    };
  });
}

function sendError(reply: FastifyReply, body: ErrorResponse): FastifyReply {
  return reply.code(body.status).type('application/json; charset=utf-8').send(body);
}
