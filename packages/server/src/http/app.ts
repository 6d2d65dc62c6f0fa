/**
 * The HTTP application: Fastify with Conductor's routes, body parsing and error bodies. It does not listen;
 * `startServer` does.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { registerBodyParsers } from './body-parsers.js';
import type { RouteDeps } from './deps.js';
import { registerErrorHandling } from './error-response.js';
import { registerHostCheck } from './host-check.js';
import { registerOpenApi } from './openapi.js';
import { externalStorageRoutes } from './routes/external-storage.js';
import { healthRoutes } from './routes/health.js';
import { metadataRoutes } from './routes/metadata.js';
import { synchronousRoutes } from './routes/synchronous.js';
import { definitionTagRoutes } from './routes/tags.js';
import { searchRoutes } from './routes/search.js';
import { taskRoutes } from './routes/tasks.js';
import { workflowBulkRoutes } from './routes/workflow-bulk.js';
import { workflowMessageRoutes } from './routes/workflow-messages.js';
import { workflowTestRoutes } from './routes/workflow-test.js';
import { versionRoutes } from './routes/version.js';
import { workflowStateRoutes } from './routes/workflow-state.js';
import { workflowRoutes } from './routes/workflows.js';
import { serverTimeoutOptions, type ServerTimeouts } from './server-timeouts.js';
import { openSecurity, registerSecurity, type AppSecurity } from './security.js';
import { registerUi } from './ui-static.js';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export interface AppOptions extends RouteDeps {
  /** An existing logger (shared with the runtime); wins over `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** Pino options, or false for no logging, when no `loggerInstance` is given. */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body in bytes; larger ones get 413. Default 10 MiB. */
  bodyLimit?: number;
  /** The built web UI to serve at `/`; without it the app is the API alone. */
  uiDir?: string;
  /** When given, only requests naming one of these (any port) in Host and Origin are answered; see host-check. */
  allowedHosts?: readonly string[];
  /** Request, header and keep-alive timeouts; see `ServerTimeouts` for the defaults. */
  timeouts?: ServerTimeouts;
  /** Auth, secrets and the environment allow-list; default: no auth, no secrets key, no variables. */
  security?: AppSecurity;
}

/** Per-request lines go to `debug`: at `info` they would cost throughput and bury the useful lines. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(...[error, request, reply]: Parameters<LogController['requestCompleted']>): void {
    if (error) {
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    } else {
      request.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

export function buildApp(options: AppOptions): FastifyInstance {
  const {
    loggerInstance,
    logger,
    bodyLimit = DEFAULT_BODY_LIMIT,
    uiDir,
    allowedHosts,
    timeouts,
    security,
    ...deps
  } = options;
  const app = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: logger ?? false }),
    ...serverTimeoutOptions(timeouts),
    bodyLimit,
    logController: new DebugRequestLog(),
    // Workflow and task names travel in paths and may be long.
    routerOptions: { maxParamLength: 1024 },
  });

  if (allowedHosts) registerHostCheck(app, allowedHosts);
  const bodyPool = registerBodyParsers(app, deps.runtime.payloads.limits);
  registerSecurity(app, security ?? openSecurity(deps.store), deps.store);
  registerErrorHandling(app, uiDir === undefined ? undefined : registerUi(app, uiDir));
  registerOpenApi(app);
  healthRoutes(app, deps.store);
  versionRoutes(app);
  metadataRoutes(app, deps);
  definitionTagRoutes(app, deps);
  workflowRoutes(app, deps);
  workflowStateRoutes(app, deps);
  workflowTestRoutes(app, deps);
  workflowBulkRoutes(app, deps);
  workflowMessageRoutes(app, deps);
  taskRoutes(app, deps);
  externalStorageRoutes(app, deps, bodyPool);
  synchronousRoutes(app, deps);
  searchRoutes(app, deps);
  return app;
}
