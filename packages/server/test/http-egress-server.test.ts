// An HTTP task aimed at Baton's own API, on a real server: without a policy it can delete a task definition
// (the attack is real); `baton server --http-deny-private` refuses the call, the task fails with the reason
// and the definition stays.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Workflow } from '@baton/protocol';
import { startServer } from '@baton/server';
import { httpApi } from './http-api.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-egress-server-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Registers a victim task definition and runs an HTTP task that deletes it through the server's own API. */
async function attackOwnApi(baseUrl: string): Promise<{ run: Workflow; victimLeft: boolean }> {
  const api = httpApi(() => baseUrl);
  await api.ok('POST', '/metadata/taskdefs', [{ name: 'victim', retryCount: 0 }]);
  await api.ok('POST', '/metadata/workflow', {
    name: 'own_api_attack',
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'delete_victim',
        taskReferenceName: 'delete_victim',
        type: 'HTTP',
        inputParameters: {
          http_request: { uri: `${baseUrl}/api/metadata/taskdefs/victim`, method: 'DELETE' },
        },
      },
    ],
  });
  const id = (await api.ok('POST', '/workflow/own_api_attack', {})).text;
  const run = await api.waitFor(id, (wf) => wf.status !== 'RUNNING');
  const victim = await api.send('GET', '/metadata/taskdefs/victim');
  return { run, victimLeft: victim.status === 200 };
}

void test('without a policy, an HTTP task can reach the server it runs on', async () => {
  const server = await startServer({ port: 0, dbPath: join(dir, 'open.db'), logLevel: 'silent' });
  try {
    const { run, victimLeft } = await attackOwnApi(server.url);
    assert.equal(run.status, 'COMPLETED');
    assert.equal(victimLeft, false);
  } finally {
    await server.close();
  }
});

void test('with --http-deny-private the call is refused, the task fails with the reason, nothing is deleted', async () => {
  const child = spawn(
    process.execPath,
    [
      ...['--conditions=baton-source', '--import', 'tsx', 'packages/server/src/cli.ts', 'server'],
      ...['--port', '0', '--db', join(dir, 'guarded.db'), '--http-deny-private'],
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await listeningUrl(child);
    const { run, victimLeft } = await attackOwnApi(url);
    assert.equal(run.status, 'FAILED');
    const [task] = run.tasks;
    assert.equal(task?.status, 'FAILED');
    assert.match(
      task.reasonForIncompletion ?? '',
      /^Failed to invoke HTTP task due to: the HTTP egress policy refuses 127\.0\.0\.1:\d+: 127\.0\.0\.1 is a loopback address$/,
    );
    assert.equal(victimLeft, true);
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const url = /Baton listening on (http:\/\/[^\s"]+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
    lines.on('close', () => reject(new Error('the server exited before it was listening')));
  });
}
