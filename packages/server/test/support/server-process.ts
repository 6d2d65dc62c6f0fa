/** A Baton server run from sources as its own process, as an operator runs it (crash and cluster tests). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const LISTENING = /Baton listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts `baton server --port 0 --db <db>` and resolves once it logs the URL it listens on. */
export function spawnServer(db: string, extraArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=baton-source', '--import', 'tsx', CLI, 'server', '--port', '0', '--db', db, ...extraArgs],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not report listening within 30 s\n${stderr}`));
    }, 30_000);
    // Keep reading stdout after the listening line, or a chatty server would block on a full pipe.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = LISTENING.exec(line)?.[1];
      if (url) {
        clearTimeout(giveUp);
        resolve({ url, child, exited });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(giveUp);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
}

export async function killHard(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}
