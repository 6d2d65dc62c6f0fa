/** How times, durations and JSON read on screen. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: 2024-06-01, 24-hour time with milliseconds, the zone's short name. */
function formatterFor(zone: 'local' | 'utc'): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      ...(zone === 'utc' && { timeZone: 'UTC' }),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Epoch ms (0 = never) or an ISO string, in UTC or the viewer's local time, with the zone named (`UTC`,
 * `GMT+9`, `CET`: the local name follows daylight saving time on that date).
 */
export function formatTime(value: number | string | undefined, zone: 'local' | 'utc' = 'local'): string {
  if (value === undefined || value === 0 || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = formatterFor(zone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return (
    `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}` +
    `.${get('fractionalSecond')} ${get('timeZoneName')}`
  );
}

/** The viewer's zone as the browser names it (`Europe/Paris`). */
export const localZoneName = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** 850 ms, 12.3 s, 4 m 05 s, 2 h 03 m. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} m`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The span between two epoch-ms instants, running up to `now` while it has no end. */
export function spanMs(
  start: number | undefined,
  end: number | undefined,
  now = Date.now(),
): number | undefined {
  if (!start) return undefined;
  return (end || now) - start;
}

export const toJson = (value: unknown): string => JSON.stringify(value ?? null, null, 2);

/** "3 s ago", "5 m ago" for recent instants. */
export function formatAgo(ms: number, now = Date.now()): string {
  if (!ms) return 'never';
  const elapsed = Math.max(0, now - ms);
  if (elapsed < 1000) return 'just now';
  return `${formatDuration(elapsed).replace(/\.\d+ s$/, ' s')} ago`;
}
