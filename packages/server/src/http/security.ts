/**
 * The security surface of the app: with auth, the token check on every route plus `/api/token` and
 * `/api/applications`; always, `/api/secrets` and `/api/environment` (Conductor OSS has them without auth).
 */
import type { Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { registerAuthHook } from '../auth/auth-hook.js';
import type { ServerAuth } from '../auth/server-auth.js';
import { AllowedEnvironment } from '../secrets/environment.js';
import { SecretService } from '../secrets/secret-service.js';
import { applicationRoutes } from './routes/applications.js';
import { environmentRoutes } from './routes/environment.js';
import { secretRoutes } from './routes/secrets.js';

export interface AppSecurity {
  /** Present with `--auth`. */
  auth?: ServerAuth;
  secrets: SecretService;
  environment: AllowedEnvironment;
}

/** No auth, secrets that cannot be stored (no key), no environment: what a bare `buildApp` gets. */
export function openSecurity(store: Store): AppSecurity {
  return {
    secrets: new SecretService(store, undefined),
    environment: new AllowedEnvironment([]),
  };
}

/** Call before any other route is added, so the token check sees every route. */
export function registerSecurity(app: FastifyInstance, security: AppSecurity, store: Store): void {
  if (security.auth) {
    registerAuthHook(app, security.auth.applications, security.auth.tokens);
    applicationRoutes(app, security.auth);
  }
  secretRoutes(app, security.secrets, store);
  environmentRoutes(app, security.environment);
}
