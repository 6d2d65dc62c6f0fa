/**
 * Fires durable timers: every tick it claims the workflows whose timer is due and runs a decide pass for
 * each. Claiming re-arms a timer a little later, so a crash between claim and decide only delays it.
 *
 * States: idle -> running (ticking every `intervalMs`) -> stopping (waits for the tick in flight) -> idle.
 */
import type { Store } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';

const TICK_MS = 100;
const CLAIM_LIMIT = 200;
/** A claimed timer fires again after this long unless the decide pass sets it anew. */
const REARM_MS = 30_000;

export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly decide: (workflowId: string) => Promise<void>,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.inFlight ??= this.tick().finally(() => (this.inFlight = undefined));
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** One pass: fire every due timer. Exposed for tests. */
  async tick(): Promise<void> {
    try {
      const due = await this.store.transact((tx) => tx.claimDueTimers(this.now(), CLAIM_LIMIT, REARM_MS));
      const results = await Promise.allSettled(due.map((id) => this.decide(id)));
      for (const [i, r] of results.entries()) {
        if (r.status === 'rejected')
          this.logger.error({ err: r.reason, workflowId: due[i] }, 'timer decide failed');
      }
    } catch (err) {
      this.logger.error({ err }, 'sweeper tick failed');
    }
  }
}
