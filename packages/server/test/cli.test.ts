// The `baton` command, run from sources in a child process: help, usage errors, and a server that shuts down
// cleanly on SIGTERM with its database intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@baton/store';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const nodeArgs = ['--conditions=baton-source', '--import', 'tsx', 'packages/server/src/cli.ts'];

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

void test('--help lists the commands and server --help explains every option', () => {
  const main = runCli('--help');
  assert.equal(main.status, 0);
  assert.match(main.stdout, /baton server/);

  const server = runCli('server', '--help');
  assert.equal(server.status, 0);
  for (const option of ['--port', '--host', '--db', '--log-level', '--sync']) {
    assert.match(server.stdout, new RegExp(`${option} <\\w+>\\s+\\S.*\\.`), option);
  }
  for (const option of [
    '--http-max-read-timeout',
    '--http-concurrency-per-host',
    '--sandbox-workers-per-workflow',
  ]) {
    assert.match(server.stdout, new RegExp(`${option} <\\w+>`), option);
  }
});

void test('unknown options, commands and bad values exit with 2 and a message', () => {
  const unknownOption = runCli('server', '--bogus');
  assert.equal(unknownOption.status, 2);
  assert.match(unknownOption.stderr, /--bogus/);

  const unknownCommand = runCli('serve');
  assert.equal(unknownCommand.status, 2);
  assert.match(unknownCommand.stderr, /Unknown command "serve"/);

  const badPort = runCli('server', '--port', 'eighty');
  assert.equal(badPort.status, 2);
  assert.match(badPort.stderr, /Invalid --port "eighty"/);

  const badSync = runCli('server', '--sync', 'sometimes');
  assert.equal(badSync.status, 2);
  assert.match(badSync.stderr, /Invalid --sync/);

  const badLimit = runCli('server', '--http-concurrency-per-host', '0');
  assert.equal(badLimit.status, 2);
  assert.match(badLimit.stderr, /Invalid --http-concurrency-per-host "0"/);
});

void test('server logs where it listens, serves, and exits 0 on SIGTERM leaving the database intact', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'baton-cli-'));
  const dbPath = join(dir, 'baton.db');
  try {
    const child = spawn(
      process.execPath,
      [...nodeArgs, 'server', '--port', '0', '--db', dbPath, '--sync', 'full'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(child, 'exit');

    const url = await listeningUrl(child.stdout);

    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    const registered = await fetch(`${url}/api/metadata/taskdefs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'cli_task', retryCount: 5 }]),
    });
    assert.equal(registered.status, 200);

    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, null);
    assert.equal(code, 0);

    const store = await openSqliteStore({ path: dbPath });
    try {
      assert.equal((await store.getTaskDef('cli_task'))?.retryCount, 5);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Reads JSON log lines until the listening line; later lines keep being read (and dropped) so the pipe never fills. */
function listeningUrl(stdout: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      const { msg } = JSON.parse(line) as { msg?: string };
      const url = /Baton listening on (http:\/\/\S+)/.exec(msg ?? '')?.[1];
      if (url) resolve(url);
    });
    lines.on('close', () => reject(new Error('the server exited before it was listening')));
  });
}

void test('a second server on a database file another server owns refuses to start, writing nothing to it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'baton-cli-'));
  const dbPath = join(dir, 'shared.db');
  const first = spawn(process.execPath, [...nodeArgs, 'server', '--port', '0', '--db', dbPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstExited = once(first, 'exit');
  try {
    const url = await listeningUrl(first.stdout);
    const second = spawnSync(process.execPath, [...nodeArgs, 'server', '--port', '0', '--db', dbPath], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(second.status, 1);
    assert.equal(second.stdout, '');
    const lines = second.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, second.stderr);
    assert.equal(
      lines[0],
      `baton: ${dbPath} is in use by another Baton server (pid ${first.pid}): stop that server, or give this ` +
        'one its own --db (several servers share a PostgreSQL database, not a file)',
    );
    // The owner is undisturbed: it goes on writing, and its data is all there after a clean stop.
    const registered = await fetch(`${url}/api/metadata/taskdefs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'owned' }]),
    });
    assert.equal(registered.status, 200);
    first.kill('SIGTERM');
    assert.deepEqual(await firstExited, [0, null]);
    const store = await openSqliteStore({ path: dbPath });
    try {
      assert.equal((await store.getTaskDef('owned'))?.name, 'owned');
    } finally {
      await store.close();
    }
  } finally {
    first.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
});

void test('a server whose PostgreSQL cannot be reached exits 1 with one line naming the database, no password', () => {
  const result = runCli('server', '--port', '0', '--db', 'postgres://baton:hunter2@127.0.0.1:1/baton');
  assert.equal(result.status, 1);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^baton: .*127\.0\.0\.1:1.*baton/);
  assert.doesNotMatch(result.stderr, /hunter2/);
});
