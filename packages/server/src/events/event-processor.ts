/**
 * Consumes Baton's durable internal event queue (`conductor:...` events and the queue-update statuses). Each
 * claimed message is handed to `handle` and acknowledged only after that returned, so a crash in between
 * delivers the message again when its lease runs out (at-least-once). A message whose handling throws (the
 * store failing, say) is left unacknowledged and comes back after its lease.
 *
 * States:
 * - idle: created, or stopped; nothing is claimed.
 * - running: claims a batch (oldest first), handles its messages one by one in order, acknowledges each;
 *   when nothing is visible it sleeps until `wake()` or the poll interval (other processes may publish too).
 * - stopping: `stop()` was called; the batch in hand is finished, nothing new is claimed; then idle.
 */
import type { EventMessage, Store, StoreTx } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';

/** Writes that belong with the acknowledgement (the event monitor's records), run in its transaction. */
export type AckWrite = (tx: StoreTx) => Promise<void>;

export interface EventProcessorDeps {
  store: Store;
  handle: (message: EventMessage) => Promise<AckWrite | void>;
  logger: FastifyBaseLogger;
  clock?: () => number;
  /** How often an idle processor looks for messages it was not woken for. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How long a claimed message stays hidden before it is delivered again. Default 60 s. */
  leaseMs?: number;
  /** Messages claimed at a time. Default 16. */
  batchSize?: number;
}

export type EventProcessorState = 'idle' | 'running' | 'stopping';

const ERROR_BACKOFF_MS = 1000;

export class EventProcessor {
  private mode: EventProcessorState = 'idle';
  private loop: Promise<void> | undefined;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: EventProcessorDeps) {
    this.now = deps.clock ?? Date.now;
  }

  get state(): EventProcessorState {
    return this.mode;
  }

  start(): void {
    if (this.mode !== 'idle') return;
    this.mode = 'running';
    this.loop = this.run();
  }

  /** Resolves once the batch in hand is done. */
  async stop(): Promise<void> {
    if (this.mode === 'running') this.mode = 'stopping';
    this.wake();
    await this.loop;
    this.loop = undefined;
    this.mode = 'idle';
  }

  /** A message was published: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /**
   * Handles every message visible now, whether or not the loop runs (claims are exclusive, so the two never
   * get the same message). Returns how many were handled. Meant for tests and tools.
   */
  async processVisible(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.processBatch();
      total += handled;
      if (handled === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.mode === 'running') {
      this.woken = false;
      let handled: number;
      try {
        handled = await this.processBatch();
      } catch (err) {
        this.deps.logger.error({ err }, 'event queue processing failed');
        await this.sleep(ERROR_BACKOFF_MS);
        continue;
      }
      if (handled === 0 && !this.woken) await this.sleep(this.deps.pollIntervalMs ?? 1000);
    }
  }

  /** Claims one batch and handles it; the number of messages claimed. */
  private async processBatch(): Promise<number> {
    const { store, leaseMs = 60_000, batchSize = 16 } = this.deps;
    const messages = await store.transact((tx) => tx.claimEventMessages(this.now(), batchSize, leaseMs));
    for (const message of messages) {
      let withAck: AckWrite | void;
      try {
        withAck = await this.deps.handle(message);
      } catch (err) {
        this.deps.logger.error(
          { err, queue: message.queueName, messageId: message.messageId },
          'event message not handled; it will be delivered again',
        );
        continue;
      }
      // Recorded once, with the acknowledgement: a redelivered message is not recorded twice.
      await store.transact(async (tx) => {
        if (withAck) await withAck(tx);
        return tx.ackEventMessage(message.seq);
      });
    }
    return messages.length;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.mode !== 'running') return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}
