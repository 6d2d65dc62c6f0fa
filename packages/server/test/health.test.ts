// §1.4 health, and the server's lifecycle around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@baton/server';

void test('GET /health and /api/health answer healthy; close is idempotent and stops answering', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'baton-health-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    for (const path of ['/health', '/api/health']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await res.json(), { healthResults: [], suppressedHealthResults: [], healthy: true });
    }
  } finally {
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  await assert.rejects(fetch(`${server.url}/health`));
});
