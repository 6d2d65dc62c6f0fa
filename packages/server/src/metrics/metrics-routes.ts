/**
 * `GET /metrics`: Prometheus' text format, or JSON (`?format=json`, for the UI's queues page), and a latency
 * histogram of every API request by route, as Conductor's Spring server reports it (http_server_requests).
 */
import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export function registerMetricsRoutes(app: FastifyInstance, registry: Registry): void {
  const requests = new Histogram({
    name: 'http_server_requests_seconds',
    help: 'API requests by method, route (e.g. /api/tasks/poll/:tasktype) and status code, with their latency.',
    labelNames: ['method', 'uri', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const uri = request.routeOptions.url;
    if (uri === undefined || !uri.startsWith('/api/')) return;
    requests.observe(
      { method: request.method, uri, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/metrics',
    {
      schema: {
        hide: true,
        querystring: { type: 'object', properties: { format: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const { format } = request.query as { format?: string };
      if (format === 'json') return registry.getMetricsAsJSON();
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
