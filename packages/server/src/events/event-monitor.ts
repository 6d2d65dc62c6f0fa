/**
 * Orkes' event monitor views over what the event system recorded (event-records.ts): the handlers active in
 * the last 24 hours, one handler's executions, every handler with its statistics, and the messages of one
 * event. `fromMs` is a look-back window in ms, as the Orkes UI sends it (`?from=300000`: the last 5 minutes);
 * absent, zero or negative: everything still kept (see EVENT_RECORDS_KEPT / EVENT_RECORDS_MAX_AGE_MS).
 */
import type {
  EventMessage,
  ExtendedEventExecution,
  HandledEventResponse,
  SearchResultHandledEventResponse,
} from '@baton/protocol';
import { EVENT_RECORDS_KEPT, type StoredEventExecution, type StoreReader } from '@baton/store';

/** The window of `GET /api/event/execution`, as Orkes has it. */
export const ACTIVE_HANDLER_WINDOW_MS = 24 * 3600 * 1000;

export class EventMonitor {
  constructor(
    private readonly store: StoreReader,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Handlers with executions in the last 24 hours, by name. */
  async activeHandlers(): Promise<SearchResultHandledEventResponse> {
    const [activity, handlers] = await Promise.all([
      this.store.eventHandlerActivity(this.clock() - ACTIVE_HANDLER_WINDOW_MS),
      this.store.listEventHandlers(),
    ]);
    const active = new Map(handlers.map((h) => [h.name, h.active === true]));
    const results = activity.map((a): HandledEventResponse => ({
      name: a.name,
      event: a.event,
      active: active.get(a.name) ?? false,
      numberOfActions: a.executions,
      numberOfMessages: a.messages,
    }));
    return { totalHits: results.length, results };
  }

  /** The handler's executions in the window, newest first. */
  async executions(handlerName: string, fromMs?: number): Promise<ExtendedEventExecution[]> {
    const stored = await this.store.eventExecutions(handlerName, this.since(fromMs), EVENT_RECORDS_KEPT);
    return stored.map(executionOnWire);
  }

  /** Every registered handler, with the messages received on its event and its executions in the window. */
  async handlersWithStats(fromMs?: number): Promise<SearchResultHandledEventResponse> {
    const since = this.since(fromMs);
    const [handlers, activity, counts] = await Promise.all([
      this.store.listEventHandlers(),
      this.store.eventHandlerActivity(since),
      this.store.receivedEventCounts(since),
    ]);
    const executions = new Map(activity.map((a) => [a.name, a.executions]));
    const results = handlers.map((h): HandledEventResponse => ({
      name: h.name,
      event: h.event,
      active: h.active === true,
      numberOfActions: executions.get(h.name) ?? 0,
      numberOfMessages: counts[h.event] ?? 0,
    }));
    return { totalHits: results.length, results };
  }

  /** Messages received on `event` in the window, newest first, each with the executions it caused. */
  async messages(event: string, fromMs?: number): Promise<EventMessage[]> {
    const stored = await this.store.receivedEventMessages(event, this.since(fromMs), EVENT_RECORDS_KEPT);
    return stored.map((m) => {
      const message: EventMessage = {
        id: m.id,
        eventTarget: m.event,
        eventType: 'MESSAGE',
        createdAt: m.createdAt,
        status: m.status,
        payload: JSON.stringify(m.payload),
        eventExecutions: m.executions.map((e) => executionOnWire({ ...e, payload: m.payload })),
      };
      if (m.statusDescription !== undefined) message.statusDescription = m.statusDescription;
      if (isObject(m.payload)) message.fullPayload = m.payload;
      return message;
    });
  }

  private since(fromMs: number | undefined): number {
    return fromMs === undefined || fromMs <= 0 ? 0 : this.clock() - fromMs;
  }
}

function executionOnWire(stored: StoredEventExecution): ExtendedEventExecution {
  const { payload, ...record } = stored;
  const execution = { ...record } as ExtendedEventExecution;
  if (isObject(payload)) {
    execution.payload = payload;
    execution.fullMessagePayload = payload;
  }
  return execution;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
