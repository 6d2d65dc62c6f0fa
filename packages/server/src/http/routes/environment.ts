/** `/api/environment`: the server variables the operator allowed (`--env-allow`), as Orkes lists them. */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors.js';
import type { AllowedEnvironment } from '../../secrets/environment.js';
import { sendText } from '../reply.js';

export function environmentRoutes(app: FastifyInstance, env: AllowedEnvironment): void {
  app.get('/api/environment', () => env.list());
  app.get<{ Params: { key: string } }>('/api/environment/:key', (req, reply) => {
    const value = env.get(req.params.key);
    if (value === undefined) throw new NotFoundError(`Environment variable ${req.params.key} not found`);
    return sendText(reply, value);
  });
}
