/**
 * Event handlers (`/api/event`): the Python SDK's event resource methods, with Orkes's handler tags, and the
 * event monitor views under the official JS SDK's names.
 */
import type { HttpClient } from '../http/http-client.js';
import { seg } from '../http/query-string.js';
import type { EventHandler, MetadataTag } from '../model/definitions.js';
import type {
  EventMessage,
  ExtendedEventExecution,
  SearchResultHandledEventResponse,
} from '../model/event-monitor.js';

/**
 * Registers, reads, updates and deletes event handlers, and tags them.
 *
 * @example
 * const events = new OrkesClients(new Configuration()).getEventClient();
 * await events.addEventHandler({
 *   name: 'on_order',
 *   event: 'conductor:orders',
 *   actions: [{ action: 'start_workflow', start_workflow: { name: 'fulfil', input: { id: '${id}' } } }],
 *   active: true,
 * });
 */
export class EventClient {
  constructor(private readonly http: HttpClient) {}

  async addEventHandler(handler: EventHandler): Promise<void> {
    await this.http.void('POST', '/event', { body: handler });
  }

  async updateEventHandler(handler: EventHandler): Promise<void> {
    await this.http.void('PUT', '/event', { body: handler });
  }

  async getEventHandler(name: string): Promise<EventHandler> {
    return this.http.json<EventHandler>('GET', `/event/handler/${seg(name)}`);
  }

  async getEventHandlers(): Promise<EventHandler[]> {
    return this.http.json<EventHandler[]>('GET', '/event');
  }

  /** The handlers listening to `event` (e.g. `conductor:orders`), by default only the active ones. */
  async getEventHandlersForEvent(event: string, activeOnly = true): Promise<EventHandler[]> {
    return this.http.json<EventHandler[]>('GET', `/event/${seg(event)}`, { query: { activeOnly } });
  }

  async removeEventHandler(name: string): Promise<void> {
    await this.http.void('DELETE', `/event/${seg(name)}`);
  }

  /** Adds the tags (event handlers keep the ones they have, as Orkes has it). */
  async putTagForEventHandler(name: string, tags: MetadataTag[]): Promise<void> {
    await this.http.void('PUT', `/event/${seg(name)}/tags`, { body: tags });
  }

  async getTagsForEventHandler(name: string): Promise<MetadataTag[]> {
    return this.http.json<MetadataTag[]>('GET', `/event/${seg(name)}/tags`);
  }

  async deleteTagForEventHandler(name: string, tags: MetadataTag[]): Promise<void> {
    await this.http.void('DELETE', `/event/${seg(name)}/tags`, { body: tags });
  }

  // ---- event monitor; `from` is a look-back window in ms (omitted: everything the server keeps) ----

  /** Handlers that ran in the last 24 hours, with their numbers of executions and messages. */
  async getAllActiveEventHandlers(): Promise<SearchResultHandledEventResponse> {
    return this.http.json<SearchResultHandledEventResponse>('GET', '/event/execution');
  }

  /** One handler's executions (one per action run, or its skip), newest first. */
  async getEventExecutions(eventHandlerName: string, from?: number): Promise<ExtendedEventExecution[]> {
    return this.http.json<ExtendedEventExecution[]>('GET', `/event/execution/${seg(eventHandlerName)}`, {
      query: { from },
    });
  }

  /** Every handler with the messages received on its event and its executions. */
  async getEventHandlersWithStats(from?: number): Promise<SearchResultHandledEventResponse> {
    return this.http.json<SearchResultHandledEventResponse>('GET', '/event/message', { query: { from } });
  }

  /** Messages received on `event` (e.g. `conductor:orders`), newest first, with the executions each caused. */
  async getEventMessages(event: string, from?: number): Promise<EventMessage[]> {
    return this.http.json<EventMessage[]>('GET', `/event/message/${seg(event)}`, { query: { from } });
  }
}
