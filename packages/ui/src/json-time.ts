/** Which numbers in a JSON view are instants, and how they read as ISO-8601 beside the raw epoch ms. */

/** Epoch ms between 1973 and 5138: a smaller number under a `…Time` key is a duration (`executionTime`). */
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = 1e14;

/** `startTime`, `createdTime`, `lastPollTime`, `timestamp`, `updatedAt`, holding epoch milliseconds. */
export function isEpochMsField(key: string | undefined, value: unknown): value is number {
  return (
    key !== undefined &&
    /(time|timestamp|At)$/i.test(key) &&
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= MIN_EPOCH_MS &&
    value < MAX_EPOCH_MS
  );
}

/** ISO-8601 in UTC (`…Z`) or in the viewer's zone with its offset (`…+09:00`). */
export function isoInZone(ms: number, zone: 'local' | 'utc'): string {
  const date = new Date(ms);
  if (zone === 'utc') return date.toISOString();
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const wallClock = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  return `${wallClock}${offset >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
