/**
 * Who may call what, in one table: every route names the right it needs, and every role lists its rights.
 * A route missing from `routeRights` is refused to everyone (and fails the route-table test), so a new route
 * is never open by accident.
 */
import type { ApplicationRole } from '@baton/protocol';

export const RIGHTS = [
  'metadata:read',
  'metadata:write',
  'execution:read',
  'workflow:run',
  'workflow:manage',
  'task:work',
  'queue:manage',
  'secrets:names',
  'secrets:read',
  'secrets:write',
  'applications:manage',
] as const;
export type Right = (typeof RIGHTS)[number];

/** `public`: no token needed. `authenticated`: any valid token, whatever its roles. */
export type RouteAccess = Right | 'public' | 'authenticated';

/** Baton keeps no per-object ownership: a role's rights cover every workflow, task and definition. */
export const roleRights: Record<ApplicationRole, readonly Right[]> = {
  ADMIN: RIGHTS,
  METADATA_MANAGER: ['metadata:read', 'metadata:write', 'execution:read', 'secrets:names', 'secrets:write'],
  WORKFLOW_MANAGER: [
    'metadata:read',
    'execution:read',
    'workflow:run',
    'workflow:manage',
    'task:work',
    'queue:manage',
    'secrets:names',
  ],
  USER: [
    'metadata:read',
    'metadata:write',
    'execution:read',
    'workflow:run',
    'workflow:manage',
    'task:work',
    'secrets:names',
  ],
  WORKER: ['metadata:read', 'task:work'],
};

export function rightsOf(roles: readonly ApplicationRole[]): Set<Right> {
  return new Set(roles.flatMap((role) => roleRights[role] ?? []));
}

/** `METHOD /pattern` (Fastify's pattern; HEAD uses its GET entry unless it has its own) → what the caller needs. */
export const routeRights: Record<string, RouteAccess> = {
  'GET /health': 'public',
  // Operators' views: the API reference (no data) and Prometheus metrics (scraped without a token, as Conductor's
  // /actuator/prometheus is; keep the port internal when that matters, docs/security.md).
  'GET /metrics': 'public',
  'GET /api-docs': 'public',
  'HEAD /api-docs/': 'public',
  'GET /api-docs/openapi.json': 'public',
  'GET /api-docs/json': 'public',
  'GET /api-docs/yaml': 'public',
  'GET /api-docs/static/*': 'public',
  'GET /api-docs/static/index.html': 'public',
  'GET /api-docs/static/swagger-initializer.js': 'public',
  'GET /v3/api-docs': 'public',
  'GET /swagger-ui/index.html': 'public',
  // The web UI's files (it signs in itself); API paths never reach these routes' files.
  'GET /*': 'public',
  'POST /api/token': 'public',
  'GET /api/token/userInfo': 'authenticated',
  'GET /api/health': 'authenticated',
  'GET /api/version': 'authenticated',
  'GET /api/environment': 'authenticated',
  'GET /api/environment/:key': 'authenticated',

  // §1.1 metadata
  'POST /api/metadata/workflow': 'metadata:write',
  'PUT /api/metadata/workflow': 'metadata:write',
  'GET /api/metadata/workflow': 'metadata:read',
  'POST /api/metadata/workflow/validate': 'metadata:read',
  'GET /api/metadata/workflow/latest-versions': 'metadata:read',
  'GET /api/metadata/workflow/names': 'metadata:read',
  'GET /api/metadata/workflow/names-and-versions': 'metadata:read',
  'GET /api/metadata/workflow/:name': 'metadata:read',
  'GET /api/metadata/workflow/:name/versions': 'metadata:read',
  'DELETE /api/metadata/workflow/:name/:version': 'metadata:write',
  'POST /api/metadata/taskdefs': 'metadata:write',
  'PUT /api/metadata/taskdefs': 'metadata:write',
  'GET /api/metadata/taskdefs': 'metadata:read',
  'GET /api/metadata/taskdefs/:tasktype': 'metadata:read',
  'DELETE /api/metadata/taskdefs/:tasktype': 'metadata:write',

  // §1.2 workflows
  'POST /api/workflow': 'workflow:run',
  'POST /api/workflow/:name': 'workflow:run',
  'POST /api/workflow/execute/:name/:version': 'workflow:run',
  'POST /api/workflow/test': 'workflow:run',
  'GET /api/workflow/:workflowId': 'execution:read',
  'GET /api/workflow/:workflowId/status': 'execution:read',
  'GET /api/workflow/:workflowId/tasks': 'execution:read',
  'GET /api/workflow/running/:name': 'execution:read',
  'GET /api/workflow/:name/correlated/:correlationId': 'execution:read',
  'POST /api/workflow/:name/correlated': 'execution:read',
  'POST /api/workflow/correlated/batch': 'execution:read',
  'GET /api/workflow/search': 'execution:read',
  'GET /api/workflow/search-v2': 'execution:read',
  'GET /api/workflow/search-by-tasks': 'execution:read',
  'GET /api/workflow/search-by-tasks-v2': 'execution:read',
  'GET /api/workflow/externalstoragelocation': 'workflow:run',
  'DELETE /api/workflow/:workflowId': 'workflow:manage',
  'DELETE /api/workflow/:workflowId/remove': 'workflow:manage',
  'DELETE /api/workflow/:workflowId/terminate-remove': 'workflow:manage',
  'PUT /api/workflow/decide/:workflowId': 'workflow:manage',
  'PUT /api/workflow/:workflowId/pause': 'workflow:manage',
  'PUT /api/workflow/:workflowId/resume': 'workflow:manage',
  'PUT /api/workflow/:workflowId/skiptask/:taskReferenceName': 'workflow:manage',
  'POST /api/workflow/:workflowId/restart': 'workflow:manage',
  'POST /api/workflow/:workflowId/retry': 'workflow:manage',
  'POST /api/workflow/:workflowId/rerun': 'workflow:manage',
  'POST /api/workflow/:workflowId/resetcallbacks': 'workflow:manage',
  'POST /api/workflow/:workflowId/variables': 'workflow:manage',
  'POST /api/workflow/:workflowId/state': 'workflow:manage',
  'PUT /api/workflow/bulk/pause': 'workflow:manage',
  'PUT /api/workflow/bulk/resume': 'workflow:manage',
  'POST /api/workflow/bulk/restart': 'workflow:manage',
  'POST /api/workflow/bulk/retry': 'workflow:manage',
  'POST /api/workflow/bulk/terminate': 'workflow:manage',
  'DELETE /api/workflow/bulk/remove': 'workflow:manage',
  'DELETE /api/workflow/bulk/terminate-remove': 'workflow:manage',
  'POST /api/workflow/bulk/search': 'execution:read',

  // §1.3 tasks
  'GET /api/tasks/poll/:tasktype': 'task:work',
  'GET /api/tasks/poll/batch/:tasktype': 'task:work',
  'POST /api/tasks': 'task:work',
  'POST /api/tasks/update-v2': 'task:work',
  'POST /api/tasks/:workflowId/:taskRefName/:status': 'task:work',
  'POST /api/tasks/:workflowId/:taskRefName/:status/sync': 'task:work',
  'POST /api/tasks/:workflowId/:status/signal': 'task:work',
  'POST /api/tasks/:workflowId/:status/signal/sync': 'task:work',
  'POST /api/tasks/:taskId/log': 'task:work',
  'GET /api/tasks/:taskId/log': 'execution:read',
  'GET /api/tasks/:taskId': 'execution:read',
  'GET /api/tasks/externalstoragelocation': 'task:work',
  'GET /api/tasks/queue/size': 'execution:read',
  'GET /api/tasks/queue/sizes': 'execution:read',
  'GET /api/tasks/queue/all': 'execution:read',
  'GET /api/tasks/queue/all/verbose': 'execution:read',
  'GET /api/tasks/queue/polldata': 'execution:read',
  'GET /api/tasks/queue/polldata/all': 'execution:read',
  'POST /api/tasks/queue/requeue/:taskType': 'queue:manage',
  'GET /api/tasks/search': 'execution:read',
  'GET /api/tasks/search-v2': 'execution:read',

  // §1.4 events and the internal event queue
  'POST /api/event': 'metadata:write',
  'PUT /api/event': 'metadata:write',
  'GET /api/event': 'metadata:read',
  'GET /api/event/handler/:name': 'metadata:read',
  // Orkes' event monitor: what handlers did with the messages received
  'GET /api/event/execution': 'execution:read',
  'GET /api/event/execution/:eventHandlerName': 'execution:read',
  'GET /api/event/message': 'execution:read',
  'GET /api/event/message/:event': 'execution:read',
  'GET /api/event/:event': 'metadata:read',
  'DELETE /api/event/:name': 'metadata:write',
  'GET /api/queue': 'execution:read',
  'GET /api/queue/': 'execution:read',
  'GET /api/queue/size': 'execution:read',
  'POST /api/queue/update/:workflowId/:taskRefName/:status': 'queue:manage',
  'POST /api/queue/update/:workflowId/task/:taskId/:status': 'queue:manage',

  // Orkes applications and access keys
  'GET /api/applications': 'applications:manage',
  'POST /api/applications': 'applications:manage',
  'GET /api/applications/:id': 'applications:manage',
  'PUT /api/applications/:id': 'applications:manage',
  'DELETE /api/applications/:id': 'applications:manage',
  'GET /api/applications/key/:accessKeyId': 'applications:manage',
  'POST /api/applications/:id/roles/:role': 'applications:manage',
  'DELETE /api/applications/:id/roles/:role': 'applications:manage',
  'GET /api/applications/:id/accessKeys': 'applications:manage',
  'POST /api/applications/:id/accessKeys': 'applications:manage',
  'DELETE /api/applications/:id/accessKeys/:keyId': 'applications:manage',
  'POST /api/applications/:id/accessKeys/:keyId/status': 'applications:manage',

  // Tags (Orkes), on definitions, event handlers and schedules
  'GET /api/metadata/workflow/:name/tags': 'metadata:read',
  'POST /api/metadata/workflow/:name/tags': 'metadata:write',
  'PUT /api/metadata/workflow/:name/tags': 'metadata:write',
  'DELETE /api/metadata/workflow/:name/tags': 'metadata:write',
  'GET /api/metadata/task/:name/tags': 'metadata:read',
  'POST /api/metadata/task/:name/tags': 'metadata:write',
  'PUT /api/metadata/task/:name/tags': 'metadata:write',
  'DELETE /api/metadata/task/:name/tags': 'metadata:write',
  'GET /api/event/:name/tags': 'metadata:read',
  'POST /api/event/:name/tags': 'metadata:write',
  'PUT /api/event/:name/tags': 'metadata:write',
  'DELETE /api/event/:name/tags': 'metadata:write',
  'GET /api/scheduler/schedules/:name/tags': 'metadata:read',
  'POST /api/scheduler/schedules/:name/tags': 'metadata:write',
  'PUT /api/scheduler/schedules/:name/tags': 'metadata:write',
  'DELETE /api/scheduler/schedules/:name/tags': 'metadata:write',
  'GET /api/event/queues': 'execution:read',

  // Workflow messages and external payloads (workers download inputs and upload outputs)
  'POST /api/workflow/:workflowId/messages': 'workflow:manage',
  'GET /api/external-payloads/*': 'task:work',
  'PUT /api/external-payloads/*': 'task:work',

  // The scheduler: schedules are definitions; pausing one steers executions
  'POST /api/scheduler/schedules': 'metadata:write',
  'GET /api/scheduler/schedules': 'metadata:read',
  'GET /api/scheduler/schedules/tag': 'metadata:read',
  'GET /api/scheduler/schedules/:name': 'metadata:read',
  'DELETE /api/scheduler/schedules/:name': 'metadata:write',
  'GET /api/scheduler/schedules/:name/pause': 'workflow:manage',
  'GET /api/scheduler/schedules/:name/resume': 'workflow:manage',
  'PUT /api/scheduler/schedules/:name/pause': 'workflow:manage',
  'PUT /api/scheduler/schedules/:name/resume': 'workflow:manage',
  'PUT /api/scheduler/bulk/pause': 'workflow:manage',
  'PUT /api/scheduler/bulk/resume': 'workflow:manage',
  'GET /api/scheduler/nextFewSchedules': 'metadata:read',
  'GET /api/scheduler/search/executions': 'execution:read',
  'GET /api/scheduler/admin/pause': 'queue:manage',
  'GET /api/scheduler/admin/resume': 'queue:manage',
  'GET /api/scheduler/admin/requeue': 'queue:manage',

  // Conductor's admin endpoints
  'GET /api/admin/config': 'queue:manage',
  'GET /api/admin/task/:tasktype': 'execution:read',
  'POST /api/admin/sweep/requeue/:workflowId': 'workflow:manage',
  'POST /api/admin/consistency/verifyAndRepair/:workflowId': 'workflow:manage',
  'GET /api/admin/queues': 'execution:read',

  // Secrets (Conductor OSS / Orkes)
  'GET /api/secrets': 'secrets:names',
  'POST /api/secrets': 'secrets:names',
  'GET /api/secrets/:key/exists': 'secrets:names',
  'GET /api/secrets/:key': 'secrets:read',
  'PUT /api/secrets/:key': 'secrets:write',
  'DELETE /api/secrets/:key': 'secrets:write',
  'GET /api/secrets/:key/tags': 'secrets:names',
  'PUT /api/secrets/:key/tags': 'secrets:write',
  'DELETE /api/secrets/:key/tags': 'secrets:write',
};

/** What a request needs; undefined when the route is missing from the table (then refused). */
export function routeAccess(method: string, url: string): RouteAccess | undefined {
  return routeRights[`${method} ${url}`] ?? (method === 'HEAD' ? routeRights[`GET ${url}`] : undefined);
}
