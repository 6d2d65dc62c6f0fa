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
import type { CreatedAccessKey } from '@baton/protocol';
import { openServerAuth, type AuthOptions } from './auth/server-auth.js';
import { createEventSystem } from './events/event-system.js';
import { StatusListeners } from './events/status-listeners.js';
import { httpExecutor, type HttpExecutorOptions, type HttpLimitsOptions } from './executors/http.js';
import { inlineExecutor } from './executors/inline.js';
import { jqExecutor } from './executors/jq.js';
import { buildApp } from './http/app.js';
import { isLoopbackBind, LOOPBACK_HOST_NAMES } from './http/host-check.js';
import type { ServerTimeouts } from './http/server-timeouts.js';
import { defaultUiDir } from './http/ui-static.js';
import { MetadataService } from './metadata/metadata-service.js';
import { isPostgresUrl, openStore } from './open-store.js';
import { ExternalPayloads } from './payloads/external-payloads.js';
import { payloadLimitProperties, payloadLimits } from './payloads/payload-limits.js';
import { registerMetricsRoutes } from './metrics/metrics-routes.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { Runtime } from './runtime/runtime.js';
import { adminRoutes } from './http/routes/admin.js';
import { schedulerRoutes } from './http/routes/scheduler.js';
import { SERVER_VERSION } from './http/routes/version.js';
import { ScheduleService } from './scheduler/schedule-service.js';
import { Scheduler } from './scheduler/scheduler.js';
import {
  createJqSandbox,
  createScriptSandbox,
  type JqSandboxOptions,
  type ScriptSandboxOptions,
} from './sandbox/index.js';
import { AllowedEnvironment } from './secrets/environment.js';
import { SecretBox } from './secrets/secret-box.js';
import { secretMask } from './secrets/secret-mask.js';
import { SecretService } from './secrets/secret-service.js';
import { TaskInputs } from './secrets/task-inputs.js';

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
  /** The longest an execute, state update or signal may wait for its workflow, in seconds. Default 300. */
  maxWaitSeconds?: number;
  /** Count the store's SQL statements by kind, served in `/metrics` (`baton_store_statements_total`); for benches. */
  countStatements?: boolean;
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
   * Caps on HTTP tasks: connect and read timeouts, and calls at once in all and to one host (docs/security.md,
   * "Fair executors"). Default: 10 s, 60 s, 32, 8.
   */
  httpLimits?: HttpLimitsOptions;
  /**
   * The script sandboxes (one for INLINE tasks, one for JavaScript conditions; `script` configures both) and
   * the jq sandbox: worker threads, time limit, the workers one workflow may occupy, queue bounds. Default:
   * 2 workers each, 4 s, half the workers, 10,000 waiting.
   */
  sandboxes?: { script?: ScriptSandboxOptions; jq?: JqSandboxOptions };
  /**
   * Host names the server answers to besides localhost, 127.0.0.1 and [::1] (DNS rebinding, docs/security.md).
   * The check is on when bound to loopback or when names are given here.
   */
  allowedHosts?: string[];
  /** Request, header and keep-alive timeouts. Default: 60 s, 30 s, 72 s. */
  timeouts?: ServerTimeouts;
  /**
   * Payload size thresholds and hard limits by Conductor's property names, e.g.
   * `{ 'conductor.app.maxTaskOutputPayloadSizeThreshold': '30MB' }` (docs/external-payloads.md). Default: Conductor's.
   */
  payloadLimits?: Record<string, string | number>;
  /**
   * Applications, access keys and tokens on every `/api` call (docs/security.md); `true` for the defaults.
   * Also turns the HTTP task's `denyPrivate` on unless `httpEgress.denyPrivate` says otherwise. Default: off.
   */
  auth?: boolean | AuthOptions;
  /** The key that seals secrets: 32 bytes as 64 hex digits or base64. Without it secrets cannot be stored. */
  secretsKey?: string;
  /** Server environment variables visible as `${workflow.env.NAME}` and in `GET /api/environment`. */
  envAllow?: string[];
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
  /** With auth, the admin key generated on this first start (show it once); otherwise undefined. */
  generatedAdminKey?: CreatedAccessKey;
}

export async function startServer(options: StartServerOptions = {}): Promise<BatonServer> {
  const { port = 8080, host = '127.0.0.1', logLevel = 'info' } = options;
  const logger = pino({ level: logLevel });
  const authOptions = options.auth === true ? {} : options.auth || undefined;
  // First, so a bad egress entry, payload limit or secrets key is reported before anything is opened.
  const secretBox =
    options.secretsKey === undefined ? undefined : SecretBox.fromText(options.secretsKey, 'The secrets key');
  const http = httpExecutor({
    ...options.httpEgress,
    ...options.httpLimits,
    denyPrivate: options.httpEgress?.denyPrivate ?? authOptions !== undefined,
  });
  // User scripts and jq programs run in worker threads with time and memory limits, never on this thread.
  // The threads start on first use.
  // Operators' conditions (SWITCH, DO_WHILE, LAMBDA, event handlers) decide where a workflow goes next: they
  // have a pool of their own, so INLINE tasks, however many of them loop, never delay them.
  const scripts = createScriptSandbox(options.sandboxes?.script);
  const inlineScripts = createScriptSandbox(options.sandboxes?.script);
  const jq = createJqSandbox(options.sandboxes?.jq);
  const limits = payloadLimits(options.payloadLimits);
  const payloads = new ExternalPayloads(limits);
  const db = options.db ?? options.dbPath ?? './baton.db';
  const store = await openStore({
    db,
    synchronous: options.synchronous,
    poolSize: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
    countStatements: options.countStatements,
    onBackgroundError: (err) => logger.warn({ err }, 'database connection failed; reconnecting'),
  }).catch(async (err: unknown) => {
    await Promise.allSettled([scripts.close(), inlineScripts.close(), jq.close(), http.close()]);
    throw err;
  });

  let app: FastifyInstance | undefined;
  let runtime: Runtime | undefined;
  let scheduler: Scheduler | undefined;
  const secrets = new SecretService(store, secretBox);
  const events = createEventSystem({
    store,
    runtime: () => runtime!,
    evaluate: (expression, input) => scripts.evaluate(expression, input),
    logger,
    brokers: options.brokers,
    maskSecrets: secretMask(secrets),
  });
  const releaseResources = async (): Promise<void> => {
    await Promise.allSettled([scripts.close(), inlineScripts.close(), jq.close(), http.close()]);
    await store.close();
  };
  try {
    const metadata = await MetadataService.load(store);
    const environment = new AllowedEnvironment(options.envAllow ?? []);
    const auth = authOptions && (await openServerAuth(store, authOptions));
    runtime = new Runtime({
      taskInputs: new TaskInputs(secrets, environment),
      store,
      metadata,
      logger,
      scripts,
      payloads,
      executors: [http, inlineExecutor(inlineScripts), jqExecutor(jq), events.executor],
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
      maxWaitSeconds: options.maxWaitSeconds,
      security: { auth, secrets, environment },
    });
    events.routes(builtApp);
    scheduler = new Scheduler(store, runtime, logger);
    schedulerRoutes(builtApp, { schedules: new ScheduleService(store), scheduler, store });
    adminRoutes(builtApp, {
      store,
      metadata,
      runtime,
      config: {
        version: SERVER_VERSION,
        'conductor.db.type': isPostgresUrl(db) ? 'postgres' : 'sqlite',
        'server.host': host,
        ...payloadLimitProperties(limits),
      },
    });
    const statusListeners = new StatusListeners({
      publisher: events.publisher,
      logger,
      taskDef: (name) => metadata.taskDef(name),
    });
    const detachListeners = statusListeners.attach(runtime.events);
    const sandboxQueues = {
      script: () => scripts.queueLength() + inlineScripts.queueLength(),
      jq: () => jq.queueLength(),
    };
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
    scheduler.start();
    logger.info(`Baton listening on ${url}`);

    const started = runtime;
    const startedScheduler = scheduler;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await startedScheduler.stop();
        detachListeners();
        await statusListeners.idle();
        await events.stop();
        // Stop the runtime first: it releases waiting long-polls, which would otherwise hold app.close()
        // until their timeouts. Updates in flight still complete: the store stays open until the end.
        await started.stop();
        await builtApp.close();
        await releaseResources();
      })());

    return {
      url,
      port: boundPort,
      app: builtApp,
      store,
      metadata,
      runtime: started,
      close,
      generatedAdminKey: auth?.generatedAdminKey,
    };
  } catch (error) {
    await scheduler?.stop();
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
