export { startServer, type BatonServer, type StartServerOptions } from './start-server.js';
export { buildApp, DEFAULT_BODY_LIMIT, type AppOptions } from './http/app.js';
export { MetadataService, type WorkflowDefSummary } from './metadata/metadata-service.js';
export * from './errors.js';
export * from './sandbox/index.js';
