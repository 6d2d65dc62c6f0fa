/**
 * §1.4 `/api/event` (event handlers) and `/api/queue` (task updates through the internal event queue).
 * Registered by the event system (`createEventSystem(...).routes(app)`).
 */
import type { Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { eventQueues } from '../../admin/event-queues.js';
import { BadRequestError } from '../../errors.js';
import type { EventHandlerService } from '../../events/event-handlers.js';
import type { EventMonitor } from '../../events/event-monitor.js';
import { isQueuedTaskStatus, StatusQueueName, type StatusQueues } from '../../events/status-queues.js';
import { boolParam, objectBody, optionalIntParam } from '../params.js';
import { sendEmpty } from '../reply.js';

export interface EventRouteDeps {
  handlers: EventHandlerService;
  statusQueues: StatusQueues;
  store: Store;
  monitor: EventMonitor;
}

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

export function eventRoutes(
  app: FastifyInstance,
  { handlers, statusQueues, store, monitor }: EventRouteDeps,
): void {
  app.post('/api/event', async (req, reply) => {
    await handlers.add(req.body);
    return sendEmpty(reply);
  });

  app.put('/api/event', async (req, reply) => {
    await handlers.update(req.body);
    return sendEmpty(reply);
  });

  app.get('/api/event', () => handlers.list());

  // Conductor's event queue view (EventResource): queue names, or their sizes with `verbose`.
  app.get<{ Querystring: Query }>('/api/event/queues', (req) =>
    eventQueues(store, boolParam(req.query, 'verbose', false)),
  );

  app.get<{ Params: Params }>('/api/event/handler/:name', (req) => handlers.get(req.params.name!));

  // Orkes' event monitor (EventExecutionResource, EventMessageResource); `from` is a look-back window in ms.
  app.get('/api/event/execution', () => monitor.activeHandlers());
  app.get<{ Params: Params; Querystring: Query }>('/api/event/execution/:eventHandlerName', (req) =>
    monitor.executions(req.params.eventHandlerName!, optionalIntParam(req.query, 'from')),
  );
  app.get<{ Querystring: Query }>('/api/event/message', (req) =>
    monitor.handlersWithStats(optionalIntParam(req.query, 'from')),
  );
  app.get<{ Params: Params; Querystring: Query }>('/api/event/message/:event', (req) =>
    monitor.messages(req.params.event!, optionalIntParam(req.query, 'from')),
  );

  app.get<{ Params: Params; Querystring: Query }>('/api/event/:event', (req) =>
    handlers.forEvent(req.params.event!, boolParam(req.query, 'activeOnly', true)),
  );

  app.delete<{ Params: Params }>('/api/event/:name', async (req, reply) => {
    await handlers.remove(req.params.name!);
    return sendEmpty(reply);
  });

  app.post<{ Params: { workflowId: string; taskRefName: string; status: string } }>(
    '/api/queue/update/:workflowId/:taskRefName/:status',
    async (req, reply) => {
      const { workflowId, taskRefName, status } = req.params;
      await statusQueues.publish(
        queuedStatus(status),
        { workflowId, taskRefName },
        objectBody(req.body, 'output'),
      );
      return sendEmpty(reply);
    },
  );

  app.post<{ Params: { workflowId: string; taskId: string; status: string } }>(
    '/api/queue/update/:workflowId/task/:taskId/:status',
    async (req, reply) => {
      const { workflowId, taskId, status } = req.params;
      await statusQueues.publish(
        queuedStatus(status),
        { workflowId, taskId },
        objectBody(req.body, 'output'),
      );
      return sendEmpty(reply);
    },
  );

  app.get('/api/queue/size', () => statusQueues.sizes());
  for (const path of ['/api/queue', '/api/queue/']) app.get(path, () => statusQueues.names());
}

function queuedStatus(status: string) {
  if (isQueuedTaskStatus(status)) return status;
  const allowed = Object.keys(StatusQueueName).join(', ');
  throw new BadRequestError(`Invalid task status: ${status}`, [
    { path: 'status', message: `must be one of ${allowed}`, invalidValue: status },
  ]);
}
