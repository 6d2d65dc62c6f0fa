/**
 * `/api/scheduler` as Conductor OSS 3.x serves it: schedules (create/update, get, list, delete, pause, resume),
 * previews of the next ticks, the execution search, the bulk pause/resume and the admin pause/resume/requeue
 * the Python SDK calls. Pause and resume answer GET (the SDKs) and PUT (Conductor's docs). Tags on schedules as Orkes
 * serves them: `/api/scheduler/schedules/{name}/tags`, `GET /api/scheduler/schedules/tag?tag=key:value`, and the
 * list filtered by `tagKey`/`tagValue`.
 */
import type { BulkResponse } from '@baton/protocol';
import { TaggedEntity, type Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { ApiError, BadRequestError } from '../../errors.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { ScheduleService } from '../../scheduler/schedule-service.js';
import { intParam, listParam, optionalIntParam, stringParam } from '../params.js';
import { sendEmpty, sendNoContent } from '../reply.js';
import { filterByTag, tagRoutes } from './tags.js';

export interface SchedulerRouteDeps {
  schedules: ScheduleService;
  scheduler: Scheduler;
  store: Store;
}

type Params = { name: string };
type Query = Record<string, string | string[] | undefined>;

export function schedulerRoutes(
  app: FastifyInstance,
  { schedules, scheduler, store }: SchedulerRouteDeps,
): void {
  app.post('/api/scheduler/schedules', (req) => schedules.save(req.body));

  app.get<{ Querystring: Query }>('/api/scheduler/schedules', async (req) =>
    filterByTag(
      store,
      TaggedEntity.schedule,
      req.query,
      await schedules.list(stringParam(req.query, 'workflowName')),
      (s) => s.name,
    ),
  );

  // Orkes: the schedules carrying `tag=key:value`.
  app.get<{ Querystring: Query }>('/api/scheduler/schedules/tag', async (req) => {
    const tag = stringParam(req.query, 'tag');
    const colon = tag?.indexOf(':') ?? -1;
    if (tag === undefined || colon < 1) {
      throw new BadRequestError("Required request parameter 'tag' is not present as key:value", [
        { path: 'tag', message: 'must be key:value', invalidValue: tag },
      ]);
    }
    const query = { tagKey: tag.slice(0, colon), tagValue: tag.slice(colon + 1) };
    return filterByTag(store, TaggedEntity.schedule, query, await schedules.list(), (s) => s.name);
  });

  tagRoutes(app, store, {
    route: '/api/scheduler/schedules/:name',
    entityType: TaggedEntity.schedule,
    mustExist: async (name) => void (await schedules.get(name)),
    putReplaces: true,
  });

  app.get<{ Params: Params }>('/api/scheduler/schedules/:name', (req) => schedules.get(req.params.name));

  app.delete<{ Params: Params }>('/api/scheduler/schedules/:name', async (req, reply) => {
    await schedules.remove(req.params.name);
    return sendNoContent(reply);
  });

  for (const method of ['GET', 'PUT'] as const) {
    app.route<{ Params: Params; Querystring: Query }>({
      method,
      url: '/api/scheduler/schedules/:name/pause',
      handler: async (req, reply) => {
        await schedules.pause(req.params.name, stringParam(req.query, 'reason'));
        return sendEmpty(reply);
      },
    });
    app.route<{ Params: Params }>({
      method,
      url: '/api/scheduler/schedules/:name/resume',
      handler: async (req, reply) => {
        await schedules.resume(req.params.name);
        return sendEmpty(reply);
      },
    });
  }

  app.put('/api/scheduler/bulk/pause', (req) => bulk(req.body, (name) => schedules.pause(name)));
  app.put('/api/scheduler/bulk/resume', (req) => bulk(req.body, (name) => schedules.resume(name)));

  app.get<{ Querystring: Query }>('/api/scheduler/nextFewSchedules', (req) => {
    const cronExpression = stringParam(req.query, 'cronExpression');
    if (cronExpression === undefined) {
      throw new BadRequestError("Required request parameter 'cronExpression' is not present", [
        { path: 'cronExpression', message: 'is required' },
      ]);
    }
    return schedules.nextFew(
      {
        cronExpression,
        zoneId: stringParam(req.query, 'zoneId'),
        scheduleStartTime: optionalIntParam(req.query, 'scheduleStartTime'),
        scheduleEndTime: optionalIntParam(req.query, 'scheduleEndTime'),
      },
      intParam(req.query, 'limit', 5, { min: 0 }),
    );
  });

  app.get<{ Querystring: Query }>('/api/scheduler/search/executions', (req) =>
    schedules.searchExecutions({
      query: stringParam(req.query, 'query'),
      freeText: stringParam(req.query, 'freeText'),
      start: intParam(req.query, 'start', 0, { min: 0 }),
      size: intParam(req.query, 'size', 100, { min: 0 }),
      sort: listParam(req.query, 'sort'),
    }),
  );

  // Admin: pause and resume firing on this server (the others sharing the database go on).
  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.get(`/api/scheduler/admin/${action}`, () => {
      scheduler.setPaused(paused);
      return { schedulerPaused: scheduler.paused };
    });
  }
  // Conductor re-sends execution records still waiting for its archive; Baton writes each record in the
  // transaction that fires its tick, so none ever waits.
  app.get('/api/scheduler/admin/requeue', () => ({ 'recordIds.size': 0, sampleIds: [] }));
}

/** Applies `action` to each name of a JSON list; failures are reported per name. */
async function bulk(body: unknown, action: (name: string) => Promise<void>): Promise<BulkResponse> {
  if (!Array.isArray(body) || body.some((name) => typeof name !== 'string')) {
    throw new BadRequestError('The body must be a JSON list of schedule names', [
      { path: 'body', message: 'must be a list of strings' },
    ]);
  }
  const response: BulkResponse = {
    bulkErrorResults: {},
    bulkSuccessfulResults: [],
    message: 'Bulk Request has been processed.',
  };
  for (const name of body as string[]) {
    try {
      await action(name);
      response.bulkSuccessfulResults.push(name);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      response.bulkErrorResults[name] = err.message;
    }
  }
  return response;
}
