// The `baton` command's start-up, run from sources in child processes: --version, help with every option,
// one-line errors that name the path or port (with nothing written), and a server under npm that stops when npm's
// shell goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const nodeArgs = ['--conditions=baton-source', '--import', 'tsx', 'packages/server/src/cli.ts'];

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-cli-startup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

void test('--version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/server/package.json'), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-v']) {
    const result = runCli(flag);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  }
});

void test('baton --help lists the commands and the server options', () => {
  const result = runCli('--help');
  assert.equal(result.status, 0);
  for (const text of ['server ', '--version', '--port <n>', '--db <db>', '--log-level <lvl>', '--nats-url']) {
    assert.ok(result.stdout.includes(text), text);
  }
});

void test('--db in a missing directory: one line naming the directory, exit 1, nothing created', async (t) => {
  const dir = await tempDir(t);
  const db = join(dir, 'missing', 'baton.db');
  const result = runCli('server', '--port', '0', '--db', db);
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr,
    `baton: --db ${db}: the directory ${join(dir, 'missing')} does not exist: create it, or pick another path\n`,
  );
  assert.equal(existsSync(join(dir, 'missing')), false);
});

void test('--db naming a directory or a path under a file: one line, exit 1', async (t) => {
  const dir = await tempDir(t);
  const onDir = runCli('server', '--port', '0', '--db', dir);
  assert.equal(onDir.status, 1);
  assert.equal(onDir.stderr, `baton: --db ${dir} is a directory: give the path of a database file in it\n`);

  const underFile = join(repoRoot, 'package.json', 'baton.db');
  const result = runCli('server', '--port', '0', '--db', underFile);
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /^baton: --db .*package\.json\/baton\.db: .*package\.json is not a directory: pick another path\n$/,
  );
});

void test('a port in use: one line naming the port, exit 1, and no database file is created', async (t) => {
  const dir = await tempDir(t);
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => taken.close(resolve)));
  const port = (taken.address() as { port: number }).port;
  const db = join(dir, 'baton.db');

  const result = runCli('server', '--port', String(port), '--db', db);
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr,
    `baton: port ${port} on 127.0.0.1 is already in use: stop the program using it, or pick another port with --port\n`,
  );
  assert.equal(existsSync(db), false);
});

void test('started by npm through a shell, the server shuts down when the shell is killed', async (t) => {
  const dir = await tempDir(t);
  const db = join(dir, 'baton.db');
  // npm exec runs `sh -c <bin> ...`; on SIGTERM it signals that shell, which dies without passing it on.
  const command = [process.execPath, ...nodeArgs, '--port', '0', '--db', db, '--log-level', 'warn']
    .map((a) => `'${a}'`)
    .join(' ');
  const shell = spawn('sh', ['-c', `${command}; exit $?`], {
    cwd: repoRoot,
    env: { ...process.env, npm_command: 'exec', npm_lifecycle_event: 'npx' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let url: string | undefined;
  const lines = createInterface({ input: shell.stdout });
  for await (const line of lines) {
    url = /Baton listening on (http:\/\/[\d.:]+)/.exec(line)?.[1];
    if (url) break;
  }
  assert.ok(url, 'the server reported where it listens');
  assert.equal((await fetch(`${url}/health`)).status, 200);

  shell.kill('SIGTERM');
  await once(shell, 'exit');
  // The orphaned server notices and closes; until then it still answers.
  for (;;) {
    try {
      await fetch(`${url}/health`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } catch {
      break;
    }
  }
  assert.equal(existsSync(db), true);
});
