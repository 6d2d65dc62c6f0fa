// `baton apps` and the exposure guard of `baton server`, run from sources in child processes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { freshDatabase } from './support/databases.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const nodeArgs = ['--conditions=baton-source', '--import', 'tsx', 'packages/server/src/cli.ts'];

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: repoRoot, encoding: 'utf8' });
}

void test('without --auth a non-loopback --host is refused with the reason; --insecure allows it', () => {
  const refused = runCli('server', '--host', '0.0.0.0', '--port', '0', '--db', '/nonexistent/never.db');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr.split('\n')[0]!, /^Refusing to bind 0\.0\.0\.0 without --auth: .*--insecure/);
});

void test('baton apps creates an application whose key gets a token with exactly its role', async (t) => {
  const db = await freshDatabase(t, 'sqlite');
  const created = runCli('apps', 'create', 'billing-worker', '--role', 'WORKER', '--db', db);
  assert.equal(created.status, 0, created.stderr);
  const keyId = /key id:\s+(\S+)/.exec(created.stdout)?.[1];
  const keySecret = /key secret:\s+(\S+)/.exec(created.stdout)?.[1];
  assert.ok(keyId && keySecret, created.stdout);
  assert.match(runCli('apps', 'list', '--db', db).stdout, /billing-worker {2}WORKER/);
  assert.equal(runCli('apps', 'create', 'x', '--role', 'BOSS', '--db', db).status, 1);

  const server = spawn(process.execPath, [...nodeArgs, 'server', '--auth', '--port', '0', '--db', db], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(server, 'exit');
  try {
    const lines = createInterface({ input: server.stdout });
    let url = '';
    for await (const line of lines) {
      url = /Baton listening on (http:\/\/[^\s"]+)/.exec(line)?.[1] ?? '';
      if (url) break;
    }
    // An application existed already: no admin key is generated.
    const tokenResponse = await fetch(`${url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keyId, keySecret }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const poll = await fetch(`${url}/api/tasks/poll/batch/billing?timeout=0`, {
      headers: { 'x-authorization': token },
    });
    assert.equal(poll.status, 200);
    const write = await fetch(`${url}/api/metadata/taskdefs`, {
      method: 'POST',
      headers: { 'x-authorization': token, 'content-type': 'application/json' },
      body: '[{"name":"nope"}]',
    });
    assert.equal(write.status, 403);

    const busy = runCli('apps', 'list', '--db', db);
    assert.equal(busy.status, 1);
    assert.match(
      busy.stderr,
      /only while no server runs on it\. Stop the server, or use its \/api\/applications/,
    );
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
});
