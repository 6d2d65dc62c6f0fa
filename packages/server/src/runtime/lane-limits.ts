/**
 * The per-lane limit of a system-task executor (executors/executor.ts `ExecutorConcurrency`): counts what each
 * lane runs, and admits a popped task at hand-out only while its lane has room. A refused task stays SCHEDULED
 * and its message is postponed: the first `limit` refused of a lane come back after LANE_POSTPONE_MS, the next
 * `limit` after twice that, and so on up to MAX_LANE_POSTPONE_MS, so a deep backlog on one host is spread out
 * instead of being popped again on every poll.
 */
import type { Task } from '@baton/protocol';
import type { ExecutorConcurrency } from '../executors/executor.js';

export const LANE_POSTPONE_MS = 100;
export const MAX_LANE_POSTPONE_MS = 10_000;

/** For one hand-out: undefined admits the task (and counts it), a number postpones it by that many ms. */
export type LaneAdmission = (task: Task) => number | undefined;

type Lanes = NonNullable<ExecutorConcurrency['lanes']>;

export class LaneLimits {
  private readonly running = new Map<string, number>();

  constructor(private readonly lanes: Lanes) {}

  /** A fresh admission per hand-out transaction (the store may run one again: each run counts anew). */
  admission(): LaneAdmission {
    const admitted = new Map<string, number>();
    const refused = new Map<string, number>();
    return (task) => {
      const lane = this.lanes.of(task);
      const taken = admitted.get(lane) ?? 0;
      if ((this.running.get(lane) ?? 0) + taken < this.lanes.limit) {
        admitted.set(lane, taken + 1);
        return undefined;
      }
      const rank = refused.get(lane) ?? 0;
      refused.set(lane, rank + 1);
      return Math.min(MAX_LANE_POSTPONE_MS, LANE_POSTPONE_MS * (1 + Math.floor(rank / this.lanes.limit)));
    };
  }

  /** Counts a handed-out task in its lane; returns the lane, for `end`. */
  start(task: Task): string {
    const lane = this.lanes.of(task);
    this.running.set(lane, (this.running.get(lane) ?? 0) + 1);
    return lane;
  }

  end(lane: string): void {
    const left = (this.running.get(lane) ?? 0) - 1;
    if (left > 0) this.running.set(lane, left);
    else this.running.delete(lane);
  }
}
