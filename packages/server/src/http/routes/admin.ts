/**
 * `/api/admin` as Conductor OSS's AdminResource serves it: the configuration, the pending tasks of a type, a
 * requeued sweep and the consistency check of one workflow, and the event queues.
 */
import type { FastifyInstance } from 'fastify';
import { verifyAndRepair } from '../../admin/consistency.js';
import { eventQueues } from '../../admin/event-queues.js';
import { NotFoundError } from '../../errors.js';
import { pendingTasks } from '../../runtime/requeue.js';
import type { RouteDeps } from '../deps.js';
import { boolParam, intParam } from '../params.js';
import { sendText } from '../reply.js';

export interface AdminRouteDeps extends RouteDeps {
  /** What `GET /api/admin/config` lists: no secrets (the database URL is left out). */
  config: Record<string, unknown>;
}

type Params = { workflowId: string };
type Query = Record<string, string | string[] | undefined>;

export function adminRoutes(app: FastifyInstance, { store, runtime, config }: AdminRouteDeps): void {
  app.get('/api/admin/config', () => config);

  app.get<{ Params: { tasktype: string }; Querystring: Query }>('/api/admin/task/:tasktype', async (req) => {
    const start = intParam(req.query, 'start', 0, { min: 0 });
    const count = intParam(req.query, 'count', 100, { min: 0 });
    return (await pendingTasks(store, req.params.tasktype)).slice(start, start + count);
  });

  // Conductor pushes the workflow onto its decider queue; Baton runs the decide pass at once.
  app.post<{ Params: Params }>('/api/admin/sweep/requeue/:workflowId', async (req, reply) => {
    const { workflowId } = req.params;
    if (!(await store.getWorkflow(workflowId, false)))
      throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
    await runtime.decideWorkflow(workflowId);
    return sendText(reply, 'true');
  });

  app.post<{ Params: Params }>('/api/admin/consistency/verifyAndRepair/:workflowId', async (req, reply) =>
    sendText(reply, String(await verifyAndRepair(store, runtime, req.params.workflowId, Date.now()))),
  );

  app.get<{ Querystring: Query }>('/api/admin/queues', (req) =>
    eventQueues(store, boolParam(req.query, 'verbose', false)),
  );
}
