/**
 * AMQP 0-9-1 (RabbitMQ) for `amqp:`, `amqp_queue:` and `amqp_exchange:` events. One connection, opened on
 * first use and replaced when it drops. Publishing uses a confirm channel, so a message counts as sent only
 * once the broker has it. Each subscription has its own channel with manual acks: a message is acknowledged
 * after its actions ran, and the subscription reconnects with backoff until closed.
 */
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type Options,
} from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import type { EventDestination } from '../event-names.js';
import type { BrokerSubscription, DeliveryHandler } from './broker.js';
import { backoffMs, pause, withDeadline } from './deadline.js';

export type AmqpDestination = Extract<EventDestination, { kind: 'amqp_queue' | 'amqp_exchange' }>;

const CONNECT_TIMEOUT_MS = 5000;
const PUBLISH_TIMEOUT_MS = 5000;
const CLOSE_TIMEOUT_MS = 2000;
/** A message whose handling failed goes back to the queue after this pause (not in a tight loop). */
const REDELIVERY_PAUSE_MS = 1000;

export interface AmqpSubscription extends BrokerSubscription {
  /** True once consuming, false when the first attempt failed (it goes on retrying). */
  readonly ready: Promise<boolean>;
}

interface PublishChannel {
  channel: ConfirmChannel;
  /** Queues and exchanges asserted on this channel already. */
  declared: Set<string>;
}

export class AmqpBroker {
  private model: Promise<ChannelModel> | undefined;
  private publishing: Promise<PublishChannel> | undefined;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async publish(
    destination: AmqpDestination,
    body: string,
    messageId: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const send = async (): Promise<void> => {
      const { channel, declared } = await this.publishChannel();
      await declare(channel, destination, declared);
      const content = Buffer.from(body, 'utf8');
      const options: Options.Publish = {
        messageId,
        contentType: 'application/json',
        persistent: destination.durable,
      };
      await new Promise<void>((resolve, reject) => {
        const confirmed = (err: unknown): void => (err ? reject(asError(err)) : resolve());
        if (destination.kind === 'amqp_queue') {
          channel.sendToQueue(destination.queue, content, options, confirmed);
        } else {
          channel.publish(destination.exchange, destination.routingKey, content, options, confirmed);
        }
      });
    };
    // One more try on a fresh channel: a connection that just dropped fails the first one.
    const attempts = send().catch(() => send());
    await withDeadline(attempts, PUBLISH_TIMEOUT_MS, `AMQP publish to ${describe(destination)}`, signal);
  }

  /** Messages are handled one at a time (prefetch 1), in delivery order. */
  subscribe(destination: AmqpDestination, onMessage: DeliveryHandler): AmqpSubscription {
    const stop = new AbortController();
    const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()));
    let settleReady: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => {
      settleReady = (ok) => {
        resolve(ok);
        settleReady = () => {};
      };
    });
    const log = this.logger.child({ broker: 'amqp', destination: describe(destination) });

    const run = async (): Promise<void> => {
      for (let attempt = 0; !stop.signal.aborted; attempt++) {
        let channel: Channel | undefined;
        try {
          const model = await this.connection();
          if (stop.signal.aborted) break;
          const open = await model.createChannel();
          channel = open;
          open.on('error', (err: Error) => log.warn({ err }, 'AMQP channel error'));
          const channelClosed = new Promise<void>((resolve) => open.once('close', () => resolve()));
          let cancelled: () => void = () => {};
          const consumerCancelled = new Promise<void>((resolve) => (cancelled = resolve));
          const queue = await bindQueue(open, destination);
          await open.prefetch(1);
          let chain = Promise.resolve();
          const deliver = (message: ConsumeMessage | null): void => {
            // null: the broker cancelled the consumer (queue deleted); start over with a new channel.
            if (message === null) return cancelled();
            chain = chain.then(async () => {
              try {
                const { messageId } = message.properties as { messageId?: string };
                await onMessage({ body: message.content.toString('utf8'), messageId });
                open.ack(message);
              } catch (err) {
                log.error({ err }, 'AMQP message not handled; it goes back to the queue');
                await pause(REDELIVERY_PAUSE_MS, stop.signal);
                open.nack(message, false, true);
              }
            });
          };
          await open.consume(queue, deliver, { noAck: false });
          log.info({ queue }, 'consuming');
          settleReady(true);
          attempt = 0;
          await Promise.race([channelClosed, consumerCancelled, stopped]);
          await chain.catch(() => undefined);
        } catch (err) {
          if (stop.signal.aborted) break;
          log.warn({ err }, 'AMQP subscription failed; retrying');
          settleReady(false);
        } finally {
          // Closing the channel hands unacknowledged messages back to the broker.
          await closeQuietly(channel);
        }
        await pause(backoffMs(attempt), stop.signal);
      }
      settleReady(false);
    };
    const running = run();
    return {
      ready,
      close: async () => {
        stop.abort();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const model = this.model;
    this.model = undefined;
    this.publishing = undefined;
    await closeQuietly(await model?.catch(() => undefined));
  }

  private connection(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error('the AMQP client is closed'));
    if (!this.model) {
      const attempt: Promise<ChannelModel> = connect(this.url, { timeout: CONNECT_TIMEOUT_MS }).then(
        (model) => {
          model.on('error', (err: Error) =>
            this.logger.warn({ err, broker: 'amqp' }, 'AMQP connection error'),
          );
          model.on('close', () => {
            if (this.model !== attempt) return;
            this.model = undefined;
            this.publishing = undefined;
          });
          return model;
        },
      );
      attempt.catch(() => {
        if (this.model === attempt) this.model = undefined;
      });
      this.model = attempt;
    }
    return this.model;
  }

  private publishChannel(): Promise<PublishChannel> {
    if (!this.publishing) {
      const attempt: Promise<PublishChannel> = this.connection()
        .then((model) => model.createConfirmChannel())
        .then((channel) => {
          channel.on('error', (err: Error) =>
            this.logger.warn({ err, broker: 'amqp' }, 'AMQP channel error'),
          );
          // A failed assert closes the channel; the next publish opens a new one.
          channel.on('close', () => {
            if (this.publishing === attempt) this.publishing = undefined;
          });
          return { channel, declared: new Set<string>() };
        });
      attempt.catch(() => {
        if (this.publishing === attempt) this.publishing = undefined;
      });
      this.publishing = attempt;
    }
    return this.publishing;
  }
}

async function declare(channel: Channel, destination: AmqpDestination, declared: Set<string>): Promise<void> {
  const key = describe(destination);
  if (declared.has(key)) return;
  if (destination.kind === 'amqp_queue') {
    await channel.assertQueue(destination.queue, { durable: destination.durable });
  } else {
    await channel.assertExchange(destination.exchange, destination.exchangeType, {
      durable: destination.durable,
    });
  }
  declared.add(key);
}

/** The queue to consume: the named one, or the exchange's bind queue bound with the routing key. */
async function bindQueue(channel: Channel, destination: AmqpDestination): Promise<string> {
  if (destination.kind === 'amqp_queue') {
    await channel.assertQueue(destination.queue, { durable: destination.durable });
    return destination.queue;
  }
  await channel.assertExchange(destination.exchange, destination.exchangeType, {
    durable: destination.durable,
  });
  const { queue } = await channel.assertQueue(destination.bindQueueName, { durable: destination.durable });
  await channel.bindQueue(queue, destination.exchange, destination.routingKey);
  return queue;
}

function describe(destination: AmqpDestination): string {
  return destination.kind === 'amqp_queue'
    ? `queue ${destination.queue}`
    : `exchange ${destination.exchange} (${destination.routingKey})`;
}

/**
 * Closing something already closed throws (sometimes synchronously), and a close the broker never answers
 * would hold up shutdown; either way we are done with it.
 */
async function closeQuietly(closable: { close(): Promise<void> } | undefined): Promise<void> {
  try {
    if (closable) await withDeadline(closable.close(), CLOSE_TIMEOUT_MS, 'AMQP close');
  } catch {
    // already closed, or the broker is gone
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
