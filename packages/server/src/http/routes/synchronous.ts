/**
 * Calls that answer once a workflow ended or waits for someone: POST /api/workflow/execute/{name}/{version}
 * (§1.2) and the workflow signals POST /api/tasks/{workflowId}/{status}/signal[/sync] (§1.3). Every query
 * parameter is checked before anything starts, so a bad one changes nothing.
 */
import { ReturnStrategy, validateStartWorkflowRequest, type StartWorkflowRequest } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { enumParam, intParam, listParam, objectBody, stringParam, taskResultStatusParam } from '../params.js';
import { sendEmpty } from '../reply.js';
import { signalResponse } from '../signal-response.js';

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

/** Conductor's default wait of an execute; 0 means the default too. */
const DEFAULT_WAIT_SECONDS = 10;
const DEFAULT_SIGNAL_TIMEOUT_MS = 5000;
/**
 * The longest an execute, a state update or a signal waits by default, whatever it asks (Conductor sets no
 * limit; `--max-wait` changes it): a longer wait answers at this point with `signalTimeout: true`, as any wait
 * that runs out does, so a huge value cannot hold a connection forever.
 */
export const MAX_WAIT_SECONDS = 300;

export function synchronousRoutes(
  app: FastifyInstance,
  { runtime, maxWaitSeconds = MAX_WAIT_SECONDS }: RouteDeps,
): void {
  app.post<{ Params: Params; Querystring: Query }>('/api/workflow/execute/:name/:version', async (req) => {
    const q = req.query;
    const version = intParam(req.params, 'version', 0, { min: 0 });
    const strategy = enumParam(q, 'returnStrategy', ReturnStrategy, ReturnStrategy.TARGET_WORKFLOW);
    // `consistency` is accepted and, as in Conductor OSS, changes nothing: every start is durable here.
    const request: StartWorkflowRequest = {
      ...(objectBody(req.body, 'startWorkflowRequest') as Partial<StartWorkflowRequest>),
      name: req.params.name!,
      version: version === 0 ? undefined : version,
    };
    const errors = validateStartWorkflowRequest(request);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const outcome = await runtime.synchronous.execute(request, waitOptions(q, maxWaitSeconds));
    return signalResponse(strategy, outcome, stringParam(q, 'requestId'));
  });

  app.post<{ Params: Params }>('/api/tasks/:workflowId/:status/signal', async (req, reply) => {
    const status = taskResultStatusParam(req.params.status!);
    await runtime.synchronous.signal(req.params.workflowId!, status, objectBody(req.body, 'output'));
    return sendEmpty(reply);
  });

  app.post<{ Params: Params; Querystring: Query }>(
    '/api/tasks/:workflowId/:status/signal/sync',
    async (req) => {
      const status = taskResultStatusParam(req.params.status!);
      const strategy = enumParam(req.query, 'returnStrategy', ReturnStrategy, ReturnStrategy.TARGET_WORKFLOW);
      const outcome = await runtime.synchronous.signalAndWait(
        req.params.workflowId!,
        status,
        objectBody(req.body, 'output'),
        signalTimeoutMs(req.query, maxWaitSeconds),
      );
      return signalResponse(strategy, outcome, undefined);
    },
  );
}

/** `timeoutMillis` of a signal, at most `maxWaitSeconds`. */
export function signalTimeoutMs(query: Query, maxWaitSeconds = MAX_WAIT_SECONDS): number {
  const asked = intParam(query, 'timeoutMillis', DEFAULT_SIGNAL_TIMEOUT_MS, { min: 0 });
  return Math.min(asked, maxWaitSeconds * 1000);
}

/**
 * `waitUntilTaskRef` (repeated or comma-separated) and `waitForSeconds` of an execute or a state update (at most
 * `maxWaitSeconds`).
 */
export function waitOptions(
  query: Query,
  maxWaitSeconds = MAX_WAIT_SECONDS,
): { waitUntilTaskRefs: Set<string>; timeoutMs: number } {
  const waitForSeconds = Math.min(
    intParam(query, 'waitForSeconds', DEFAULT_WAIT_SECONDS, { min: 0 }) || DEFAULT_WAIT_SECONDS,
    maxWaitSeconds,
  );
  const waitUntilTaskRefs = new Set(
    listParam(query, 'waitUntilTaskRef')
      .flatMap((v) => v.split(','))
      .map((ref) => ref.trim())
      .filter((ref) => ref !== ''),
  );
  return { waitUntilTaskRefs, timeoutMs: waitForSeconds * 1000 };
}
