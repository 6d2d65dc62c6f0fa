/**
 * The event queues Baton keeps (`conductor:` queues of event handlers and EVENT tasks), as Conductor's
 * `GET /api/admin/queues` and `GET /api/event/queues` list them: each queue by name, or with `verbose` its
 * size (`{name: {name: size}}`, the shape of Conductor's EventQueueManager.getQueueSizes).
 */
import type { Store } from '@baton/store';

export async function eventQueues(
  store: Store,
  verbose: boolean,
): Promise<Record<string, string> | Record<string, Record<string, number>>> {
  const sizes = await store.eventQueueSizes();
  const names = Object.keys(sizes).sort();
  return verbose
    ? Object.fromEntries(names.map((name) => [name, { [name]: sizes[name]! }]))
    : Object.fromEntries(names.map((name) => [name, name]));
}
