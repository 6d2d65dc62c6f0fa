/**
 * [Orkes] `POST /api/workflow/{workflowId}/state`: sets workflow variables and reports a task result (the
 * task found by `taskReferenceName`) in one call, then answers like a synchronous execute: once the workflow
 * ended or waits for someone, one of `waitUntilTaskRef` ended, or `waitForSeconds` passed.
 */
import { isTerminalTaskStatus, validateTaskResult } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError, ValidationFailedError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { objectBody, stringParam } from '../params.js';
import { signalResponse } from '../signal-response.js';
import { waitOptions } from './synchronous.js';

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

export function workflowStateRoutes(
  app: FastifyInstance,
  { runtime, store, maxWaitSeconds }: RouteDeps,
): void {
  app.post<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId/state', async (req) => {
    const workflowId = req.params.workflowId!;
    const q = req.query;
    // Checked before anything changes, so a bad parameter changes nothing.
    const { waitUntilTaskRefs, timeoutMs } = waitOptions(q, maxWaitSeconds);
    const update = objectBody(req.body, 'workflowStateUpdate');
    const variables = update.variables === undefined ? undefined : objectBody(update.variables, 'variables');
    const result = update.taskResult === undefined ? undefined : objectBody(update.taskResult, 'taskResult');
    const ref = typeof update.taskReferenceName === 'string' ? update.taskReferenceName : undefined;
    if (result && !ref) {
      throw new BadRequestError('taskReferenceName is required with a taskResult', [
        { path: 'taskReferenceName', message: 'must not be empty' },
      ]);
    }

    if (variables) await runtime.operations.updateWorkflowVariables(workflowId, variables);
    if (result && ref) {
      const workflow = await store.getWorkflow(workflowId, true);
      if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
      const task = workflow.tasks.find((t) => t.referenceTaskName === ref && !isTerminalTaskStatus(t.status));
      if (!task)
        throw new NotFoundError(`No pending task found with reference name ${ref} in workflow ${workflowId}`);
      const taskResult = { ...result, workflowInstanceId: workflowId, taskId: task.taskId };
      const errors = validateTaskResult(taskResult).map((e) => ({ ...e, path: `taskResult.${e.path}` }));
      if (errors.length > 0) throw new ValidationFailedError(errors);
      await runtime.updateTask(taskResult);
    }
    const outcome = await runtime.synchronous.waitFor(workflowId, waitUntilTaskRefs, timeoutMs);
    return signalResponse('TARGET_WORKFLOW', outcome, stringParam(q, 'requestId'));
  });
}
