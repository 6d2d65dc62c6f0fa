/**
 * Event handler registry (§1.4, §2.13): validation, Conductor's conflict and not-found rules, and a change
 * callback so broker subscriptions follow the handlers.
 */
import type { EventHandler, EventHandlerAction, Store } from '@baton/store';
import { ConflictError, NotFoundError, ValidationFailedError } from '../errors.js';
import { validateEventHandler } from './handler-validation.js';

export class EventHandlerService {
  constructor(
    private readonly store: Store,
    /** Called after every successful change (not awaited by the caller's request). */
    private readonly changed: () => void = () => {},
  ) {}

  /**
   * One handler, or a list of them (added together or not at all). Throws ValidationFailedError, or
   * ConflictError when a name is taken.
   */
  async add(body: unknown): Promise<void> {
    const handlers = Array.isArray(body) ? normalizeList(body) : [normalize(body)];
    await this.store.transact(async (tx) => {
      const names = new Set<string>();
      for (const handler of handlers) {
        if (names.has(handler.name) || (await tx.getEventHandler(handler.name))) {
          throw new ConflictError(`EventHandler with name ${handler.name} already exists!`);
        }
        names.add(handler.name);
        await tx.putEventHandler(handler);
      }
    });
    this.changed();
  }

  /** Throws NotFoundError when no handler has that name. */
  async get(name: string): Promise<EventHandler> {
    const handler = await this.store.getEventHandler(name);
    if (!handler) throw notFound(name);
    return handler;
  }

  /** Throws ValidationFailedError, or NotFoundError when no handler has that name. */
  async update(body: unknown): Promise<void> {
    const handler = normalize(body);
    await this.store.transact(async (tx) => {
      if (!(await tx.getEventHandler(handler.name))) throw notFound(handler.name);
      await tx.putEventHandler(handler);
    });
    this.changed();
  }

  async remove(name: string): Promise<void> {
    const deleted = await this.store.transact((tx) => tx.deleteEventHandler(name));
    if (!deleted) throw notFound(name);
    this.changed();
  }

  list(): Promise<EventHandler[]> {
    return this.store.listEventHandlers();
  }

  forEvent(event: string, activeOnly: boolean): Promise<EventHandler[]> {
    return this.store.eventHandlersFor(event, activeOnly);
  }
}

function notFound(name: string): NotFoundError {
  return new NotFoundError(`EventHandler with name ${name} not found!`);
}

/** Validates every handler of a list; error paths start with the handler's index (`[1].name`). */
function normalizeList(bodies: unknown[]): EventHandler[] {
  const errors = bodies.flatMap((body, i) =>
    validateEventHandler(body).map((e) => ({ ...e, path: e.path ? `[${i}].${e.path}` : `[${i}]` })),
  );
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return bodies.map(normalize);
}

/**
 * Validates, and fills what Conductor always has: the primitive booleans (`active`, `expandInlineJSON`) and
 * the action list (empty for a handler with no actions yet).
 */
function normalize(body: unknown): EventHandler {
  const errors = validateEventHandler(body);
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const handler = withoutNulls(body as EventHandler);
  return {
    ...handler,
    active: handler.active === true,
    actions: (handler.actions ?? []).map((action): EventHandlerAction => ({
      ...withoutNulls(action),
      expandInlineJSON: action.expandInlineJSON === true,
    })),
  };
}

/** Conductor omits null fields on the way out; we do not store them. */
function withoutNulls<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null)) as T;
}
