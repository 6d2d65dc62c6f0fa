/**
 * External payload storage (§1.2, §1.3), built in: `GET /api/{workflow,tasks}/externalstoragelocation` answers
 * where to upload (WRITE: a new path) or download (READ: the given path) a payload, as an ExternalStorageLocation
 * `{uri, path}` whose `uri` is this server's own `PUT/GET /api/external-payloads/{path}`. Conductor's SDKs then
 * PUT or GET that URI as they would a pre-signed S3 URL, with no cloud account.
 */
import { type JsonObject, tooDeepMessage, tooDeepReason } from '@baton/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { newStoragePath, STORAGE_PATH } from '../../payloads/external-payloads.js';
import { PayloadType } from '../../payloads/payload-limits.js';
import { OFF_THREAD_BYTES } from '../body-parsers.js';
import type { RouteDeps } from '../deps.js';
import type { JsonBodyPool } from '../json-body-pool.js';
import { enumParam, stringParam } from '../params.js';

const Operation = { READ: 'READ', WRITE: 'WRITE' } as const;
const PAYLOADS_PREFIX = '/api/external-payloads/';

export function externalStorageRoutes(
  app: FastifyInstance,
  { store, runtime }: RouteDeps,
  bodyPool: JsonBodyPool,
): void {
  for (const route of ['/api/workflow/externalstoragelocation', '/api/tasks/externalstoragelocation']) {
    app.get<{ Querystring: Record<string, string | string[] | undefined> }>(route, (req) => {
      const operation = enumParam(req.query, 'operation', Operation, 'WRITE');
      const payloadType = enumParam(req.query, 'payloadType', PayloadType, 'TASK_OUTPUT');
      const path = operation === 'READ' ? stringParam(req.query, 'path') : newStoragePath(payloadType);
      if (path === undefined || !STORAGE_PATH.test(path))
        throw new BadRequestError(`Invalid external payload path: ${path ?? ''}`, [
          { path: 'path', message: 'must be a path this server handed out', invalidValue: path },
        ]);
      return { uri: `${baseUrl(req)}${PAYLOADS_PREFIX}${path}`, path };
    });
  }

  // Uploads are any content type (the SDKs send octet-stream or JSON) and up to the largest hard limit.
  const largestKB = Math.max(...Object.values(runtime.payloads.limits).map((l) => l.maxKB));
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.put<{ Params: { '*': string } }>(
      `${PAYLOADS_PREFIX}*`,
      { bodyLimit: largestKB * 1024 + 1024 },
      async (req, reply) => {
        const path = checkedPath(req.params['*']);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const payload = await parseUpload(body, bodyPool);
        // Read before storing: the store may move the bytes to its writer's thread, leaving `body` empty.
        const bytes = body.length;
        // The client's own bytes, for good (a later request names them), and off the event loop where the store
        // can; the parsed payload is kept, so the request naming it parses nothing.
        await store.storeExternalPayload(path, body, Date.now(), false);
        runtime.payloads.uploaded(path, payload, bytes);
        return reply.code(200).send();
      },
    );
    done();
  });

  app.get<{ Params: { '*': string } }>(`${PAYLOADS_PREFIX}*`, async (req, reply) => {
    const path = checkedPath(req.params['*']);
    const data = await store.getExternalPayload(path);
    if (!data) throw new NotFoundError(`No external payload is stored at ${path}`);
    return reply.type('application/json').send(data);
  });
}

function checkedPath(path: string): string {
  if (!STORAGE_PATH.test(path)) throw new NotFoundError(`No external payload is stored at ${path}`);
  return path;
}

/**
 * The uploaded payload, parsed off the event loop when large (as request bodies are); BadRequestError when it is not
 * a JSON object or nests deeper than MAX_JSON_DEPTH.
 */
async function parseUpload(body: Buffer, pool: JsonBodyPool): Promise<JsonObject> {
  if (body.length > OFF_THREAD_BYTES) {
    const reading = pool.begin();
    reading.push(body);
    const result = await reading.finish([]);
    if (result.failure?.kind === 'tooDeep')
      throw new BadRequestError(tooDeepMessage('The external payload', result.failure.tooDeep));
    return asObject(result.failure ? undefined : result.body);
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    value = undefined;
  }
  const payload = asObject(value);
  const tooDeep = tooDeepReason('The external payload', payload);
  if (tooDeep !== undefined) throw new BadRequestError(tooDeep);
  return payload;
}

function asObject(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequestError('An external payload must be a JSON object');
  return value as JsonObject;
}

/** The scheme and host the client reached this server at, so the URI works from where the client is. */
function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
