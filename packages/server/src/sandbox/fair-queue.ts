/**
 * The waiting room of a sandbox pool: one FIFO queue per owner (a workflow), served round-robin, so one
 * owner's backlog never sits in front of another owner's first job. An owner occupies at most `perOwner`
 * workers at once, and the room holds at most `maxQueued` jobs, `maxQueuedPerOwner` of them from one owner.
 * Jobs without an owner share one queue that the per-owner limits do not apply to.
 */
export interface FairQueueLimits {
  /** Workers one owner may occupy at once. */
  perOwner: number;
  maxQueued: number;
  maxQueuedPerOwner: number;
}

/** The queue of jobs without an owner. */
export const SHARED_OWNER = '';
const SHARED = SHARED_OWNER;

export class FairQueue<J> {
  /** Owners with waiting jobs; the Map's insertion order is the round-robin order. */
  private readonly waiting = new Map<string, J[]>();
  /** Workers each owner occupies. */
  private readonly busy = new Map<string, number>();
  private queued = 0;

  constructor(private readonly limits: FairQueueLimits) {}

  get length(): number {
    return this.queued;
  }

  /** Why `owner` may not queue another job right now, or undefined when it may. */
  refusal(owner: string | undefined): string | undefined {
    if (this.queued >= this.limits.maxQueued) return `${this.queued} evaluations are waiting`;
    const mine = this.waiting.get(owner ?? SHARED)?.length ?? 0;
    if (owner !== undefined && mine >= this.limits.maxQueuedPerOwner)
      return `${mine} evaluations of this workflow are waiting`;
    return undefined;
  }

  /** Queues a job at the back of its owner's queue; check `refusal` first. */
  push(owner: string | undefined, job: J): void {
    this.queueOf(owner ?? SHARED).push(job);
    this.queued++;
  }

  /** Puts jobs back at the head of their owner's queue (a retry of admitted work, so no limit applies). */
  putBack(owner: string, jobs: readonly J[]): void {
    if (jobs.length === 0) return;
    this.queueOf(owner).unshift(...jobs);
    this.queued += jobs.length;
  }

  /** The first owner in round-robin order that has waiting jobs and may occupy another worker. */
  nextOwner(): string | undefined {
    for (const owner of this.waiting.keys()) {
      if (owner === SHARED || (this.busy.get(owner) ?? 0) < this.limits.perOwner) return owner;
    }
    return undefined;
  }

  /** How many workers `owner` could use for its waiting jobs. */
  workersFor(owner: string): number {
    return owner === SHARED ? Infinity : this.limits.perOwner;
  }

  /**
   * Takes the jobs `select` picks from `owner`'s queue (in queue order) for one worker: the owner then
   * occupies one more worker and goes to the back of the round-robin order.
   */
  take(owner: string, select: (jobs: readonly J[]) => J[]): J[] {
    const jobs = this.waiting.get(owner) ?? [];
    const taken = select(jobs);
    const picked = new Set(taken);
    const left = jobs.filter((job) => !picked.has(job));
    this.waiting.delete(owner);
    if (left.length > 0) this.waiting.set(owner, left);
    this.queued -= taken.length;
    this.busy.set(owner, (this.busy.get(owner) ?? 0) + 1);
    return taken;
  }

  /** `owner` no longer occupies one of its workers. */
  release(owner: string): void {
    const busy = (this.busy.get(owner) ?? 0) - 1;
    if (busy > 0) this.busy.set(owner, busy);
    else this.busy.delete(owner);
  }

  /** Empties the room; returns every waiting job. */
  drain(): J[] {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    this.queued = 0;
    return all;
  }

  private queueOf(owner: string): J[] {
    let queue = this.waiting.get(owner);
    if (!queue) {
      queue = [];
      this.waiting.set(owner, queue);
    }
    return queue;
  }
}
