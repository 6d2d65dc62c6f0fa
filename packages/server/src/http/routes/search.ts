/**
 * Search (§1.2, §1.3, §6): `/api/workflow/search` (WorkflowSummary), `/search-v2` (Workflow), the same two
 * `/search-by-tasks` variants (executions found through their tasks), and `/api/tasks/search` (TaskSummary)
 * and `/search-v2` (Task). Fastify routes these static paths ahead of `/api/workflow/:workflowId`.
 */
import { taskSearchRequest, workflowSearchRequest, workflowsByTasksSearchRequest } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.js';
import { sendJsonPieces } from '../reply.js';
import { searchParams, withSearchErrors, workflowSearchParams, type Query } from '../search-params.js';

export function searchRoutes(app: FastifyInstance, { store }: RouteDeps): void {
  const workflowRequest = (query: Query) =>
    withSearchErrors(() => workflowSearchRequest(workflowSearchParams(query)));
  const byTasksRequest = (query: Query) =>
    withSearchErrors(() => workflowsByTasksSearchRequest(searchParams(query, 'workflows')));
  const taskRequest = (query: Query) =>
    withSearchErrors(() => taskSearchRequest(searchParams(query, 'tasks')));

  // Summaries come from the store ready-made: their cost does not grow with the executions' payloads.
  app.get<{ Querystring: Query }>('/api/workflow/search', async (req) =>
    store.searchWorkflowSummaries(workflowRequest(req.query)),
  );
  // Full documents pass through as stored text, streamed when large (see sendJsonPieces).
  app.get<{ Querystring: Query }>('/api/workflow/search-v2', async (req, reply) =>
    sendJsonPieces(reply, await store.searchWorkflowsJson(workflowRequest(req.query))),
  );
  app.get<{ Querystring: Query }>('/api/workflow/search-by-tasks', async (req) =>
    store.searchWorkflowSummariesByTasks(byTasksRequest(req.query)),
  );
  app.get<{ Querystring: Query }>('/api/workflow/search-by-tasks-v2', async (req, reply) =>
    sendJsonPieces(reply, await store.searchWorkflowsByTasksJson(byTasksRequest(req.query))),
  );
  app.get<{ Querystring: Query }>('/api/tasks/search', async (req) =>
    store.searchTaskSummaries(taskRequest(req.query)),
  );
  app.get<{ Querystring: Query }>('/api/tasks/search-v2', async (req, reply) =>
    sendJsonPieces(reply, await store.searchTasksJson(taskRequest(req.query))),
  );
}
