/** Search query parameters (§6) as the protocol's SearchParams, and parse errors as Conductor 400s. */
import { SearchQueryError, type SearchParams, type WorkflowSearchParams } from '@baton/protocol';
import { BadRequestError } from '../errors.js';
import { boolParam, intParam, listParam, stringParam } from './params.js';

export type Query = Record<string, string | string[] | undefined>;

/** Conductor refuses larger pages. */
export const MAX_SEARCH_SIZE = 5000;

/** start, size (≤ 5000), sort, freeText, query. `what` names the hits in the size message. */
export function searchParams(query: Query, what: 'workflows' | 'tasks'): SearchParams {
  const size = intParam(query, 'size', 100, { min: 0 });
  if (size > MAX_SEARCH_SIZE) {
    throw new BadRequestError(`Cannot return more than ${MAX_SEARCH_SIZE} ${what}. Please use pagination.`, [
      { path: 'size', message: `must be at most ${MAX_SEARCH_SIZE}`, invalidValue: size },
    ]);
  }
  const sort = listParam(query, 'sort').filter((s) => s !== '');
  return {
    start: intParam(query, 'start', 0, { min: 0 }),
    size,
    sort: sort.length > 0 ? sort.join('|') : undefined,
    freeText: stringParam(query, 'freeText'),
    query: stringParam(query, 'query'),
  };
}

/** searchParams plus `classifier` (repeated or comma-separated) and `topLevelOnly`. */
export function workflowSearchParams(query: Query): WorkflowSearchParams {
  const classifier = listParam(query, 'classifier')
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return {
    ...searchParams(query, 'workflows'),
    classifier,
    topLevelOnly: boolParam(query, 'topLevelOnly', false),
  };
}

/** Runs `parse`, turning a SearchQueryError into a 400 that names the parameter. */
export function withSearchErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof SearchQueryError)) throw err;
    throw new BadRequestError(err.message, [
      { path: err.param, message: err.message, invalidValue: err.input },
    ]);
  }
}
