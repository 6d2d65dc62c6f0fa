/**
 * §1.1 `/api/metadata`: workflow and task definitions. Bodies are validated by the metadata service (with
 * Conductor's bean-validation rules); only path and query parameters have schemas here.
 */
import type { FastifyInstance } from 'fastify';
import { TaggedEntity } from '@baton/store';
import type { RouteDeps } from '../deps.js';
import { boolParam } from '../params.js';
import { sendEmpty } from '../reply.js';
import { filterByTag } from './tags.js';

type Query = Record<string, string | string[] | undefined>;

const prefix = '/api/metadata';

const nameParam = {
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
} as const;

const nameAndVersionParams = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'integer' } },
  required: ['name', 'version'],
} as const;

const taskTypeParam = {
  type: 'object',
  properties: { tasktype: { type: 'string' } },
  required: ['tasktype'],
} as const;

export function metadataRoutes(app: FastifyInstance, { metadata, store }: RouteDeps): void {
  // ---- workflow definitions ----

  app.post<{ Querystring: Query }>(`${prefix}/workflow`, async (request, reply) => {
    await metadata.registerWorkflowDef(request.body, boolParam(request.query, 'overwrite', false));
    return sendEmpty(reply);
  });

  app.put(`${prefix}/workflow`, (request) => metadata.upsertWorkflowDefs(request.body));

  app.post(`${prefix}/workflow/validate`, (request, reply) => {
    metadata.validateWorkflowDef(request.body);
    return sendEmpty(reply);
  });

  // Literal segments below win over `/workflow/:name` (find-my-way prefers static routes).
  app.get<{ Querystring: Query }>(`${prefix}/workflow`, async (request) =>
    filterByTag(
      store,
      TaggedEntity.workflowDef,
      request.query,
      await metadata.listWorkflowDefs(),
      (d) => d.name,
    ),
  );
  app.get(`${prefix}/workflow/latest-versions`, () => metadata.latestVersions());
  app.get(`${prefix}/workflow/names`, () => metadata.names());
  app.get(`${prefix}/workflow/names-and-versions`, () => metadata.namesAndVersions());

  app.get<{ Params: { name: string } }>(
    `${prefix}/workflow/:name/versions`,
    { schema: { params: nameParam } },
    (request) => metadata.versions(request.params.name),
  );

  app.get<{ Params: { name: string }; Querystring: { version?: number } }>(
    `${prefix}/workflow/:name`,
    {
      schema: {
        params: nameParam,
        querystring: { type: 'object', properties: { version: { type: 'integer' } } },
      },
    },
    (request) => metadata.getWorkflowDef(request.params.name, request.query.version),
  );

  app.delete<{ Params: { name: string; version: number } }>(
    `${prefix}/workflow/:name/:version`,
    { schema: { params: nameAndVersionParams } },
    async (request, reply) => {
      await metadata.deleteWorkflowDef(request.params.name, request.params.version);
      return sendEmpty(reply);
    },
  );

  // ---- task definitions: POST takes an array, PUT a single definition ----

  app.post(`${prefix}/taskdefs`, async (request, reply) => {
    await metadata.registerTaskDefs(request.body);
    return sendEmpty(reply);
  });

  app.put(`${prefix}/taskdefs`, async (request, reply) => {
    await metadata.updateTaskDef(request.body);
    return sendEmpty(reply);
  });

  app.get<{ Querystring: Query }>(`${prefix}/taskdefs`, async (request) =>
    filterByTag(store, TaggedEntity.taskDef, request.query, await metadata.listTaskDefs(), (d) => d.name),
  );

  app.get<{ Params: { tasktype: string } }>(
    `${prefix}/taskdefs/:tasktype`,
    { schema: { params: taskTypeParam } },
    (request) => metadata.getTaskDef(request.params.tasktype),
  );

  app.delete<{ Params: { tasktype: string } }>(
    `${prefix}/taskdefs/:tasktype`,
    { schema: { params: taskTypeParam } },
    async (request, reply) => {
      await metadata.deleteTaskDef(request.params.tasktype);
      return sendEmpty(reply);
    },
  );
}
