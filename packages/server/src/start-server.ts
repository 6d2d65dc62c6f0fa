/**
 * Starts a complete Baton server in this process: store, definitions, runtime and HTTP.
 *
 * @example
 * const server = await startServer({ port: 0, dbPath: '/tmp/baton.db', logLevel: 'silent' });
 * await fetch(`${server.url}/health`);
 * await server.close();
 */
import type { Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createEventSystem } from './events/event-system.js';
import { httpExecutor, type HttpExecutorOptions } from './executors/http.js';
import { inlineExecutor } from './executors/inline.js';
import { jqExecutor } from './executors/jq.js';
import { buildApp } from './http/app.js';
import { isLoopbackBind, LOOPBACK_HOST_NAMES } from './http/host-check.js';
import type { ServerTimeouts } from './http/server-timeouts.js';
import { defaultUiDir } from './http/ui-static.js';
import { MetadataService } from './metadata/metadata-service.js';
import { registerMetricsRoutes } from './metrics/metrics-routes.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { openStore } from './open-store.js';
import { Runtime } from './runtime/runtime.js';
import { createJqSandbox, createScriptSandbox } from './sandbox/index.js';

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  host?: string;
  /**
   * The database: an SQLite file (created when missing; this server owns it) or a `postgres://` URL (shared by
   * any number of servers). Default ./baton.db.
   */
  db?: string;
  /** The same as `db` (an SQLite path, or a PostgreSQL URL); `db` wins when both are given. */
  dbPath?: string;
  /** PostgreSQL: connections this server keeps in its pool. Default 10. */
  poolSize?: number;
  /** PostgreSQL: statements running longer than this (ms) are cancelled. Default 30000; 0 means no limit. */
  statementTimeoutMs?: number;
  /** Pino level (`trace` ... `fatal`, or `silent`). Default info. */
  logLevel?: string;
  /** NORMAL survives a process crash; FULL also survives power loss, at a cost per commit. Default NORMAL. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Largest accepted request body in bytes. Default 10 MiB. */
  bodyLimit?: number;
  /** Message brokers for EVENT tasks and event handlers (`nats:` and `amqp:` sinks); none by default. */
  brokers?: { natsUrl?: string; amqpUrl?: string };
  /** The built web UI served at `/`. Default: `@baton/ui`'s dist directory; `false` serves the API alone. */
  uiDir?: string | false;
  /**
   * What HTTP tasks may connect to: allow and deny entries, `denyPrivate`, redirects, credential headers
   * (docs/security.md). Default: nothing denied.
   */
  httpEgress?: HttpExecutorOptions;
  /**
   * Host names the server answers to besides localhost, 127.0.0.1 and [::1] (DNS rebinding, docs/security.md).
   * The check is on when bound to loopback or when names are given here.
   */
  allowedHosts?: string[];
  /** Request, header and keep-alive timeouts. Default: 60 s, 30 s, 72 s. */
  timeouts?: ServerTimeouts;
}

export interface BatonServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  metadata: MetadataService;
  runtime: Runtime;
  /** Releases long-polls, stops accepting requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<BatonServer> {
  const { port = 8080, host = '127.0.0.1', logLevel = 'info' } = options;
  const logger = pino({ level: logLevel });
  // First, so a bad egress entry is reported before anything is opened.
  const http = httpExecutor(options.httpEgress);
  const store = await openStore({
    db: options.db ?? options.dbPath ?? './baton.db',
    synchronous: options.synchronous,
    poolSize: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
    onBackgroundError: (err) => logger.warn({ err }, 'database connection failed; reconnecting'),
  }).catch(async (err: unknown) => {
    await http.close();
    throw err;
  });

  // User scripts and jq programs run in worker threads with time and memory limits, never on this thread.
  const scripts = createScriptSandbox();
  const jq = createJqSandbox();
  let app: FastifyInstance | undefined;
  let runtime: Runtime | undefined;
  const events = createEventSystem({
    store,
    runtime: () => runtime!,
    evaluate: (expression, input) => scripts.evaluate(expression, input),
    logger,
    brokers: options.brokers,
  });
  const releaseResources = async (): Promise<void> => {
    await Promise.allSettled([scripts.close(), jq.close(), http.close()]);
    await store.close();
  };
  try {
    const metadata = await MetadataService.load(store);
    runtime = new Runtime({
      store,
      metadata,
      logger,
      scripts,
      executors: [http, inlineExecutor(scripts), jqExecutor(jq), events.executor],
    });
    const builtApp = buildApp({
      store,
      metadata,
      runtime,
      loggerInstance: logger,
      bodyLimit: options.bodyLimit,
      uiDir: options.uiDir === false ? undefined : (options.uiDir ?? defaultUiDir()),
      allowedHosts:
        isLoopbackBind(host) || options.allowedHosts?.length
          ? [...LOOPBACK_HOST_NAMES, host, ...(options.allowedHosts ?? [])]
          : undefined,
      timeouts: options.timeouts,
    });
    events.routes(builtApp);
    const sandboxQueues = { script: () => scripts.queueLength(), jq: () => jq.queueLength() };
    registerMetricsRoutes(
      builtApp,
      createServerMetrics({ events: runtime.events, store, metadata, sandboxQueues }),
    );
    app = builtApp;
    await builtApp.listen({ port, host });
    const boundPort = listeningPort(builtApp);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
    runtime.start();
    await events.start();
    logger.info(`Baton listening on ${url}`);

    const started = runtime;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await events.stop();
        // Stop the runtime first: it releases waiting long-polls, which would otherwise hold app.close()
        // until their timeouts. Updates in flight still complete: the store stays open until the end.
        await started.stop();
        await builtApp.close();
        await releaseResources();
      })());

    return { url, port: boundPort, app: builtApp, store, metadata, runtime: started, close };
  } catch (error) {
    await events.stop().catch(() => undefined);
    await runtime?.stop();
    await app?.close();
    await releaseResources();
    throw error;
  }
}

function listeningPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Server is not listening on a TCP port');
  return address.port;
}
