/**
 * The per-lane limit of a system-task executor (executors/executor.ts `ExecutorConcurrency`): counts what each
 * lane runs, and admits a popped task at hand-out only while its lane has room. A refused task stays SCHEDULED
 * and its message is postponed until about when the lane could take it: the lane's tasks wait in line (the
 * n-th of them about n / limit times as long as the lane's calls have been taking, measured by its youngest
 * running task), so a fast host gets its next tasks soon, and a host that holds every call for a minute is
 * not polled again every few milliseconds: each waiting task comes back about once per turn of the lane.
 */
import type { Task } from '@baton/protocol';
import type { ExecutorConcurrency } from '../executors/executor.js';

export const MIN_LANE_POSTPONE_MS = 25;
export const MAX_LANE_POSTPONE_MS = 30_000;
/** Waiting tasks remembered per lane; beyond, a refused task waits the longest. */
const MAX_REMEMBERED = 10_000;

/** For one hand-out: undefined admits the task (and counts it), a number postpones it by that many ms. */
export type LaneAdmission = (task: Task) => number | undefined;

type Lanes = NonNullable<ExecutorConcurrency['lanes']>;

interface Lane {
  /** Start times (epoch ms) of the tasks it runs. */
  starts: number[];
  /** Tasks refused and postponed, in line. */
  waiting: Set<string>;
}

export class LaneLimits {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly spec: Lanes,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh admission per hand-out transaction (the store may run one again: each run counts anew). */
  admission(): LaneAdmission {
    const admitted = new Map<string, number>();
    return (task) => {
      const name = this.spec.of(task);
      const lane = this.lanes.get(name);
      lane?.waiting.delete(task.taskId); // back from waiting, or never was
      const taken = admitted.get(name) ?? 0;
      if ((lane?.starts.length ?? 0) + taken < this.spec.limit) {
        admitted.set(name, taken + 1);
        return undefined;
      }
      // Full with tasks of this very hand-out alone: they start now.
      if (!lane || lane.starts.length === 0) return MIN_LANE_POSTPONE_MS;
      const { starts, waiting } = lane;
      if (waiting.size >= MAX_REMEMBERED) return MAX_LANE_POSTPONE_MS;
      const place = waiting.size;
      waiting.add(task.taskId);
      const youngestAgeMs = this.now() - Math.max(...starts);
      const waitMs = youngestAgeMs * (1 + Math.floor(place / this.spec.limit));
      return Math.min(MAX_LANE_POSTPONE_MS, Math.max(MIN_LANE_POSTPONE_MS, waitMs));
    };
  }

  /** Counts a handed-out task in its lane; pass the result to `end`. */
  start(task: Task): { lane: string; startedAt: number } {
    const name = this.spec.of(task);
    const startedAt = this.now();
    const lane = this.lanes.get(name);
    if (lane) lane.starts.push(startedAt);
    else this.lanes.set(name, { starts: [startedAt], waiting: new Set() });
    return { lane: name, startedAt };
  }

  end({ lane: name, startedAt }: { lane: string; startedAt: number }): void {
    const lane = this.lanes.get(name);
    if (!lane) return;
    lane.starts.splice(lane.starts.indexOf(startedAt), 1);
    // An idle lane forgets its line: tasks that left it another way (their workflow ended) are not counted.
    if (lane.starts.length === 0) this.lanes.delete(name);
  }
}
