/** `GET /api/version` (Conductor 3.x): the server's version as plain text. */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { sendText } from '../reply.js';

// The same relative path from src/http/routes and dist/http/routes.
export const { version: SERVER_VERSION } = createRequire(import.meta.url)('../../../package.json') as {
  version: string;
};

export function versionRoutes(app: FastifyInstance): void {
  app.get('/api/version', (_req, reply) => sendText(reply, SERVER_VERSION));
}
