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

  /** Throws ValidationFailedError, or ConflictError when the name is taken. */
  async add(body: unknown): Promise<void> {
    const handler = normalize(body);
    await this.store.transact(async (tx) => {
      if (await tx.getEventHandler(handler.name)) {
        throw new ConflictError(`EventHandler with name ${handler.name} already exists!`);
      }
      await tx.putEventHandler(handler);
    });
    this.changed();
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

/** Validates, and fills the primitive booleans Conductor always has (`active`, `expandInlineJSON`). */
function normalize(body: unknown): EventHandler {
  const errors = validateEventHandler(body);
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const handler = withoutNulls(body as EventHandler);
  return {
    ...handler,
    active: handler.active === true,
    actions: handler.actions.map((action): EventHandlerAction => ({
      ...withoutNulls(action),
      expandInlineJSON: action.expandInlineJSON === true,
    })),
  };
}

/** Conductor omits null fields on the way out; we do not store them. */
function withoutNulls<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null)) as T;
}
