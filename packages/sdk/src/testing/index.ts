/** `@baton/sdk/testing`: helpers for testing workflows and workers against a real, in-process Baton server. */
export { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';
