/**
 * The two ways a WAIT names its end (§5): a `duration` such as `30s`, `10m20s` or `1 days 2 hours` (units
 * in the order d, h, m, s; case-insensitive), or an `until` instant `yyyy-MM-dd HH:mm z`,
 * `yyyy-MM-dd HH:mm` or `yyyy-MM-dd`. Without a zone, `until` is read in this process's local time zone
 * (Conductor uses the server's zone); set TZ for the server to pin it.
 */

const DURATION =
  /^\s*(?:(\d+)\s*(?:days?|d))?\s*(?:(\d+)\s*(?:hours?|hrs?|h))?\s*(?:(\d+)\s*(?:minutes?|mins?|m))?\s*(?:(\d+)\s*(?:seconds?|secs?|s))?\s*$/i;

/** The duration in milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = match.slice(1).map((n) => Number(n ?? 0));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

const UNTIL = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?: (\S+))?)?$/;

/** Epoch milliseconds, or undefined when the text is not one of the formats (or names an unknown zone). */
export function parseUntil(text: string): number | undefined {
  const match = UNTIL.exec(text.trim());
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = match.slice(1, 6).map((n) => Number(n ?? 0));
  const zone = match[6];
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59) return undefined;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute);
  if (zone === undefined) return new Date(year, month - 1, day, hour, minute).getTime();
  const offset = fixedOffsetMs(zone);
  if (offset !== undefined) return wallClock - offset;
  return inNamedZone(wallClock, zone);
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Common abbreviations Java's `z` pattern accepts, in hours from UTC. */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  CET: 1,
  CEST: 2,
  EET: 2,
  EEST: 3,
  WET: 0,
  WEST: 1,
  BST: 1,
  JST: 9,
};

const OFFSET = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** `UTC`, `PST`, `+05:30`, `GMT-0800`, ... as an offset; undefined for anything else. */
function fixedOffsetMs(zone: string): number | undefined {
  const hours = ABBREVIATIONS[zone.toUpperCase()];
  if (hours !== undefined) return hours * 3_600_000;
  const match = OFFSET.exec(zone);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3] ?? 0)) * 60_000;
}

/** A wall-clock time in an IANA zone (`Europe/Paris`) as an instant; undefined for an unknown zone. */
function inNamedZone(wallClock: number, zone: string): number | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const offsetAt = (instant: number): number => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(instant)) parts[part.type] = Number(part.value);
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
    return asUtc - instant;
  };
  // Two rounds settle the offset, also next to a daylight-saving change.
  const first = wallClock - offsetAt(wallClock);
  return wallClock - offsetAt(first);
}
