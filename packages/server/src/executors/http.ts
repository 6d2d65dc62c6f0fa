/**
 * HTTP (§5): calls the URI in the task input with undici. 2xx → COMPLETED (IN_PROGRESS when the task is
 * asyncComplete); any other status → FAILED with the body as the reason; no answer → FAILED with the cause.
 * Output: `response: {statusCode, headers, body, reasonPhrase}`. Retries are the TaskDef's business.
 */
import type { JsonObject, Task } from '@baton/protocol';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';
import { readHttpRequest, type HttpRequestSpec } from './http-request.js';
import { responseOutput } from './http-response.js';
import { failed } from './outcomes.js';

export interface HttpExecutorOptions {
  /** A response body larger than this fails the task [10 MiB]. */
  maxResponseBytes?: number;
  /** Redirects followed before the 3xx itself becomes the answer [5]. */
  maxRedirections?: number;
}

export interface HttpExecutor extends SystemTaskExecutor {
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export function httpExecutor(options: HttpExecutorOptions = {}): HttpExecutor {
  const maxResponseSize = options.maxResponseBytes ?? 10 * 1048576;
  const maxRedirections = options.maxRedirections ?? 5;
  // The connect timeout is a property of the connection pool, so there is one pool per timeout in use.
  const dispatchers = new Map<number, { agent: Agent; dispatcher: Dispatcher }>();
  const dispatcherFor = (connectTimeoutMs: number): Dispatcher => {
    let entry = dispatchers.get(connectTimeoutMs);
    if (!entry) {
      const agent = new Agent({ connect: { timeout: connectTimeoutMs }, maxResponseSize });
      entry = { agent, dispatcher: agent.compose(interceptors.redirect({ maxRedirections })) };
      dispatchers.set(connectTimeoutMs, entry);
    }
    return entry.dispatcher;
  };

  return {
    type: 'HTTP',
    async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
      const read = readHttpRequest(task.inputData ?? {});
      if (!read.ok) return failed(read.error, {});
      const spec = read.spec;
      let response: JsonObject;
      try {
        response = await call(spec, dispatcherFor(spec.connectTimeoutMs), signal);
      } catch (error) {
        const reason = `Failed to invoke HTTP task due to: ${describe(error, spec)}`;
        return failed(reason, { response: reason });
      }
      const statusCode = response.statusCode as number;
      if (statusCode >= 200 && statusCode < 300) {
        return { status: isAsyncComplete(task) ? 'IN_PROGRESS' : 'COMPLETED', outputData: { response } };
      }
      const body = response.body;
      const reason =
        body === null || body === undefined
          ? 'No response from the remote service'
          : typeof body === 'string'
            ? body
            : JSON.stringify(body);
      return failed(reason, { response });
    },
    async close(): Promise<void> {
      const agents = [...dispatchers.values()].map((entry) => entry.agent);
      dispatchers.clear();
      await Promise.all(agents.map((agent) => agent.close()));
    },
  };
}

async function call(spec: HttpRequestSpec, dispatcher: Dispatcher, signal: AbortSignal): Promise<JsonObject> {
  const res = await request(spec.uri, {
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    dispatcher,
    signal,
    headersTimeout: spec.readTimeoutMs,
    bodyTimeout: spec.readTimeoutMs,
  });
  const text = await res.body.text();
  return responseOutput(res.statusCode, res.headers, text);
}

/** Conductor reads `asyncComplete` from the task input first, then from the workflow task. */
function isAsyncComplete(task: Task): boolean {
  const fromInput = task.inputData?.asyncComplete;
  if (fromInput !== undefined && fromInput !== null) return fromInput === true || fromInput === 'true';
  return task.workflowTask?.asyncComplete === true;
}

function describe(error: unknown, spec: HttpRequestSpec): string {
  const err = error as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  switch (err.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timed out after ${spec.connectTimeoutMs} ms (${spec.uri})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `read timed out after ${spec.readTimeoutMs} ms (${spec.uri})`;
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return `response body is larger than the limit (${spec.uri})`;
  }
  if (err.name === 'AbortError') return 'the request was canceled';
  return err.cause?.message ?? err.message ?? String(error);
}
