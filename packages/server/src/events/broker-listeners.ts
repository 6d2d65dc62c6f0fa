/**
 * Keeps one broker subscription per event that an active handler listens to (`nats:...`, `amqp...:...`), and
 * feeds what arrives into the handler pipeline. `sync()` reconciles the subscriptions with the stored
 * handlers; call it after handlers change.
 *
 * States: stopped (created, or after `stop()`; `sync()` does nothing) -> running (`start()`; subscriptions
 * follow the handlers) -> stopped (every subscription closed).
 */
import type { StoreReader } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';
import type { AmqpBroker, AmqpSubscription } from './brokers/amqp-broker.js';
import type { BrokerDelivery } from './brokers/broker.js';
import type { NatsBroker, NatsSubscription } from './brokers/nats-broker.js';
import { isBrokerEvent, parseEventName } from './event-names.js';

export interface BrokerListenerDeps {
  store: StoreReader;
  nats?: NatsBroker;
  amqp?: AmqpBroker;
  /** Runs the handlers of `event` for one received message; resolves when they ran. */
  deliver: (event: string, delivery: BrokerDelivery) => Promise<void>;
  logger: FastifyBaseLogger;
}

type Subscription = NatsSubscription | AmqpSubscription;

export class BrokerListeners {
  private readonly subscriptions = new Map<string, Subscription>();
  private running = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: BrokerListenerDeps) {}

  /** The events subscribed to now. */
  get events(): string[] {
    return [...this.subscriptions.keys()].sort();
  }

  async start(): Promise<void> {
    this.running = true;
    await this.sync();
  }

  /**
   * Subscribes to new events and drops the ones no active handler wants any more. Resolves once every new
   * subscription has made its first attempt (a broker that is down does not hold it up beyond that).
   */
  sync(): Promise<void> {
    const next = this.queue.then(() => this.reconcile());
    this.queue = next.catch((err: unknown) =>
      this.deps.logger.error({ err }, 'syncing broker subscriptions failed'),
    );
    return next;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.queue;
    const open = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.all(open.map((s) => s.close()));
  }

  private async reconcile(): Promise<void> {
    if (!this.running) return;
    const handlers = await this.deps.store.listEventHandlers();
    const wanted = new Set(
      handlers.filter((h) => h.active === true && isBrokerEvent(h.event)).map((h) => h.event),
    );
    for (const [event, subscription] of this.subscriptions) {
      if (wanted.has(event)) continue;
      this.subscriptions.delete(event);
      await subscription.close();
    }
    const firstAttempts: Promise<boolean>[] = [];
    for (const event of wanted) {
      if (this.subscriptions.has(event)) continue;
      const subscription = this.open(event);
      if (!subscription) continue;
      this.subscriptions.set(event, subscription);
      firstAttempts.push(subscription.ready);
    }
    await Promise.all(firstAttempts);
  }

  private open(event: string): Subscription | undefined {
    const { nats, amqp, logger } = this.deps;
    const onMessage = (delivery: BrokerDelivery): Promise<void> => this.deps.deliver(event, delivery);
    let destination;
    try {
      destination = parseEventName(event);
    } catch (err) {
      logger.warn({ err, event }, 'cannot listen to this event');
      return undefined;
    }
    if (destination.kind === 'nats') {
      if (nats) return nats.subscribe(destination.subject, destination.queueGroup, onMessage);
      logger.warn({ event }, 'no NATS server is configured: handlers on this event will not run');
    } else if (destination.kind === 'amqp_queue' || destination.kind === 'amqp_exchange') {
      if (amqp) return amqp.subscribe(destination, onMessage);
      logger.warn({ event }, 'no AMQP broker is configured: handlers on this event will not run');
    }
    return undefined;
  }
}
