/**
 * Remembers when each queue was last polled (for the active-domain choice of §4.8) and decides when a
 * poll is worth persisting as PollData: at most once per second per (queue, worker), so polling at
 * thousands per second does not turn into as many writes.
 */
const PERSIST_EVERY_MS = 1000;

export class PollTracker {
  private readonly lastPoll = new Map<string, number>();
  private readonly lastPersisted = new Map<string, number>();

  constructor(initial: Iterable<{ queueName: string; lastPollTime: number }> = []) {
    for (const p of initial) {
      if ((this.lastPoll.get(p.queueName) ?? 0) < p.lastPollTime)
        this.lastPoll.set(p.queueName, p.lastPollTime);
    }
  }

  lastPollTime = (queueName: string): number | undefined => this.lastPoll.get(queueName);

  /** Another server saw this queue polled. */
  observe(queueName: string, at: number): void {
    if ((this.lastPoll.get(queueName) ?? 0) < at) this.lastPoll.set(queueName, at);
  }

  /** Records a poll in memory only; true when a write to the store is due (which `record` then makes). */
  touch(queueName: string, workerId: string | undefined, now: number): boolean {
    this.lastPoll.set(queueName, now);
    const last = this.lastPersisted.get(`${queueName}\u0000${workerId ?? ''}`) ?? 0;
    return now - last >= PERSIST_EVERY_MS;
  }

  /** Records a poll; true when it should also be written to the store. */
  record(queueName: string, workerId: string | undefined, now: number): boolean {
    this.lastPoll.set(queueName, now);
    const key = `${queueName}\u0000${workerId ?? ''}`;
    const last = this.lastPersisted.get(key) ?? 0;
    if (now - last < PERSIST_EVERY_MS) return false;
    this.lastPersisted.set(key, now);
    return true;
  }
}
