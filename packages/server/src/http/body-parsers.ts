/**
 * How request bodies are read. Conductor's clients are lax: some send an empty body with a JSON content
 * type on void calls, some send JSON without any content type, and task logs arrive as raw `text/plain`
 * strings (Fastify's built-in text parser keeps them as they are).
 *
 * JSON bodies are read here rather than by Fastify: small ones are parsed on the event loop as before, large ones
 * (above OFF_THREAD_BYTES) stream to a worker thread as they arrive (json-body-pool.ts), so that no request holds
 * the loop for the time it takes to decode, parse and measure megabytes.
 */
import { checkJsonDepth, tooDeepMessage, type TooDeep } from '@baton/protocol';
import { errorCodes, type FastifyBodyParser, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { BadRequestError } from '../errors.js';
import { rememberPayloadJson } from '../payloads/external-payloads.js';
import { CONDUCTOR_PAYLOAD_LIMITS, type PayloadLimits } from '../payloads/payload-limits.js';
import { bodyPayloadParts, bodyStringCaps } from '../payloads/request-payloads.js';
import { JsonBodyPool, type OffThreadBody } from './json-body-pool.js';
import type { BodyResult } from './json-body-protocol.js';
import { describeJsonFailure } from './json-failure.js';

/** Bodies larger than this are parsed off the event loop. */
export const OFF_THREAD_BYTES = 1024 * 1024;

type Done = (error: Error | null, body?: unknown) => void;

/** Registers the JSON body reading; answers its worker pool, which other large bodies may be parsed with. */
export function registerBodyParsers(
  app: FastifyInstance,
  limits: PayloadLimits = CONDUCTOR_PAYLOAD_LIMITS,
): JsonBodyPool {
  // Fastify's own parser refuses `__proto__` / `constructor.prototype` keys, which guards later merges.
  const strictJson = app.getDefaultJsonParser('error', 'error');
  const pool = new JsonBodyPool();
  app.addHook('onClose', async () => pool.close());

  const jsonOrNothing: FastifyBodyParser<string> = (request, body, done) => {
    // No route takes it: the answer is a 404, whatever the body holds.
    if (body.trim() === '' || request.is404) {
      done(null, undefined);
      return;
    }
    void strictJson(request, body, (error, parsed) => {
      if (error) done(new BadRequestError(describeJsonFailure(body)), undefined);
      else done(tooDeepError(checkJsonDepth(parsed)) ?? null, parsed);
    });
  };

  const readJson = (request: FastifyRequest, payload: IncomingMessage, done: Done): void => {
    readBody(request, payload, pool, limits, jsonOrNothing, done);
  };

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', readJson);
  // '*' is Fastify's fallback: it also receives bodies sent without a content type, which we read as JSON.
  app.addContentTypeParser('*', (request, payload, done) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || request.is404) readJson(request, payload, done);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(contentType), undefined);
  });
  return pool;
}

/**
 * Fastify's own body reading (limits, length check, errors as 4xx), except that once a body passes
 * OFF_THREAD_BYTES its chunks go to the worker instead of being gathered here.
 */
function readBody(
  request: FastifyRequest,
  payload: IncomingMessage,
  pool: JsonBodyPool,
  limits: PayloadLimits,
  parseHere: FastifyBodyParser<string>,
  done: Done,
): void {
  const limit = request.routeOptions.bodyLimit ?? Infinity;
  const contentLength = Number(request.headers['content-length']);
  if (contentLength > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  let received = 0;
  let chunks: Buffer[] = [];
  let offThread: OffThreadBody | undefined;
  let settled = false;

  const stop = (error?: Error): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
    payload.removeListener('close', onClose);
    if (error) {
      settled = true;
      offThread?.abandon();
      chunks = [];
      done(error);
    }
  };
  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += bytes.length;
    if (received > limit) {
      stop(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    // A body no route takes is only drained.
    if (request.is404) return;
    if (!offThread && received > OFF_THREAD_BYTES) {
      try {
        offThread = pool.begin();
      } catch (error) {
        stop(error as Error);
        return;
      }
      chunks.push(bytes);
      let flowing = true;
      for (const held of chunks) flowing = offThread.push(held) && flowing;
      chunks = [];
      if (!flowing) waitForWorker(offThread);
    } else if (offThread) {
      if (!offThread.push(bytes)) waitForWorker(offThread);
    } else chunks.push(bytes);
  };
  /** The worker is behind: the client waits (TCP pushes back) rather than this thread. */
  const waitForWorker = (body: OffThreadBody): void => {
    payload.pause();
    body.whenDrained(() => payload.resume());
  };
  function onEnd(error?: Error & { statusCode?: number }): void {
    if (settled) return;
    if (error) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      stop(error);
      return;
    }
    stop();
    if (!Number.isNaN(contentLength) && received !== contentLength) {
      offThread?.abandon();
      done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    if (!offThread) {
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      void parseHere(request, text, done);
      return;
    }
    const route = request.routeOptions.url;
    const parts = bodyPayloadParts(request.method, route, limits);
    offThread.finish(parts, bodyStringCaps(request.method, route)).then(
      (result) => done(...acceptParsed(result)),
      (error: Error) => done(error),
    );
  }
  // Closed before its end and without an error: the worker must still let go of what it holds.
  function onClose(): void {
    stop();
    offThread?.abandon();
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.on('close', onClose);
  payload.resume();
}

/** The worker's answer as Fastify's `done` takes it; measured payloads are remembered for storing. */
function acceptParsed(result: BodyResult): [Error | null, unknown?] {
  if (result.failure?.kind === 'invalid') return [new BadRequestError(result.failure.message)];
  if (result.failure?.kind === 'tooDeep') return [tooDeepError(result.failure.tooDeep)!];
  const { body, measured } = result as Extract<BodyResult, { body: unknown }>;
  for (const { field, size, bytes, text } of measured) {
    const part = field === undefined ? body : (body as Record<string, unknown>)[field];
    rememberPayloadJson(part as Record<string, never>, size, bytes ?? text);
  }
  return [null, body];
}

/**
 * JSON.parse itself is iterative, but much of what follows a body (validation, expressions, JSON.stringify) may
 * not be: a body nested deeper than MAX_JSON_DEPTH is refused before any of it runs.
 */
function tooDeepError(found: TooDeep | undefined): BadRequestError | undefined {
  if (!found) return undefined;
  return new BadRequestError(tooDeepMessage('Request body', found), [
    { path: found.path, message: `must not nest more than ${found.maxDepth} levels of maps and lists` },
  ]);
}
