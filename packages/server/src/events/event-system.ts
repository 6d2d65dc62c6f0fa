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
import { EventMonitor } from './event-monitor.js';
import { EventProcessor, type AckWrite } from './event-processor.js';
import { eventRecordsOf, recordingOf, type SecretMask } from './event-records.js';
import type { EventSource } from './actions.js';
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
  /** Masks secret values in what the event monitor records; default: records as received. */
  maskSecrets?: SecretMask;
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
  /** The event execution and message views over what the consumers recorded. */
  readonly monitor: EventMonitor;
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

  const dispatcher = new EventDispatcher({ store, runtime, evaluate, logger, clock });
  const mask: SecretMask = options.maskSecrets ?? ((value) => Promise.resolve(value));
  /** Runs the handlers, then returns the monitor's records as a write (none if they cannot be made). */
  const dispatchAndRecord = async (source: EventSource): Promise<AckWrite | undefined> => {
    const receivedAt = clock();
    const reports = await dispatcher.dispatch(source);
    try {
      return await recordingOf(eventRecordsOf(source, reports, receivedAt), mask);
    } catch (err) {
      logger.error({ err, event: source.event, messageId: source.messageId }, 'event records not written');
      return undefined;
    }
  };
  const processor = new EventProcessor({
    store,
    logger,
    clock,
    ...options.processor,
    handle: async (message) => {
      const status = statusOfQueue(message.queueName);
      if (status) return statusQueues.apply(status, message.payload);
      // Recorded in the transaction that acknowledges the message.
      return dispatchAndRecord({
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
      const write = await dispatchAndRecord({
        event,
        messageId: delivery.messageId ?? randomUUID(),
        payload: parseBody(delivery.body),
      });
      if (write) {
        await store.transact(write).catch((err: unknown) => {
          logger.error({ err, event }, 'event records not written');
        });
      }
    },
  });
  const handlers = new EventHandlerService(store, () => void listeners.sync().catch(() => undefined));
  const executor = new EventTaskExecutor({ store, publisher });
  const monitor = new EventMonitor(store, clock);

  return {
    executor,
    processor,
    handlers,
    listeners,
    statusQueues,
    publisher,
    dispatcher,
    monitor,
    routes: (app) => eventRoutes(app, { handlers, statusQueues, store, monitor }),
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
