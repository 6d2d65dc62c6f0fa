/**
 * The task search page's filters, kept in the URL like the executions list's, and turned into a
 * `GET /api/tasks/search-v2` request: statuses as `IN (...)`, ANDed with the raw query.
 */
import type { TaskStatus } from '../api/types.js';
import type { TaskSearchParams } from '../api/tasks.js';
import { TASK_STATUSES } from '../status.js';
import { PAGE_SIZES } from './filters.js';

export interface TaskFilters {
  freeText: string;
  query: string;
  statuses: TaskStatus[];
  start: number;
  size: number;
}

export function taskFiltersFromUrl(query: URLSearchParams): TaskFilters {
  const start = Number(query.get('start'));
  const size = Number(query.get('size'));
  return {
    freeText: query.get('text') ?? '',
    query: query.get('q') ?? '',
    statuses: (query.get('status') ?? '')
      .split(',')
      .filter((s): s is TaskStatus => (TASK_STATUSES as string[]).includes(s)),
    start: Number.isInteger(start) && start > 0 ? start : 0,
    size: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0]!,
  };
}

export function taskFiltersToUrl(f: TaskFilters): Record<string, string | number | undefined> {
  return {
    text: f.freeText || undefined,
    q: f.query || undefined,
    status: f.statuses.join(',') || undefined,
    start: f.start || undefined,
    size: f.size === PAGE_SIZES[0] ? undefined : f.size,
  };
}

export function toTaskSearchParams(f: TaskFilters): TaskSearchParams {
  const clauses: string[] = [];
  if (f.statuses.length > 0) clauses.push(`status IN (${f.statuses.join(',')})`);
  const raw = f.query.trim();
  if (raw) clauses.push(clauses.length > 0 ? `(${raw})` : raw);
  return {
    start: f.start,
    size: f.size,
    freeText: f.freeText.trim() || '*',
    ...(clauses.length > 0 && { query: clauses.join(' AND ') }),
  };
}
