/**
 * Conductor OSS / Orkes `/api/secrets`: values sealed at rest, readable only with the `secrets:read` right
 * (auth/rights.ts); names and existence with `secrets:names`. Orkes's tags on secrets: GET, PUT (replaces all),
 * DELETE `/api/secrets/{key}/tags`; deleting a secret drops them.
 */
import { TaggedEntity, type Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import type { SecretService } from '../../secrets/secret-service.js';
import { sendEmpty, sendText } from '../reply.js';
import { tagRoutes } from './tags.js';

type Params = { key: string };

export function secretRoutes(app: FastifyInstance, secrets: SecretService, store: Store): void {
  app.get('/api/secrets', () => secrets.names());
  app.post('/api/secrets', () => secrets.names());
  app.get<{ Params: Params }>('/api/secrets/:key/exists', (req) => secrets.exists(req.params.key));
  // Raw text, like a Conductor void-returning String: clients read it as is.
  app.get<{ Params: Params }>('/api/secrets/:key', async (req, reply) =>
    sendText(reply, await secrets.get(req.params.key)),
  );
  // A JSON string (what the SDKs send) or a text/plain body.
  app.put<{ Params: Params }>('/api/secrets/:key', async (req, reply) => {
    await secrets.put(req.params.key, req.body);
    return sendEmpty(reply);
  });
  app.delete<{ Params: Params }>('/api/secrets/:key', async (req, reply) => {
    await secrets.remove(req.params.key);
    return sendEmpty(reply);
  });
  tagRoutes(app, store, {
    route: '/api/secrets/:key',
    param: 'key',
    entityType: TaggedEntity.secret,
    mustExist: (key) => secrets.mustExist(key),
    putReplaces: true,
    post: false,
  });
}
