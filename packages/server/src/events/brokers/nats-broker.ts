/**
 * NATS (core, at-most-once) for `nats:` events: publishes EVENT task messages and feeds subscribed subjects to
 * the handlers. One connection, opened on first use; the client reconnects on its own once connected, and a
 * subscription whose connection could not be opened keeps retrying with backoff until closed.
 */
import { connect, type Msg, type NatsConnection } from 'nats';
import type { FastifyBaseLogger } from 'fastify';
import type { BrokerSubscription, DeliveryHandler } from './broker.js';
import { backoffMs, pause, withDeadline } from './deadline.js';

const CONNECT_TIMEOUT_MS = 5000;
/** Publishing waits for the server to have the message (a flush round trip). */
const PUBLISH_TIMEOUT_MS = 5000;

export interface NatsSubscription extends BrokerSubscription {
  /** True once subscribed on the server, false when the first attempt failed (it goes on retrying). */
  readonly ready: Promise<boolean>;
}

export class NatsBroker {
  private connecting: Promise<NatsConnection> | undefined;
  private closed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    readonly url: string,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async publish(subject: string, body: string, signal?: AbortSignal): Promise<void> {
    const send = async (): Promise<void> => {
      const nc = await this.connection();
      nc.publish(subject, this.encoder.encode(body));
      await nc.flush();
    };
    // A flush in flight when the connection drops fails; the second try waits for the reconnect.
    const attempts = send().catch(() => send());
    await withDeadline(attempts, PUBLISH_TIMEOUT_MS, `NATS publish to ${subject}`, signal);
  }

  /** Messages are handled one at a time, in arrival order. */
  subscribe(subject: string, queueGroup: string | undefined, onMessage: DeliveryHandler): NatsSubscription {
    const stop = new AbortController();
    let unsubscribe: (() => void) | undefined;
    let settleReady: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => {
      settleReady = (ok) => {
        resolve(ok);
        settleReady = () => {};
      };
    });
    const log = this.logger.child({ broker: 'nats', subject });

    const run = async (): Promise<void> => {
      for (let attempt = 0; !stop.signal.aborted; attempt++) {
        try {
          const nc = await this.connection();
          if (stop.signal.aborted) break;
          let chain = Promise.resolve();
          const sub = nc.subscribe(subject, {
            queue: queueGroup,
            callback: (err, msg: Msg) => {
              if (err) return log.warn({ err }, 'NATS subscription error');
              chain = chain
                .then(() => onMessage({ body: msg.string() }))
                .catch((e: unknown) => {
                  log.error({ err: e }, 'NATS message not handled');
                });
            },
          });
          unsubscribe = () => sub.unsubscribe();
          await withDeadline(nc.flush(), PUBLISH_TIMEOUT_MS, `NATS subscribe to ${subject}`);
          log.info('subscribed');
          settleReady(true);
          attempt = 0;
          await sub.closed;
          await chain;
        } catch (err) {
          if (stop.signal.aborted) break;
          log.warn({ err }, 'NATS subscription failed; retrying');
          settleReady(false);
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
        unsubscribe?.();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    const nc = await connecting?.catch(() => undefined);
    await nc?.close().catch(() => undefined);
  }

  private connection(): Promise<NatsConnection> {
    if (this.closed) return Promise.reject(new Error('the NATS client is closed'));
    if (!this.connecting) {
      const attempt: Promise<NatsConnection> = connect({
        servers: this.url,
        name: 'baton',
        timeout: CONNECT_TIMEOUT_MS,
        reconnect: true,
        maxReconnectAttempts: -1,
      }).then((nc) => {
        // A closed connection (it only closes for good) is replaced on next use.
        void nc.closed().then(() => {
          if (this.connecting === attempt) this.connecting = undefined;
        });
        return nc;
      });
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = undefined;
      });
      this.connecting = attempt;
    }
    return this.connecting;
  }
}
