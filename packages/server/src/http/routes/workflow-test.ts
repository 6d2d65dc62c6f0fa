/** POST /api/workflow/test (§1.2, §2.10): a workflow run with mocked task outputs, on a virtual clock. */
import { validateWorkflowTestRequest, type WorkflowTestRequest } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';

export function workflowTestRoutes(app: FastifyInstance, { runtime }: RouteDeps): void {
  app.post('/api/workflow/test', async (req) => {
    const errors = validateWorkflowTestRequest(req.body);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const request = req.body as WorkflowTestRequest;
    // Jackson reads an explicit null as absent: `version: null` means the latest version.
    return runtime.tests.test({
      ...request,
      name: request.name ?? request.workflowDef?.name,
      version: request.version ?? undefined,
    });
  });
}
