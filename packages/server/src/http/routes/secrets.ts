/**
 * Conductor OSS / Orkes `/api/secrets`: values sealed at rest, readable only with the `secrets:read` right
 * (auth/rights.ts); names and existence with `secrets:names`.
 */
import type { FastifyInstance } from 'fastify';
import type { SecretService } from '../../secrets/secret-service.js';
import { sendEmpty, sendText } from '../reply.js';

type Params = { key: string };

export function secretRoutes(app: FastifyInstance, secrets: SecretService): void {
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
}
