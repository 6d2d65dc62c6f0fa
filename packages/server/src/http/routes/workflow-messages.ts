/** `POST /api/workflow/{workflowId}/messages` (Conductor 3.x): posts a JSON object to a RUNNING workflow's queue. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.js';
import { objectBody } from '../params.js';
import { sendText } from '../reply.js';

export function workflowMessageRoutes(app: FastifyInstance, { runtime }: RouteDeps): void {
  app.post<{ Params: { workflowId: string } }>('/api/workflow/:workflowId/messages', async (req, reply) => {
    const id = await runtime.postWorkflowMessage(req.params.workflowId, objectBody(req.body));
    return sendText(reply, id);
  });
}
