/** WAIT: holds the workflow for a duration, until a time, or until signalled (task update by reference name). */
import { TaskBuilder } from '../task-builder.js';

export interface WaitOptions {
  /** Seconds to wait (sent as the `duration` `"<n>s"`). */
  waitForSeconds?: number;
  /** A Conductor duration such as `"10m20s"` or `"1 days 2 hours"`. */
  duration?: string;
  /** A moment: a Date, or a string `"yyyy-MM-dd HH:mm z"` / `"yyyy-MM-dd"`. */
  until?: Date | string;
}

/**
 * Without options it waits for a signal.
 *
 * @example
 * const twoSeconds = new WaitTask('wait_for_2_sec', { waitForSeconds: 2 });
 * const tillJan = new WaitTask('wait_till_jan', { until: '2030-01-31 00:00 UTC' });
 * const signal = new WaitTask('wait_for_signal');
 */
export class WaitTask extends TaskBuilder<Record<string, unknown>> {
  constructor(taskReferenceName: string, options: WaitOptions = {}) {
    const input: Record<string, string> = {};
    const duration = options.waitForSeconds !== undefined ? `${options.waitForSeconds}s` : options.duration;
    if (duration !== undefined && options.until !== undefined) {
      throw new Error(`WAIT task ${taskReferenceName}: give a duration or an until time, not both`);
    }
    if (duration !== undefined) input.duration = duration;
    if (options.until !== undefined) input.until = formatUntil(options.until);
    super(taskReferenceName, taskReferenceName, 'WAIT', input);
  }
}

/** Conductor parses `yyyy-MM-dd HH:mm z`; a Date is written in UTC (seconds are dropped). */
function formatUntil(until: Date | string): string {
  if (typeof until === 'string') return until;
  const iso = until.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
