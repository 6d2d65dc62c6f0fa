/**
 * The executions list's filters, kept in the page URL (so a search can be shared and Back works) and turned
 * into a `GET /api/workflow/search` request in Conductor's query syntax (§6): statuses as `IN (...)` with
 * unquoted items, strings quoted, times as epoch ms, clauses joined with upper-case AND.
 */
import type { WorkflowStatus } from '../api/types.js';
import type { SearchParams } from '../api/workflows.js';
import { WORKFLOW_STATUSES } from '../status.js';

export interface ExecutionFilters {
  /** Free text (`*` or empty = everything). */
  freeText: string;
  /** A raw query in the §6 syntax, ANDed with the other filters. */
  query: string;
  statuses: WorkflowStatus[];
  workflowType: string;
  /** `datetime-local` values (in the zone the viewer chose), bounds on the start time. */
  from: string;
  to: string;
  /** `field:ASC|DESC`. */
  sort: string;
  start: number;
  size: number;
}

export const DEFAULT_SORT = 'startTime:DESC';
export const PAGE_SIZES = [25, 50, 100];

export function filtersFromUrl(query: URLSearchParams): ExecutionFilters {
  const number = (key: string, fallback: number): number => {
    const n = Number(query.get(key));
    return Number.isInteger(n) && n >= 0 && query.get(key) !== null ? n : fallback;
  };
  const statuses = (query.get('status') ?? '')
    .split(',')
    .filter((s): s is WorkflowStatus => (WORKFLOW_STATUSES as string[]).includes(s));
  return {
    freeText: query.get('text') ?? '',
    query: query.get('q') ?? '',
    statuses,
    workflowType: query.get('type') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    sort: query.get('sort') ?? DEFAULT_SORT,
    start: number('start', 0),
    size: PAGE_SIZES.includes(number('size', 0)) ? number('size', 0) : PAGE_SIZES[0]!,
  };
}

/** The URL query for filters; defaults are left out to keep links short. */
export function filtersToUrl(f: ExecutionFilters): Record<string, string | number | undefined> {
  return {
    text: f.freeText || undefined,
    q: f.query || undefined,
    status: f.statuses.join(',') || undefined,
    type: f.workflowType || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    sort: f.sort === DEFAULT_SORT ? undefined : f.sort,
    start: f.start || undefined,
    size: f.size === PAGE_SIZES[0] ? undefined : f.size,
  };
}

/** @param zone The zone the `from`/`to` wall-clock times are read in. */
export function toSearchParams(f: ExecutionFilters, zone: 'local' | 'utc' = 'local'): SearchParams {
  const clauses: string[] = [];
  if (f.workflowType) clauses.push(`workflowType = ${quote(f.workflowType)}`);
  if (f.statuses.length > 0) clauses.push(`status IN (${f.statuses.join(',')})`);
  const from = epochMs(f.from, zone);
  const to = epochMs(f.to, zone);
  // `>` and `<` are exclusive; the bounds a person picks are meant inclusive.
  if (from !== undefined) clauses.push(`startTime > ${from - 1}`);
  if (to !== undefined) clauses.push(`startTime < ${to + 1}`);
  if (f.query.trim()) clauses.push(clauses.length > 0 ? `(${f.query.trim()})` : f.query.trim());
  return {
    start: f.start,
    size: f.size,
    sort: f.sort,
    freeText: f.freeText.trim() || '*',
    ...(clauses.length > 0 && { query: clauses.join(' AND ') }),
  };
}

/** §6 has no escapes: a value is wrapped in whichever quote it does not contain. */
function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function epochMs(wallClock: string, zone: 'local' | 'utc'): number | undefined {
  if (!wallClock) return undefined;
  const ms = new Date(zone === 'utc' ? `${wallClock}Z` : wallClock).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** Clicking a column sorts by it, descending first; clicking again flips the order. */
export function nextSort(current: string, field: string): string {
  const [currentField, order] = current.split(':');
  if (currentField !== field) return `${field}:DESC`;
  return `${field}:${order === 'DESC' ? 'ASC' : 'DESC'}`;
}
