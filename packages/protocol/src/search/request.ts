/**
 * A search request from its wire parameters (§1.2, §1.3, §6): the query, the free text and the request flags
 * combined by AND into one filter, and the sort keys.
 */
import { allOf, type SearchExpr, type SearchRequest } from './ast.js';
import { TASK_SEARCH_FIELDS, WORKFLOW_SEARCH_FIELDS, type SearchFields } from './fields.js';
import { parseFreeText } from './free-text-parser.js';
import { parseQuery } from './query-parser.js';
import { parseSort } from './sort-parser.js';

export interface SearchParams {
  start: number;
  size: number;
  /** `field:ASC|field2:DESC`. */
  sort?: string;
  /** Default `*`. */
  freeText?: string;
  query?: string;
}

export interface WorkflowSearchParams extends SearchParams {
  /** Only executions with one of these classifiers. */
  classifier?: string[];
  /** Only executions that are not sub-workflows. */
  topLevelOnly?: boolean;
}

/**
 * The workflow search these parameters ask for. Throws SearchQueryError (a 400) naming the parameter.
 *
 * @example
 * const request = workflowSearchRequest({ start: 0, size: 10, query: 'status IN (FAILED,TIMED_OUT)' });
 */
export function workflowSearchRequest(params: WorkflowSearchParams): SearchRequest {
  const flags: SearchExpr[] = [];
  if (params.classifier && params.classifier.length > 0) {
    flags.push({ kind: 'in', field: 'classifier', values: params.classifier });
  }
  if (params.topLevelOnly) flags.push({ kind: 'isNull', field: 'parentWorkflowId', negated: false });
  return searchRequest(WORKFLOW_SEARCH_FIELDS, params, flags);
}

/** The task search these parameters ask for (TaskSummary fields). Throws SearchQueryError. */
export function taskSearchRequest(params: SearchParams): SearchRequest {
  return searchRequest(TASK_SEARCH_FIELDS, params, []);
}

/**
 * search-by-tasks: the query and the free text name TaskSummary fields (they select tasks), the sort keys
 * WorkflowSummary fields (they order the executions found). Throws SearchQueryError.
 */
export function workflowsByTasksSearchRequest(params: SearchParams): SearchRequest {
  return {
    ...searchRequest(TASK_SEARCH_FIELDS, { ...params, sort: undefined }, []),
    sort: params.sort === undefined ? [] : parseSort(params.sort, WORKFLOW_SEARCH_FIELDS),
  };
}

function searchRequest(fields: SearchFields, params: SearchParams, flags: SearchExpr[]): SearchRequest {
  const query = params.query === undefined ? undefined : parseQuery(params.query, fields);
  const freeText = params.freeText === undefined ? undefined : parseFreeText(params.freeText, fields);
  return {
    filter: allOf(query, freeText, ...flags),
    sort: params.sort === undefined ? [] : parseSort(params.sort, fields),
    start: params.start,
    size: params.size,
  };
}
