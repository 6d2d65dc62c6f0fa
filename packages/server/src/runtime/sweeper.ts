/**
 * Fires durable timers: every tick it claims the workflows whose timer is due and runs a decide pass for
 * each. Claiming re-arms a timer a little later, so a crash between claim and decide only delays it. Once a
 * minute it also drops the external payloads stored ahead of requests that then failed (pending ones, see
 * `Store.storeExternalPayload`).
 *
 * States: idle -> running (ticking every `intervalMs`) -> stopping (waits for the tick in flight) -> idle.
 */
import type { Store } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';

const TICK_MS = 100;
const CLAIM_LIMIT = 200;
/** A claimed timer fires again after this long unless the decide pass sets it anew. */
const REARM_MS = 30_000;
/** How often pending payloads are swept, and how old (wall clock) one is when no transaction will settle it. */
const PAYLOAD_SWEEP_EVERY_MS = 60_000;
export const PENDING_PAYLOAD_TTL_MS = 10 * 60_000;
const PAYLOAD_SWEEP_LIMIT = 100;

export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private lastPayloadSweep = Date.now();

  constructor(
    private readonly store: Store,
    private readonly decide: (workflowId: string) => Promise<void>,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number,
    /** Told after each pass that fired timers: how many, how late the pass started, how long it took. */
    private readonly onSwept: (pass: { fired: number; lagMs: number; durationMs: number }) => void = () => {},
  ) {}

  start(): void {
    if (this.timer) return;
    let due = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      // A pass starts late when the event loop is busy or the previous pass is still running.
      const lagMs = Math.max(0, performance.now() - due);
      due = performance.now() + TICK_MS;
      this.inFlight ??= this.tick(lagMs)
        .then(() => this.sweepPayloadsWhenDue())
        .finally(() => (this.inFlight = undefined));
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private async sweepPayloadsWhenDue(): Promise<void> {
    if (Date.now() - this.lastPayloadSweep < PAYLOAD_SWEEP_EVERY_MS) return;
    this.lastPayloadSweep = Date.now();
    await this.sweepPayloads(Date.now());
  }

  /** Drops the payloads pending for longer than PENDING_PAYLOAD_TTL_MS at `now`; how many. Exposed for tests. */
  async sweepPayloads(now: number): Promise<number> {
    let dropped = 0;
    try {
      let batch: number;
      do {
        batch = await this.store.sweepPendingPayloads(now - PENDING_PAYLOAD_TTL_MS, PAYLOAD_SWEEP_LIMIT);
        dropped += batch;
      } while (batch === PAYLOAD_SWEEP_LIMIT);
    } catch (err) {
      this.logger.error({ err }, 'sweeping pending payloads failed');
    }
    return dropped;
  }

  /** One pass: fire every due timer. Exposed for tests. */
  async tick(lagMs = 0): Promise<void> {
    const started = performance.now();
    try {
      const due = await this.store.transact((tx) => tx.claimDueTimers(this.now(), CLAIM_LIMIT, REARM_MS));
      const results = await Promise.allSettled(due.map((id) => this.decide(id)));
      if (due.length > 0) this.onSwept({ fired: due.length, lagMs, durationMs: performance.now() - started });
      for (const [i, r] of results.entries()) {
        if (r.status === 'rejected')
          this.logger.error({ err: r.reason, workflowId: due[i] }, 'timer decide failed');
      }
    } catch (err) {
      this.logger.error({ err }, 'sweeper tick failed');
    }
  }
}
