/**
 * Tags as Orkes serves them (`TagObject {key, type: "METADATA", value}`), on workflow definitions (by name, all
 * versions), task definitions and event handlers:
 *
 * - `GET    .../tags`  the entity's tags
 * - `POST   .../tags`  adds one tag (workflow and task definitions), or a list
 * - `PUT    .../tags`  workflow and task definitions: replaces all tags with the list; event handlers: adds the list
 * - `DELETE .../tags`  removes one tag, or a list
 *
 * The store keeps tags as (entity type, entity id, key, value) rows: another family (schedules, secrets) tags its
 * entities by calling `tagRoutes` with its own entity type and existence check, and filters its list with
 * `filterByTag`.
 */
import { TaggedEntity, type Store, type Tag } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { sendEmpty } from '../reply.js';

type Query = Record<string, string | string[] | undefined>;

export interface TaggedFamily {
  /** The route of one entity, with a `:name` parameter (or the one `param` names), e.g. `/api/metadata/workflow/:name`. */
  route: string;
  /** The route parameter naming the entity; default `name` (secrets use `key`, as their other routes do). */
  param?: string;
  entityType: string;
  /** Throws NotFoundError when there is no such entity. */
  mustExist(name: string): Promise<void>;
  /** PUT replaces the tags (definitions) or adds to them (event handlers, as Orkes has it). */
  putReplaces: boolean;
  /** Whether POST adds tags; default true (Orkes serves no POST on secret tags). */
  post?: boolean;
}

export function tagRoutes(app: FastifyInstance, store: Store, family: TaggedFamily): void {
  const path = `${family.route}/tags`;
  type Request = { Params: Record<string, string> };
  const { entityType } = family;
  const param = family.param ?? 'name';
  const entity = async (params: Record<string, string>): Promise<string> => {
    const name = params[param]!;
    await family.mustExist(name);
    return name;
  };

  app.get<Request>(path, async (req) =>
    (await store.getTags(entityType, await entity(req.params))).map(wire),
  );

  if (family.post !== false)
    app.post<Request>(path, async (req, reply) => {
      const name = await entity(req.params);
      const tags = tagsBody(req.body);
      await store.transact((tx) => tx.addTags(entityType, name, tags));
      return sendEmpty(reply);
    });

  app.put<Request>(path, async (req, reply) => {
    const name = await entity(req.params);
    const tags = tagsBody(req.body);
    await store.transact(async (tx) => {
      if (family.putReplaces) await tx.deleteTags(entityType, name);
      await tx.addTags(entityType, name, tags);
    });
    return sendEmpty(reply);
  });

  app.delete<Request>(path, async (req, reply) => {
    const name = await entity(req.params);
    const tags = tagsBody(req.body);
    await store.transact((tx) => tx.deleteTags(entityType, name, tags));
    return sendEmpty(reply);
  });
}

/** The tag routes of workflow definitions, task definitions and event handlers. */
export function definitionTagRoutes(app: FastifyInstance, { store, metadata }: RouteDeps): void {
  tagRoutes(app, store, {
    route: '/api/metadata/workflow/:name',
    entityType: TaggedEntity.workflowDef,
    mustExist: async (name) => void (await metadata.getWorkflowDef(name, undefined)),
    putReplaces: true,
  });
  tagRoutes(app, store, {
    route: '/api/metadata/task/:name',
    entityType: TaggedEntity.taskDef,
    mustExist: async (name) => void (await metadata.getTaskDef(name)),
    putReplaces: true,
  });
  tagRoutes(app, store, {
    route: '/api/event/:name',
    entityType: TaggedEntity.eventHandler,
    mustExist: async (name) => {
      if (!(await store.getEventHandler(name))) throw new NotFoundError(`Event handler ${name} not found`);
    },
    putReplaces: false,
  });
}

/**
 * `items` narrowed to the entities carrying the tag named by `tagKey` and `tagValue` (Orkes's list filter), or all
 * of them when the query names no tag.
 */
export async function filterByTag<T>(
  store: Store,
  entityType: string,
  query: Query,
  items: readonly T[],
  nameOf: (item: T) => string,
): Promise<T[]> {
  const key = single(query.tagKey);
  const value = single(query.tagValue);
  if (key === undefined || value === undefined) return [...items];
  const names = new Set(await store.taggedEntities(entityType, { key, value }));
  return items.filter((item) => names.has(nameOf(item)));
}

/** One TagObject or a list of them; `type` (METADATA, RATE_LIMIT) is accepted and not kept. */
function tagsBody(body: unknown): Tag[] {
  const list: unknown[] = Array.isArray(body) ? body : [body];
  return list.map((item, i) => {
    const tag = item as { key?: unknown; value?: unknown } | null;
    if (typeof tag?.key !== 'string' || tag.key === '' || typeof tag.value !== 'string')
      throw new BadRequestError('A tag needs a non-empty key and a string value', [
        {
          path: Array.isArray(body) ? `[${i}]` : 'body',
          message: 'must be {key, value}',
          invalidValue: item,
        },
      ]);
    return { key: tag.key, value: tag.value };
  });
}

function wire(tag: Tag): { key: string; type: string; value: string } {
  return { key: tag.key, type: 'METADATA', value: tag.value };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value === '' ? undefined : value;
}
