/**
 * §1.4: health in Netflix runtime-health's shape. A server that answers is alive; it is healthy unless its store
 * refuses writes for the environment's sake (disk full, I/O error, database unreachable): then 503 with the
 * store's result, until a write succeeds again, so a load balancer stops sending it work meanwhile.
 */
import type { HealthCheckStatus } from '@baton/protocol';
import type { Store } from '@baton/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const healthy: HealthCheckStatus = { healthResults: [], suppressedHealthResults: [], healthy: true };

export function healthRoutes(app: FastifyInstance, store: Store): void {
  const handler = (_request: FastifyRequest, reply: FastifyReply): HealthCheckStatus => {
    const health = store.health();
    if (health.healthy) return healthy;
    reply.code(503);
    return {
      // runtime-health's Health: healthy, errorMessage and details.
      healthResults: [
        {
          healthy: false,
          errorMessage: health.reason,
          details: { name: 'store', since: new Date(health.since ?? Date.now()).toISOString() },
        },
      ],
      suppressedHealthResults: [],
      healthy: false,
    };
  };
  app.get('/health', handler);
  app.get('/api/health', handler);
}
