export * from './ast.js';
export { SearchQueryError, type SearchParam } from './errors.js';
export {
  TASK_SEARCH_FIELDS,
  WORKFLOW_SEARCH_FIELDS,
  type SearchField,
  type SearchFieldType,
  type SearchFields,
  type TaskSearchField,
  type WorkflowSearchField,
} from './fields.js';
export { parseFreeText } from './free-text-parser.js';
export { parseQuery } from './query-parser.js';
export {
  taskSearchRequest,
  workflowSearchRequest,
  workflowsByTasksSearchRequest,
  type SearchParams,
  type WorkflowSearchParams,
} from './request.js';
export { parseSort } from './sort-parser.js';
export {
  isoTime,
  SUMMARY_PAYLOAD_MAX_CHARS,
  summaryPayload,
  toTaskSummary,
  toWorkflowSummary,
  type SearchResult,
  type TaskSummary,
  type WorkflowSummary,
} from './summaries.js';
