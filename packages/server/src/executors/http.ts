/**
 * HTTP (§5): calls the URI in the task input with undici. 2xx → COMPLETED (IN_PROGRESS when the task is
 * asyncComplete); any other status → FAILED with the body as the reason; no answer → FAILED with the cause.
 * Output: `response: {statusCode, headers, body, reasonPhrase}`. Retries are the TaskDef's business.
 * Every connection, redirect hops included, passes the egress policy (docs/security.md).
 */
import type { JsonObject, Task } from '@baton/protocol';
import { Agent, request } from 'undici';
import { egressPolicy, type EgressPolicyOptions } from './egress-policy.js';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';
import { guardedConnector } from './guarded-connector.js';
import { readHttpRequest, type HttpRequestSpec } from './http-request.js';
import { DEFAULT_CREDENTIAL_HEADERS, redirectedHop, type Hop } from './http-redirect.js';
import { responseOutput } from './http-response.js';
import { failed } from './outcomes.js';

export interface HttpExecutorOptions extends EgressPolicyOptions {
  /** A response body larger than this fails the task [10 MiB]. */
  maxResponseBytes?: number;
  /** Redirects followed; one more fails the task [5]. */
  maxRedirects?: number;
  /** Headers dropped on a cross-origin redirect besides Authorization, Cookie, Proxy-Authorization, X-Api-Key. */
  credentialHeaders?: readonly string[];
}

export interface HttpExecutor extends SystemTaskExecutor {
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export function httpExecutor(options: HttpExecutorOptions = {}): HttpExecutor {
  const maxResponseSize = options.maxResponseBytes ?? 10 * 1048576;
  const policy = egressPolicy(options);
  const following: Following = {
    maxRedirects: options.maxRedirects ?? 5,
    credentialHeaders: new Set(
      [...DEFAULT_CREDENTIAL_HEADERS, ...(options.credentialHeaders ?? [])].map((h) => h.toLowerCase()),
    ),
  };
  // The connect timeout is a property of the connection pool, so there is one pool per timeout in use.
  const agents = new Map<number, Agent>();
  const agentFor = (connectTimeoutMs: number): Agent => {
    let agent = agents.get(connectTimeoutMs);
    if (!agent) {
      agent = new Agent({
        connect: guardedConnector(policy, { timeout: connectTimeoutMs }),
        maxResponseSize,
      });
      agents.set(connectTimeoutMs, agent);
    }
    return agent;
  };

  return {
    type: 'HTTP',
    async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
      const read = readHttpRequest(task.inputData ?? {});
      if (!read.ok) return failed(read.error, {});
      const spec = read.spec;
      let response: JsonObject;
      try {
        response = await call(spec, agentFor(spec.connectTimeoutMs), following, signal);
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
      const open = [...agents.values()];
      agents.clear();
      await Promise.all(open.map((agent) => agent.close()));
    },
  };
}

interface Following {
  maxRedirects: number;
  credentialHeaders: ReadonlySet<string>;
}

async function call(
  spec: HttpRequestSpec,
  agent: Agent,
  following: Following,
  signal: AbortSignal,
): Promise<JsonObject> {
  let hop: Hop = { url: new URL(spec.uri), method: spec.method, headers: spec.headers, body: spec.body };
  for (let redirects = 0; ; redirects++) {
    const res = await request(hop.url, {
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      dispatcher: agent,
      signal,
      headersTimeout: spec.readTimeoutMs,
      bodyTimeout: spec.readTimeoutMs,
    });
    const location = res.headers.location;
    const next = redirectedHop(
      hop,
      res.statusCode,
      Array.isArray(location) ? location[0] : location,
      following.credentialHeaders,
    );
    if (!next) return responseOutput(res.statusCode, res.headers, await res.body.text());
    await res.body.dump();
    if (redirects === following.maxRedirects)
      throw new Error(`more than ${following.maxRedirects} redirects (${spec.uri})`);
    hop = next;
  }
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
