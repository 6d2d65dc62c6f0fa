import { formatTime } from '../format.js';
import { useTimeZoneMode } from '../preferences/store.js';

/** An instant in the zone the viewer chose, with the zone named. */
export function Time({ value }: { value: number | string | undefined }) {
  const zone = useTimeZoneMode();
  const text = formatTime(value, zone);
  const iso = isoOf(value);
  return iso ? <time dateTime={iso}>{text}</time> : <>{text}</>;
}

function isoOf(value: number | string | undefined): string | undefined {
  if (value === undefined || value === 0 || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
