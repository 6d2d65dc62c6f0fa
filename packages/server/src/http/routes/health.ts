/** §1.4: liveness in Netflix runtime-health's shape; a server that answers is healthy. */
import type { HealthCheckStatus } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';

const healthy: HealthCheckStatus = { healthResults: [], suppressedHealthResults: [], healthy: true };

export function healthRoutes(app: FastifyInstance): void {
  app.get('/health', () => healthy);
  app.get('/api/health', () => healthy);
}
