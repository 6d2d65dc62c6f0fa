/** Event handlers (`/api/event`): the Python SDK's event resource methods, with Orkes's handler tags. */
import type { HttpClient } from '../http/http-client.js';
import { seg } from '../http/query-string.js';
import type { EventHandler, MetadataTag } from '../model/definitions.js';

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
}
