/**
 * A real Baton server on port 0 with a temp SQLite file, serving the built UI. When packages/ui/dist is
 * missing or older than the sources (a developer edited the UI without `npm run build`), the UI is built
 * into a temp directory for this test file instead, so a test never runs against stale code and never
 * races another test file writing dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type BatonServer, type StartServerOptions } from '@baton/server';

const uiRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface UiServer {
  server: BatonServer;
  url: string;
  close(): Promise<void>;
}

/** `options` adds to the defaults (e.g. `auth`). */
export async function startUiServer(options: Partial<StartServerOptions> = {}): Promise<UiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-ui-'));
  // undefined: the server finds packages/ui/dist itself, exactly as `baton server` does.
  const uiDir = isBuildFresh() ? undefined : buildInto(join(dir, 'dist'));
  const server = await startServer({
    port: 0,
    dbPath: join(dir, 'baton.db'),
    logLevel: 'silent',
    uiDir,
    ...options,
  });
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function isBuildFresh(): boolean {
  const index = join(uiRoot, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const sources = [
    join(uiRoot, 'index.html'),
    join(uiRoot, 'vite.config.ts'),
    ...filesUnder(join(uiRoot, 'src')),
  ];
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function buildInto(outDir: string): string {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: uiRoot,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stderr}${result.stdout}`);
  return outDir;
}
