/**
 * Publishes one message to an event (§2.13 names): `conductor:` events go into the durable internal queue
 * (an insert in the store), `nats:` and `amqp*:` events to the configured brokers.
 */
import type { JsonObject } from '@baton/protocol';
import type { Store } from '@baton/store';
import type { AmqpBroker } from './brokers/amqp-broker.js';
import type { NatsBroker } from './brokers/nats-broker.js';
import { parseEventName, UnsupportedEventError } from './event-names.js';

export interface EventPublisherDeps {
  store: Store;
  clock: () => number;
  /** Called after a message went into the internal queue, so the processor picks it up at once. */
  published: () => void;
  nats?: NatsBroker;
  amqp?: AmqpBroker;
}

export class EventPublisher {
  constructor(private readonly deps: EventPublisherDeps) {}

  /**
   * Throws UnsupportedEventError for a name no publisher serves (unknown type, or its broker not configured);
   * any other error means the publish itself failed (e.g. the broker is down).
   */
  async publish(event: string, messageId: string, payload: JsonObject, signal?: AbortSignal): Promise<void> {
    const destination = parseEventName(event);
    const { store, clock, nats, amqp } = this.deps;
    switch (destination.kind) {
      case 'conductor':
        // The message id is the task id: running the same EVENT task twice queues one message.
        await store.transact((tx) => tx.publishEventMessage(destination.name, messageId, payload, clock()));
        this.deps.published();
        return;
      case 'nats':
        if (!nats) throw new UnsupportedEventError(`No NATS server is configured for event ${event}`);
        await nats.publish(destination.subject, JSON.stringify(payload), signal);
        return;
      case 'amqp_queue':
      case 'amqp_exchange':
        if (!amqp) throw new UnsupportedEventError(`No AMQP broker is configured for event ${event}`);
        await amqp.publish(destination, JSON.stringify(payload), messageId, signal);
        return;
    }
  }
}
