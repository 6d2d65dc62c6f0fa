/**
 * Cron ticks as Conductor computes them: Spring's 6-field expressions (second minute hour day-of-month month
 * day-of-week; `?`, `L`, `W`, `#`, names) read in an IANA zone, DST included, through croner. Day-of-month and
 * day-of-week must both match (Spring), not either (Vixie cron).
 */
import type { ValidationError } from '@baton/protocol';
import { Cron } from 'croner';

/** What the ticks of a schedule depend on. */
export interface CronBounds {
  cronExpression: string;
  zoneId?: string;
  scheduleStartTime?: number;
  scheduleEndTime?: number;
}

export const DEFAULT_ZONE = 'UTC';

/** Errors of an expression and zone (paths `cronExpression`, `zoneId`); empty when both are valid. */
export function cronErrors(cronExpression: string, zoneId: string = DEFAULT_ZONE): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!isZone(zoneId))
    errors.push({ path: 'zoneId', message: `Invalid time zone: ${zoneId}`, invalidValue: zoneId });
  const fields = cronExpression.trim().split(/\s+/).length;
  if (fields !== 6) {
    errors.push({
      path: 'cronExpression',
      message: `Cron expression must consist of 6 fields (found ${fields} in "${cronExpression}")`,
      invalidValue: cronExpression,
    });
  } else {
    try {
      cron(cronExpression, DEFAULT_ZONE);
    } catch (err) {
      const reason = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
      errors.push({
        path: 'cronExpression',
        message: `Invalid cron expression: ${reason}`,
        invalidValue: cronExpression,
      });
    }
  }
  return errors;
}

/**
 * The first tick strictly after `after` within the schedule's bounds (a tick exactly at `scheduleStartTime`
 * counts), or undefined when there is none before `scheduleEndTime`.
 */
export function nextTick(schedule: CronBounds, after: number): number | undefined {
  const { scheduleStartTime: start, scheduleEndTime: end } = schedule;
  const from = start !== undefined ? Math.max(after, start - 1) : after;
  const next = cron(schedule.cronExpression, schedule.zoneId ?? DEFAULT_ZONE).nextRun(new Date(from));
  if (!next) return undefined;
  const time = next.getTime();
  return end !== undefined && time > end ? undefined : time;
}

/** Up to `count` ticks after `after` (see `nextTick`). */
export function nextTicks(schedule: CronBounds, after: number, count: number): number[] {
  const ticks: number[] = [];
  for (let t = nextTick(schedule, after); t !== undefined && ticks.length < count; t = nextTick(schedule, t))
    ticks.push(t);
  return ticks;
}

function cron(expression: string, zoneId: string): Cron {
  return new Cron(expression.trim(), { timezone: zoneId, paused: true, domAndDow: true });
}

function isZone(zoneId: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zoneId });
    return true;
  } catch {
    return false;
  }
}
