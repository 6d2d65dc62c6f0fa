// The OpenAPI document and reference: generated from the registered routes, every documented route real,
// Conductor's doc paths redirected, and documentation that never validates (the routes stay as lenient).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type BatonServer } from '@baton/server';
import { documentedRoutes } from '../src/http/openapi-docs.js';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        parameters?: Array<{ name: string; in: string }>;
        requestBody?: unknown;
      }
    >
  >;
}

let server: BatonServer;
let dir: string;
let doc: OpenApi;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-openapi-'));
  server = await startServer({ port: 0, db: join(dir, 'baton.db'), logLevel: 'silent', uiDir: false });
  const response = await fetch(`${server.url}/api-docs/openapi.json`);
  assert.equal(response.status, 200);
  doc = (await response.json()) as OpenApi;
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

void test('the document is OpenAPI 3 with every API route, its path and query parameters and bodies', () => {
  assert.match(doc.openapi, /^3\./);
  const paths = Object.keys(doc.paths);
  assert.ok(
    paths.every((p) => p.startsWith('/api/')),
    `only the API: ${paths.filter((p) => !p.startsWith('/api/')).join(', ')}`,
  );
  const get = doc.paths['/api/workflow/{workflowId}']?.get;
  assert.equal(get?.summary, 'One execution');
  assert.deepEqual(get?.tags, ['workflow']);
  assert.deepEqual(get?.parameters?.map((p) => `${p.in}:${p.name}`).sort(), [
    'path:workflowId',
    'query:includeTasks',
  ]);
  const update = doc.paths['/api/tasks']?.post;
  assert.ok(JSON.stringify(update?.requestBody).includes('workflowInstanceId'));
  // Event handler routes are registered outside buildApp, and documented too.
  assert.ok(doc.paths['/api/event']);
});

void test('every documented route is a route the server has', () => {
  for (const route of documentedRoutes) {
    const [method, url] = route.split(' ') as [string, string];
    const path = url.replace(/:(\w+)/g, '{$1}');
    assert.ok(doc.paths[path]?.[method.toLowerCase()], `${route} is documented but not served`);
  }
});

void test('documentation does not validate: requests are judged by the routes, as leniently as before', async () => {
  // A boolean in any of the forms Conductor takes.
  const registered = await fetch(`${server.url}/api/metadata/workflow?overwrite=True`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'openapi_wf',
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'a', taskReferenceName: 'a', type: 'SIMPLE' }],
    }),
  });
  assert.equal(registered.status, 200);
  // A bad body gets Conductor's error body from the route's own validation, with the field path.
  const started = await fetch(`${server.url}/api/workflow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'openapi_wf', priority: 'high' }),
  });
  assert.equal(started.status, 400);
  const body = (await started.json()) as { validationErrors: Array<{ path: string }> };
  assert.deepEqual(
    body.validationErrors.map((e) => e.path),
    ['priority'],
  );
});

void test("the reference is at /api-docs, and Conductor's doc paths redirect to it", async () => {
  const page = await fetch(`${server.url}/api-docs`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Swagger UI/);
  const springdoc = await fetch(`${server.url}/v3/api-docs`, { redirect: 'manual' });
  assert.equal(springdoc.status, 302);
  assert.equal(springdoc.headers.get('location'), '/api-docs/openapi.json');
  const swaggerUi = await fetch(`${server.url}/swagger-ui/index.html`, { redirect: 'manual' });
  assert.equal(swaggerUi.headers.get('location'), '/api-docs');
});
