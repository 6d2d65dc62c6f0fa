/**
 * /api/workflow/bulk (§1.2): one operation over a list of workflow ids. Each id succeeds or fails on its
 * own; the answer is a BulkResponse listing both.
 */
import type { BulkResponse, Workflow } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { boolParam, stringParam } from '../params.js';

type Query = Record<string, string | string[] | undefined>;

export function workflowBulkRoutes(app: FastifyInstance, { runtime, store }: RouteDeps): void {
  const bulk =
    (operation: (workflowId: string, query: Query) => Promise<unknown>) =>
    async (req: { body: unknown; query: unknown }): Promise<BulkResponse> => {
      const ids = workflowIds(req.body);
      const response: BulkResponse = {
        bulkErrorResults: {},
        bulkSuccessfulResults: [],
        message: 'Bulk Request has been processed.',
      };
      for (const id of ids) {
        try {
          await operation(id, req.query as Query);
          response.bulkSuccessfulResults.push(id);
        } catch (err) {
          response.bulkErrorResults[id] = err instanceof Error ? err.message : String(err);
        }
      }
      return response;
    };

  app.put(
    '/api/workflow/bulk/pause',
    bulk((id) => runtime.operations.pauseWorkflow(id)),
  );
  app.put(
    '/api/workflow/bulk/resume',
    bulk((id) => runtime.operations.resumeWorkflow(id)),
  );
  app.post(
    '/api/workflow/bulk/restart',
    bulk((id, q) => runtime.operations.restartWorkflow(id, boolParam(q, 'useLatestDefinitions', false))),
  );
  app.post(
    '/api/workflow/bulk/retry',
    bulk((id) => runtime.operations.retryWorkflow(id)),
  );
  app.post(
    '/api/workflow/bulk/terminate',
    bulk((id, q) =>
      runtime.operations.terminateWorkflow(
        id,
        stringParam(q, 'reason') ?? '',
        boolParam(q, 'triggerFailureWorkflow', false),
      ),
    ),
  );
  app.delete(
    '/api/workflow/bulk/remove',
    bulk(async (id) => {
      const removed = await store.transact((tx) => tx.removeWorkflow(id));
      if (!removed) throw new Error(`No such workflow found by id: ${id}`);
    }),
  );
  // The executions themselves (§1.2); an unknown id is an error entry, not a failure of the whole call.
  app.post<{ Querystring: Query }>('/api/workflow/bulk/search', async (req) => {
    const includeTasks = boolParam(req.query, 'includeTasks', true);
    const response: BulkResponse<Workflow> = {
      bulkErrorResults: {},
      bulkSuccessfulResults: [],
      message: 'Bulk Request has been processed.',
    };
    for (const id of workflowIds(req.body)) {
      const workflow = await store.getWorkflow(id, includeTasks);
      if (workflow) response.bulkSuccessfulResults.push(workflow);
      else response.bulkErrorResults[id] = `No such workflow found by id: ${id}`;
    }
    return response;
  });
  app.delete(
    '/api/workflow/bulk/terminate-remove',
    bulk((id, q) => runtime.operations.terminateAndRemove(id, stringParam(q, 'reason') ?? '')),
  );
}

function workflowIds(body: unknown): string[] {
  if (!Array.isArray(body) || !body.every((x) => typeof x === 'string')) {
    throw new BadRequestError('Body must be a list of workflow ids', [
      { path: 'workflowIds', message: 'must be an array of strings' },
    ]);
  }
  return body;
}
