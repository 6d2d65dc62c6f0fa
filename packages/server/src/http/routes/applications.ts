/**
 * Orkes' `/api/token` and `/api/applications`: tokens for access keys, and the applications, roles and keys
 * behind them. Registered only with `--auth`: without it `POST /api/token` is a 404, which the Orkes SDKs
 * read as "Conductor OSS, no auth".
 */
import type { ConductorUser, GenerateTokenRequest } from '@baton/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identityOf, sendAuthError } from '../../auth/auth-hook.js';
import type { ServerAuth } from '../../auth/server-auth.js';
import { roleRights } from '../../auth/rights.js';
import { objectBody } from '../params.js';
import { sendEmpty } from '../reply.js';

type Params = Record<string, string>;
const prefix = '/api/applications';

export function applicationRoutes(app: FastifyInstance, { applications, tokens }: ServerAuth): void {
  app.post('/api/token', async (req, reply) => {
    const { keyId, keySecret } = objectBody(req.body) as Partial<GenerateTokenRequest>;
    if (
      typeof keyId !== 'string' ||
      typeof keySecret !== 'string' ||
      !(await applications.authenticate(keyId, keySecret))
    )
      return sendAuthError(
        reply,
        401,
        'INVALID_CREDENTIALS',
        'Unknown or inactive access key, or wrong secret',
      );
    return { token: tokens.issue(keyId) };
  });

  app.get('/api/token/userInfo', (req): ConductorUser => {
    const { application, rights } = identityOf(req)!;
    return {
      id: `app:${application.id}`,
      name: application.name,
      applicationUser: true,
      roles: application.roles.map((name) => ({
        name,
        permissions: roleRights[name].map((right) => ({ name: right })),
      })),
      rights: [...rights],
    };
  });

  const by = (req: FastifyRequest): string => identityOf(req)?.application.name ?? 'baton';

  app.get(prefix, () => applications.list());
  app.post(prefix, (req) => applications.create(objectBody(req.body).name, by(req)));
  app.get<{ Params: Params }>(`${prefix}/:id`, (req) => applications.get(req.params.id!));
  app.put<{ Params: Params }>(`${prefix}/:id`, (req) =>
    applications.rename(req.params.id!, objectBody(req.body).name),
  );
  app.delete<{ Params: Params }>(`${prefix}/:id`, async (req, reply) => {
    await applications.remove(req.params.id!);
    return sendEmpty(reply);
  });
  app.get<{ Params: Params }>(`${prefix}/key/:accessKeyId`, (req) =>
    applications.byKey(req.params.accessKeyId!),
  );
  app.post<{ Params: Params }>(`${prefix}/:id/roles/:role`, (req) =>
    applications.addRole(req.params.id!, req.params.role!),
  );
  app.delete<{ Params: Params }>(`${prefix}/:id/roles/:role`, (req) =>
    applications.removeRole(req.params.id!, req.params.role!),
  );
  app.get<{ Params: Params }>(`${prefix}/:id/accessKeys`, (req) => applications.keys(req.params.id!));
  app.post<{ Params: Params }>(`${prefix}/:id/accessKeys`, (req) => applications.createKey(req.params.id!));
  app.delete<{ Params: Params }>(`${prefix}/:id/accessKeys/:keyId`, async (req, reply: FastifyReply) => {
    await applications.deleteKey(req.params.id!, req.params.keyId!);
    return sendEmpty(reply);
  });
  app.post<{ Params: Params }>(`${prefix}/:id/accessKeys/:keyId/status`, (req) =>
    applications.toggleKey(req.params.id!, req.params.keyId!),
  );
}
