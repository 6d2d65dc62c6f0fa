/** /api/workflow: start, read, correlation lookups, decide, the management operations and remove (§1.2). */
import {
  validateStartWorkflowRequest,
  type StartWorkflowRequest,
  type Workflow,
  type WorkflowStatusResponse,
} from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError, ValidationFailedError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { objectOfPieces, sendEmpty, sendJsonPieces, sendNoContent, sendText } from '../reply.js';
import {
  boolParam,
  intParam,
  jsonObjectParam,
  listParam,
  objectBody,
  optionalIntParam,
  stringParam,
} from '../params.js';

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

export function workflowRoutes(app: FastifyInstance, { runtime, store }: RouteDeps): void {
  const getWorkflow = async (workflowId: string, includeTasks: boolean): Promise<Workflow> => {
    const workflow = await store.getWorkflow(workflowId, includeTasks);
    if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
    return workflow;
  };

  app.post('/api/workflow', async (req, reply) => {
    const errors = validateStartWorkflowRequest(req.body);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const request = req.body as StartWorkflowRequest;
    const id = await runtime.startWorkflow({ ...request, name: request.name ?? request.workflowDef?.name });
    return sendText(reply, id);
  });

  app.post<{ Params: Params; Querystring: Query }>('/api/workflow/:name', async (req, reply) => {
    const q = req.query;
    const request: StartWorkflowRequest = {
      name: req.params.name!,
      version: optionalIntParam(q, 'version'),
      correlationId: stringParam(q, 'correlationId'),
      priority: intParam(q, 'priority', 0, { min: 0, max: 99 }),
      input: objectBody(req.body, 'input'),
    };
    const id = await runtime.startWorkflow(request);
    return sendText(reply, id);
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/workflow/running/:name', async (req) => {
    const q = req.query;
    return store.runningWorkflowIds(
      req.params.name!,
      intParam(q, 'version', 1),
      optionalIntParam(q, 'startTime'),
      optionalIntParam(q, 'endTime'),
    );
  });

  app.put<{ Params: Params }>('/api/workflow/decide/:workflowId', async (req, reply) => {
    await getWorkflow(req.params.workflowId!, false);
    await runtime.decideWorkflow(req.params.workflowId!);
    return sendEmpty(reply);
  });

  // The execution as stored text, streamed when large: no parse and stringify of its payloads (sendJsonPieces).
  app.get<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId', async (req, reply) => {
    const { workflowId } = req.params;
    const pieces = await store.workflowJson(workflowId!, boolParam(req.query, 'includeTasks', true));
    if (!pieces) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
    return sendJsonPieces(reply, pieces);
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId/status', async (req) => {
    const wf = await getWorkflow(req.params.workflowId!, false);
    const status: WorkflowStatusResponse = {
      workflowId: wf.workflowId,
      correlationId: wf.correlationId,
      status: wf.status,
    };
    if (boolParam(req.query, 'includeOutput', false)) status.output = wf.output;
    if (boolParam(req.query, 'includeVariables', false)) status.variables = wf.variables;
    return status;
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId/tasks', async (req) => {
    const q = req.query;
    const start = intParam(q, 'start', 0, { min: 0 });
    const count = intParam(q, 'count', 15, { min: 0 });
    const statuses = new Set(listParam(q, 'status').map((s) => s.toUpperCase()));
    const wf = await getWorkflow(req.params.workflowId!, true);
    const matching = statuses.size ? wf.tasks.filter((t) => statuses.has(t.status)) : wf.tasks;
    return { totalHits: matching.length, results: matching.slice(start, start + count) };
  });

  // Executions as stored text, each read when the answer gets to it (see sendJsonPieces).
  const correlated = (names: readonly string[], correlationId: string, query: Query) =>
    store.findByCorrelationIdJson(
      names,
      correlationId,
      boolParam(query, 'includeClosed', false),
      boolParam(query, 'includeTasks', false),
    );
  const byCorrelationId = (correlationIds: readonly string[], names: readonly string[], query: Query) =>
    objectOfPieces(
      [...new Set(correlationIds)].map((id) => [id, () => correlated(names, id, query)] as const),
    );

  app.get<{ Params: Params; Querystring: Query }>(
    '/api/workflow/:name/correlated/:correlationId',
    async (req, reply) =>
      sendJsonPieces(reply, await correlated([req.params.name!], req.params.correlationId!, req.query)),
  );

  app.post<{ Params: Params; Querystring: Query }>('/api/workflow/:name/correlated', async (req, reply) => {
    const ids = req.body;
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
      throw new BadRequestError('Body must be a list of correlation ids', [
        { path: 'correlationIds', message: 'must be an array of strings' },
      ]);
    }
    return sendJsonPieces(reply, byCorrelationId(ids, [req.params.name!], req.query));
  });

  // [Orkes] many correlation ids over several workflow names: { correlationIds, workflowNames }.
  app.post<{ Querystring: Query }>('/api/workflow/correlated/batch', async (req, reply) => {
    const body = objectBody(req.body, 'correlationIdsSearchRequest');
    const correlationIds = stringList(body.correlationIds, 'correlationIds');
    const workflowNames = stringList(body.workflowNames, 'workflowNames');
    return sendJsonPieces(reply, byCorrelationId(correlationIds, workflowNames, req.query));
  });

  app.put<{ Params: Params }>('/api/workflow/:workflowId/pause', async (req, reply) => {
    await runtime.operations.pauseWorkflow(req.params.workflowId!);
    return sendEmpty(reply);
  });

  app.put<{ Params: Params }>('/api/workflow/:workflowId/resume', async (req, reply) => {
    await runtime.operations.resumeWorkflow(req.params.workflowId!);
    return sendEmpty(reply);
  });

  // `triggerFailureWorkflow` is the Orkes extension; OSS never starts the failure workflow here.
  app.delete<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId', async (req, reply) => {
    const q = req.query;
    const reason = stringParam(q, 'reason') ?? '';
    await runtime.operations.terminateWorkflow(
      req.params.workflowId!,
      reason,
      boolParam(q, 'triggerFailureWorkflow', false),
    );
    return sendEmpty(reply);
  });

  app.post<{ Params: Params; Querystring: Query }>('/api/workflow/:workflowId/retry', async (req, reply) => {
    await runtime.operations.retryWorkflow(
      req.params.workflowId!,
      boolParam(req.query, 'resumeSubworkflowTasks', false),
    );
    return sendNoContent(reply);
  });

  app.post<{ Params: Params; Querystring: Query }>(
    '/api/workflow/:workflowId/restart',
    async (req, reply) => {
      await runtime.operations.restartWorkflow(
        req.params.workflowId!,
        boolParam(req.query, 'useLatestDefinitions', false),
      );
      return sendNoContent(reply);
    },
  );

  app.post<{ Params: Params }>('/api/workflow/:workflowId/rerun', async (req, reply) => {
    const body = objectBody(req.body, 'rerunWorkflowRequest');
    const id = await runtime.operations.rerunWorkflow(req.params.workflowId!, {
      reRunFromTaskId: optionalString(body.reRunFromTaskId),
      taskInput: optionalObject(body.taskInput),
      workflowInput: optionalObject(body.workflowInput),
      correlationId: optionalString(body.correlationId),
    });
    return sendText(reply, id);
  });

  // OSS binds SkipTaskRequest from the query (JSON-encoded `taskInput` / `taskOutput`); Orkes SDKs send it
  // as a JSON body. Both are taken; the body wins where both carry a field.
  app.put<{ Params: Params; Querystring: Query }>(
    '/api/workflow/:workflowId/skiptask/:taskReferenceName',
    async (req, reply) => {
      const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
      const taskInput = jsonObjectParam(req.query, 'taskInput');
      const taskOutput = jsonObjectParam(req.query, 'taskOutput');
      await runtime.operations.skipTask(req.params.workflowId!, {
        taskReferenceName: req.params.taskReferenceName!,
        taskInput: optionalObject(body.taskInput) ?? taskInput,
        taskOutput: optionalObject(body.taskOutput) ?? taskOutput,
      });
      return sendEmpty(reply);
    },
  );

  app.post<{ Params: Params }>('/api/workflow/:workflowId/resetcallbacks', async (req, reply) => {
    await runtime.operations.resetCallbacks(req.params.workflowId!);
    return sendNoContent(reply);
  });

  // [Orkes] variables update; the seeds use it.
  app.post<{ Params: Params }>('/api/workflow/:workflowId/variables', async (req, reply) => {
    await runtime.operations.updateWorkflowVariables(
      req.params.workflowId!,
      objectBody(req.body, 'variables'),
    );
    return sendEmpty(reply);
  });

  app.delete<{ Params: Params; Querystring: Query }>(
    '/api/workflow/:workflowId/terminate-remove',
    async (req, reply) => {
      await runtime.operations.terminateAndRemove(
        req.params.workflowId!,
        stringParam(req.query, 'reason') ?? '',
      );
      return sendEmpty(reply);
    },
  );

  app.delete<{ Params: Params }>('/api/workflow/:workflowId/remove', async (req, reply) => {
    const removed = await store.transact((tx) => tx.removeWorkflow(req.params.workflowId!));
    if (!removed) throw new NotFoundError(`No such workflow found by id: ${req.params.workflowId}`);
    return sendEmpty(reply);
  });
}

function stringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
    throw new BadRequestError(`${path} must be a list of strings`, [
      { path, message: 'must be an array of strings' },
    ]);
  }
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
