/**
 * HTTP (§5): calls the URI in the task input with undici. 2xx → COMPLETED (IN_PROGRESS when the task is
 * asyncComplete); any other status → FAILED with the body as the reason; no answer → FAILED with the cause.
 * Output: `response: {statusCode, headers, body, reasonPhrase}`. Retries are the TaskDef's business.
 * Every connection, redirect hops included, passes the egress policy (docs/security.md). Fair use
 * (docs/security.md, "Fair executors"): at most `concurrency` calls at a time, `concurrencyPerHost` to one host;
 * a task's timeouts are capped, and one execution, redirects included, ends after both caps together.
 */
import type { JsonObject, Task } from '@baton/protocol';
import { Agent, request } from 'undici';
import { egressPolicy, type EgressPolicyOptions } from './egress-policy.js';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';
import { guardedConnector } from './guarded-connector.js';
import { hostOf, readHttpRequest, type HttpRequestSpec } from './http-request.js';
import { DEFAULT_CREDENTIAL_HEADERS, redirectedHop, type Hop } from './http-redirect.js';
import { responseOutput } from './http-response.js';
import { failed } from './outcomes.js';

/** How much of the server HTTP tasks may take. */
export interface HttpLimitsOptions {
  /** A task's `connectionTimeOut` above this gets this [10,000 ms]. */
  maxConnectTimeoutMs?: number;
  /** A task's `readTimeOut` above this gets this [60,000 ms]. */
  maxReadTimeoutMs?: number;
  /** HTTP tasks running at once on this server [32]. */
  concurrency?: number;
  /** HTTP tasks calling one host (`host:port`) at once; the others wait SCHEDULED [8]. */
  concurrencyPerHost?: number;
}

export interface HttpExecutorOptions extends EgressPolicyOptions, HttpLimitsOptions {
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
  const maxConnectMs = positive('maxConnectTimeoutMs', options.maxConnectTimeoutMs ?? 10_000);
  const maxReadMs = positive('maxReadTimeoutMs', options.maxReadTimeoutMs ?? 60_000);
  // Read timeouts are per hop and per pause in the body: this bounds a whole execution, however it drips.
  const maxExecutionMs = maxConnectMs + maxReadMs;
  const concurrency = positive('concurrency', options.concurrency ?? 32);
  const perHost = positive('concurrencyPerHost', options.concurrencyPerHost ?? 8);
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
    concurrency: {
      limit: concurrency,
      lanes: { of: (task) => hostOf(task.inputData ?? {}), limit: Math.min(perHost, concurrency) },
    },
    maxExecutionMs,
    async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
      const read = readHttpRequest(task.inputData ?? {});
      if (!read.ok) return failed(read.error, {});
      const spec: HttpRequestSpec = {
        ...read.spec,
        connectTimeoutMs: Math.min(read.spec.connectTimeoutMs, maxConnectMs),
        readTimeoutMs: Math.min(read.spec.readTimeoutMs, maxReadMs),
      };
      const deadline = withDeadline(signal, maxExecutionMs);
      let response: JsonObject;
      try {
        response = await call(spec, agentFor(spec.connectTimeoutMs), following, deadline.signal);
      } catch (error) {
        const cause = deadline.expired()
          ? `the call took longer than ${maxExecutionMs} ms, the most an HTTP task may take on this server (${spec.uri})`
          : describe(error, spec);
        const reason = `Failed to invoke HTTP task due to: ${cause}`;
        return failed(reason, { response: reason });
      } finally {
        deadline.dispose();
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

/** A signal that aborts with `signal` or after `ms`; `dispose` leaves no listener or timer behind. */
function withDeadline(
  signal: AbortSignal,
  ms: number,
): { signal: AbortSignal; expired(): boolean; dispose(): void } {
  const controller = new AbortController();
  let expired = false;
  const onAbort = (): void => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`deadline of ${ms} ms passed`));
  }, ms);
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`The HTTP task's ${name} must be a positive integer, not ${value}`);
  return value;
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
