/**
 * Baton's event system in one piece: the EVENT task executor, the processor of the durable internal queue,
 * the broker consumers, the handler registry and its routes.
 *
 * @example
 * const events = createEventSystem({ store, runtime: () => runtime, evaluate: (e, i) => scripts.evaluate(e, i),
 *   logger, brokers: { natsUrl: 'nats://127.0.0.1:4222', amqpUrl: 'amqp://guest:guest@127.0.0.1:5672' } });
 * const runtime = new Runtime({ store, metadata, logger, executors: [events.executor] });
 * events.routes(app);            // before app.listen
 * runtime.start(); await events.start();
 * // shutdown: await events.stop(); await runtime.stop(); ... store.close()
 */
import { randomUUID } from 'node:crypto';
import { checkJsonDepth } from '@baton/protocol';
import type { Store } from '@baton/store';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { EventTaskExecutor } from '../executors/event.js';
import type { SystemTaskExecutor } from '../executors/executor.js';
import { eventRoutes } from '../http/routes/events.js';
import { BrokerListeners } from './broker-listeners.js';
import type { BrokerDelivery } from './brokers/broker.js';
import { AmqpBroker } from './brokers/amqp-broker.js';
import { NatsBroker } from './brokers/nats-broker.js';
import type { ConditionEvaluator } from './conditions.js';
import { EventDispatcher } from './event-dispatcher.js';
import { EventHandlerService } from './event-handlers.js';
import { EventProcessor } from './event-processor.js';
import { EventPublisher } from './event-publisher.js';
import type { EventRuntimeRef } from './event-runtime.js';
import { StatusQueues, statusOfQueue } from './status-queues.js';

export interface EventSystemOptions {
  store: Store;
  /** The runtime, or a getter when the runtime is built after this (it takes `executor`). */
  runtime: EventRuntimeRef;
  /** Runs handler conditions; pass the sandbox's `evaluate`. */
  evaluate: ConditionEvaluator;
  logger: FastifyBaseLogger;
  /** External brokers; events of an unconfigured broker fail EVENT tasks terminally and have no consumer. */
  brokers?: { natsUrl?: string; amqpUrl?: string };
  clock?: () => number;
  /** Tuning of the internal queue's processor (tests use a short poll interval). */
  processor?: { pollIntervalMs?: number; leaseMs?: number; batchSize?: number };
}

export interface EventSystem {
  /** The EVENT task executor, for the runtime's system-task runner. */
  readonly executor: SystemTaskExecutor;
  readonly processor: EventProcessor;
  readonly handlers: EventHandlerService;
  readonly listeners: BrokerListeners;
  readonly statusQueues: StatusQueues;
  /** Publishes to an event name (`conductor:`, `nats:`, `amqp:` ...), as EVENT tasks and status listeners do. */
  readonly publisher: EventPublisher;
  /** Runs the handlers of one event for one message (what every consumer does), e.g. for tests. */
  readonly dispatcher: EventDispatcher;
  /** Registers /api/event and /api/queue. */
  routes(app: FastifyInstance): void;
  /**
   * Starts the internal queue's processor and the broker consumers; resolves once every consumer made its
   * first connection attempt (at most the 5 s connect timeout; an unreachable broker is retried in the background).
   */
  start(): Promise<void>;
  /** Stops consuming (messages in hand finish first) and closes the broker connections. */
  stop(): Promise<void>;
}

export function createEventSystem(options: EventSystemOptions): EventSystem {
  const { store, runtime, evaluate, logger, brokers = {} } = options;
  const clock = options.clock ?? Date.now;
  const nats = brokers.natsUrl ? new NatsBroker(brokers.natsUrl, logger) : undefined;
  const amqp = brokers.amqpUrl ? new AmqpBroker(brokers.amqpUrl, logger) : undefined;

  const dispatcher = new EventDispatcher({ store, runtime, evaluate, logger });
  const processor = new EventProcessor({
    store,
    logger,
    clock,
    ...options.processor,
    handle: async (message) => {
      const status = statusOfQueue(message.queueName);
      if (status) return statusQueues.apply(status, message.payload);
      await dispatcher.dispatch({
        event: message.queueName,
        messageId: message.messageId,
        payload: message.payload,
      });
    },
  });
  const wake = (): void => processor.wake();
  const statusQueues = new StatusQueues({
    store,
    runtime,
    logger,
    published: wake,
    newId: randomUUID,
    clock,
  });
  const publisher = new EventPublisher({ store, clock, published: wake, nats, amqp });
  const listeners = new BrokerListeners({
    store,
    nats,
    amqp,
    logger,
    deliver: async (event: string, delivery: BrokerDelivery) => {
      await dispatcher.dispatch({
        event,
        messageId: delivery.messageId ?? randomUUID(),
        payload: parseBody(delivery.body),
      });
    },
  });
  const handlers = new EventHandlerService(store, () => void listeners.sync().catch(() => undefined));
  const executor = new EventTaskExecutor({ store, publisher });

  return {
    executor,
    processor,
    handlers,
    listeners,
    statusQueues,
    publisher,
    dispatcher,
    routes: (app) => eventRoutes(app, { handlers, statusQueues, store }),
    start: async () => {
      processor.start();
      await listeners.start();
    },
    stop: async () => {
      await listeners.stop();
      await processor.stop();
      await Promise.all([nats?.close(), amqp?.close()]);
    },
  };
}

/**
 * Conductor hands handlers the parsed JSON, or the raw text when it is not JSON, or (as Jackson refuses it) is
 * nested deeper than MAX_JSON_DEPTH.
 */
function parseBody(body: string): unknown {
  try {
    const value = JSON.parse(body) as unknown;
    return checkJsonDepth(value) ? body : value;
  } catch {
    return body;
  }
}
