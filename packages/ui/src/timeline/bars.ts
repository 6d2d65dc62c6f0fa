/**
 * The timeline's geometry: one bar per task attempt on a shared time axis, as percentages of the run's
 * span. A bar has a waiting part (scheduled → picked up) and a working part (picked up → ended, or now
 * while the task runs).
 */
import type { Task } from '../api/types.js';
import { formatDuration } from '../format.js';

export interface TimelineBar {
  task: Task;
  /** Left edge of the waiting part, in % of the axis. */
  scheduledAt: number;
  /** Where work started (= scheduledAt when it never started), in %. */
  startedAt: number;
  /** Right edge, in %. */
  endedAt: number;
  running: boolean;
}

export interface TimelineModel {
  bars: TimelineBar[];
  /** Epoch ms at the left and right of the axis. */
  from: number;
  to: number;
  ticks: Array<{ at: number; label: string }>;
}

const TICKS = 5;

export function buildTimeline(tasks: readonly Task[], now: number): TimelineModel {
  const timed = [...tasks].filter((t) => t.scheduledTime > 0).sort((a, b) => a.seq - b.seq);
  const endOf = (t: Task): number =>
    t.endTime || (isRunning(t) ? now : t.updateTime || t.startTime || t.scheduledTime);
  if (timed.length === 0) return { bars: [], from: now, to: now, ticks: [] };
  const from = Math.min(...timed.map((t) => t.scheduledTime));
  const to = Math.max(...timed.map(endOf));
  const span = Math.max(to - from, 1);
  const pct = (ms: number): number => Math.min(100, Math.max(0, ((ms - from) / span) * 100));
  const bars = timed.map((task): TimelineBar => {
    const scheduledAt = pct(task.scheduledTime);
    return {
      task,
      scheduledAt,
      startedAt: task.startTime ? pct(task.startTime) : scheduledAt,
      endedAt: pct(endOf(task)),
      running: isRunning(task),
    };
  });
  const ticks = Array.from({ length: TICKS }, (_, i) => {
    const at = (i / (TICKS - 1)) * 100;
    return { at, label: i === 0 ? '0' : `+${formatDuration((span * at) / 100)}` };
  });
  return { bars, from, to, ticks };
}

const isRunning = (task: Task): boolean => task.status === 'IN_PROGRESS' || task.status === 'SCHEDULED';
