/**
 * Search (§1.2, §1.3, §6): `/api/workflow/search` (WorkflowSummary), `/search-v2` (Workflow), the same two
 * `/search-by-tasks` variants (executions found through their tasks), and `/api/tasks/search` (TaskSummary)
 * and `/search-v2` (Task). Fastify routes these static paths ahead of `/api/workflow/:workflowId`.
 */
import {
  taskSearchRequest,
  toTaskSummary,
  toWorkflowSummary,
  workflowSearchRequest,
  workflowsByTasksSearchRequest,
  type SearchResult,
} from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.js';
import { searchParams, withSearchErrors, workflowSearchParams, type Query } from '../search-params.js';

export function searchRoutes(app: FastifyInstance, { store }: RouteDeps): void {
  /** Applies `convert` to every hit of a page. */
  const map = <T, U>(page: SearchResult<T>, convert: (hit: T) => U): SearchResult<U> => ({
    totalHits: page.totalHits,
    results: page.results.map(convert),
  });

  const workflows = (query: Query) =>
    store.searchWorkflows(withSearchErrors(() => workflowSearchRequest(workflowSearchParams(query))));
  const byTasks = (query: Query) =>
    store.searchWorkflowsByTasks(
      withSearchErrors(() => workflowsByTasksSearchRequest(searchParams(query, 'workflows'))),
    );
  const tasks = (query: Query) =>
    store.searchTasks(withSearchErrors(() => taskSearchRequest(searchParams(query, 'tasks'))));

  app.get<{ Querystring: Query }>('/api/workflow/search', async (req) =>
    map(await workflows(req.query), toWorkflowSummary),
  );
  app.get<{ Querystring: Query }>('/api/workflow/search-v2', async (req) => workflows(req.query));
  app.get<{ Querystring: Query }>('/api/workflow/search-by-tasks', async (req) =>
    map(await byTasks(req.query), toWorkflowSummary),
  );
  app.get<{ Querystring: Query }>('/api/workflow/search-by-tasks-v2', async (req) => byTasks(req.query));
  app.get<{ Querystring: Query }>('/api/tasks/search', async (req) =>
    map(await tasks(req.query), toTaskSummary),
  );
  app.get<{ Querystring: Query }>('/api/tasks/search-v2', async (req) => tasks(req.query));
}
