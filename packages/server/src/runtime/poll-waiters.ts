/**
 * Long-poll waiters, per queue. A poll that finds its queue empty waits here until a task is queued for it,
 * a delayed message becomes visible, its own deadline passes, or the runtime stops.
 *
 * States of a waiter: waiting -> woken (resolve true: try the queue again) | expired (resolve false).
 * `notify` wakes at most `count` waiters, oldest first, so one queued task does not stampede every poller.
 * A notify that finds nobody parked is kept (by version) for one poller that was busy looking meanwhile and
 * looked before it: only that one looks again, not every poller for every task queued while they looked
 * (under load update-v2 hand-outs usually take those tasks first, and the extra looks would find nothing).
 *
 * A waiter may leave its hand-out (`take`) with its wait: the transaction that queues a task for it can then
 * `claim` it and run that hand-out itself, and the waiter gets the tasks once that transaction committed (one
 * transaction and one event-loop turn less between a task queued and a worker holding it).
 */
interface Waiter<Take, Handed> {
  resolve: (outcome: WaitOutcome<Handed>) => void;
  timer: NodeJS.Timeout;
  take: Take | undefined;
}

/** False: the deadline passed; true: woken, look again; `{ handed }`: tasks a claim handed out. */
export type WaitOutcome<Handed> = boolean | { handed: Handed };

/** A parked waiter taken out of line by a transaction that runs its hand-out; `settle` it after that. */
export interface Claim<Take, Handed> {
  take: Take;
  /** After the commit: the tasks handed out. Without them (nothing taken, or rolled back): look again. */
  settle(handed?: Handed): void;
}

/** Kept per queue; older ones are dropped (a poller then waits for its next wake-up or deadline). */
const MAX_UNABSORBED = 10_000;

export class PollWaiters<Take = never, Handed = never> {
  private readonly byQueue = new Map<string, Array<Waiter<Take, Handed>>>();
  /** One timer per queue for the earliest delayed message we know of. */
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  /** Bumped on every notify, so a poller can tell whether something arrived since it last looked. */
  private readonly versions = new Map<string, number>();
  /** Versions of the notifies that woke nobody, oldest first, per queue. */
  private readonly unabsorbed = new Map<string, number[]>();
  private closed = false;

  version(queueName: string): number {
    return this.versions.get(queueName) ?? 0;
  }

  /**
   * Resolves true when woken (the queue may have something), false at the deadline, `{ handed }` when a
   * transaction claimed this waiter and ran `take` for it. `seenVersion` is the `version()` read before the
   * poller last looked at the queue: if a notify came since, it returns at once.
   */
  wait(queueName: string, timeoutMs: number, seenVersion: number, take?: Take): Promise<WaitOutcome<Handed>> {
    const missed = this.unabsorbed.get(queueName);
    if (missed) {
      // A notify at or before `seenVersion` came before this poller looked: it saw that task, or it was gone.
      let stale = 0;
      while (stale < missed.length && missed[stale]! <= seenVersion) stale++;
      if (stale > 0) missed.splice(0, stale);
      const claimed = missed.length > 0;
      if (claimed) missed.shift();
      if (missed.length === 0) this.unabsorbed.delete(queueName);
      if (claimed) return Promise.resolve(true);
    }
    if (this.closed || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter<Take, Handed> = {
        resolve,
        take,
        timer: setTimeout(() => {
          this.remove(queueName, waiter);
          resolve(false);
        }, timeoutMs),
      };
      const list = this.byQueue.get(queueName);
      if (list) list.push(waiter);
      else this.byQueue.set(queueName, [waiter]);
    });
  }

  /** Wakes up to `count` waiters now, or schedules a wake-up for a message visible at `visibleAt`. */
  notify(queueName: string, visibleAt: number, now: number, count = 1): void {
    if (visibleAt > now) {
      this.notifyLater(queueName, visibleAt, now);
      return;
    }
    const version = this.version(queueName) + 1;
    this.versions.set(queueName, version);
    const list = this.byQueue.get(queueName);
    let woken = 0;
    for (; woken < count && list && list.length > 0; woken++) {
      const waiter = list.shift()!;
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
    if (list?.length === 0) this.byQueue.delete(queueName);
    if (woken === 0) {
      const missed = this.unabsorbed.get(queueName);
      if (!missed) this.unabsorbed.set(queueName, [version]);
      else if (missed.push(version) > MAX_UNABSORBED) missed.shift();
    }
  }

  /**
   * Takes the oldest waiter of the queue that left a hand-out out of line (no notify or deadline reaches it
   * any more): the caller runs `take` in its transaction and must `settle` the claim whatever happens.
   */
  claim(queueName: string): Claim<Take, Handed> | undefined {
    const list = this.byQueue.get(queueName);
    const i = list?.findIndex((w) => w.take !== undefined) ?? -1;
    if (!list || i < 0) return undefined;
    const [waiter] = list.splice(i, 1);
    if (list.length === 0) this.byQueue.delete(queueName);
    clearTimeout(waiter!.timer);
    return {
      take: waiter!.take!,
      settle: (handed) => waiter!.resolve(handed === undefined ? true : { handed }),
    };
  }

  /** True once `close` ran: long-polls should answer now. */
  get isClosed(): boolean {
    return this.closed;
  }

  hasWaiters(queueName: string): boolean {
    return this.waiting(queueName) > 0;
  }

  /** Pollers parked on the queue now. */
  waiting(queueName: string): number {
    return this.byQueue.get(queueName)?.length ?? 0;
  }

  /** Releases every waiter (they answer with nothing) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const list of this.byQueue.values()) {
      for (const w of list) {
        clearTimeout(w.timer);
        w.resolve(false);
      }
    }
    this.byQueue.clear();
    for (const d of this.delayed.values()) clearTimeout(d.timer);
    this.delayed.clear();
  }

  private notifyLater(queueName: string, at: number, now: number): void {
    const existing = this.delayed.get(queueName);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(queueName);
      this.notify(queueName, 0, 0, Number.MAX_SAFE_INTEGER);
    }, at - now);
    timer.unref();
    this.delayed.set(queueName, { at, timer });
  }

  private remove(queueName: string, waiter: Waiter<Take, Handed>): void {
    const list = this.byQueue.get(queueName);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byQueue.delete(queueName);
  }
}
