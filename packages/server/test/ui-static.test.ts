// The web UI on the API's port, against a real server with a temp dist directory: pages and deep links get
// index.html (never cached), hashed assets are cached for good, and API paths keep Conductor's 404 body.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type BatonServer } from '@baton/server';

let dir: string;
const INDEX = '<!doctype html><html><body><div id="root"></div>baton-ui-test-marker</body></html>';
const ASSET = 'console.log("asset")';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-ui-static-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), INDEX);
  await writeFile(join(dir, 'dist', 'assets', 'index-Ab12Cd34.js'), ASSET);
  await mkdir(join(dir, 'empty'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withServer(uiDir: string | false, run: (server: BatonServer) => Promise<void>): Promise<void> {
  const server = await startServer({
    port: 0,
    dbPath: join(dir, `${Math.random()}.db`),
    logLevel: 'silent',
    uiDir,
  });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function expectConductor404(server: BatonServer, method: string, path: string): Promise<void> {
  const res = await fetch(`${server.url}${path}`, { method });
  assert.equal(res.status, 404, `${method} ${path}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as { status: number; message: string };
  assert.equal(body.status, 404);
  assert.equal(body.message, `No endpoint ${method} ${path.split('?')[0]}`);
}

void describe('the built UI', () => {
  let server: BatonServer;
  before(async () => {
    server = await startServer({
      port: 0,
      dbPath: join(dir, 'built.db'),
      logLevel: 'silent',
      uiDir: join(dir, 'dist'),
    });
  });
  after(async () => server?.close());

  void test('/ is index.html, revalidated on every load', async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(await res.text(), INDEX);
  });

  void test('deep links to pages load index.html', async () => {
    for (const path of [
      '/execution/0f8c1e9a-1111-4222-8333-444455556666',
      '/definitions/workflow/a.b',
      '/executions?q=x',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.equal(await res.text(), INDEX, path);
    }
  });

  void test('hashed assets are immutable', async () => {
    const res = await fetch(`${server.url}/assets/index-Ab12Cd34.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await res.text(), ASSET);
  });

  void test('pages and assets forbid framing, sniffing and other origins', async () => {
    for (const path of ['/', '/execution/abc', '/assets/index-Ab12Cd34.js']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  void test('a missing asset is a 404, not the page', async () => {
    const res = await fetch(`${server.url}/assets/gone-123.js`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /baton-ui-test-marker/);
  });

  void test('unknown API paths keep the Conductor 404 body', async () => {
    await expectConductor404(server, 'GET', '/api/no/such/route?x=1');
    await expectConductor404(server, 'GET', '/api');
    await expectConductor404(server, 'POST', '/api/nothing');
    await expectConductor404(server, 'DELETE', '/execution/abc');
  });

  void test('the API and health answer as before', async () => {
    const health = await fetch(`${server.url}/health`);
    assert.deepEqual(await health.json(), { healthResults: [], suppressedHealthResults: [], healthy: true });
    const defs = await fetch(`${server.url}/api/metadata/workflow`);
    assert.equal(defs.status, 200);
    assert.deepEqual(await defs.json(), []);
  });
});

void test('without a build, pages answer a plain-text hint and the API is untouched', async () => {
  await withServer(join(dir, 'empty'), async (server) => {
    for (const path of ['/', '/execution/abc']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
      assert.match(await res.text(), /UI not built: run npm run build/);
    }
    await expectConductor404(server, 'GET', '/api/nope');
  });
});

void test('uiDir false serves the API alone', async () => {
  await withServer(false, async (server) => {
    await expectConductor404(server, 'GET', '/');
    await expectConductor404(server, 'GET', '/execution/abc');
  });
});
