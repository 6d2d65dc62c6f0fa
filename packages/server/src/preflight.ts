/**
 * Checks the CLI makes before `baton server` opens anything, so a server that could not listen writes nothing
 * (no database file is created) and every failure is one line that names the port or path and what to do.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { isPostgresUrl } from './open-store.js';

/** A start-up failure whose message says everything a user needs; the CLI prints it without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Binds the port for a moment and lets it go: the server binds it for good only after the store is open. */
export async function checkPortAvailable(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    throw listenError(error, host, port);
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
}

/** The one-line form of an error from listening on host:port (also for the server's own listen). */
export function listenError(error: unknown, host: string, port: number): Error {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new StartupError(
        `port ${port} on ${host} is already in use: stop the program using it, or pick another port with --port`,
      );
    case 'EACCES':
      return new StartupError(
        `port ${port} on ${host} needs privileges this user lacks: pick a port above 1023 with --port`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(`--host ${host} is not an address of this machine: pick one with --host`);
    default:
      return error as Error;
  }
}

/** An SQLite path must be a file that can be read and written, or one that can be created. */
export function checkDbPath(db: string): void {
  if (isPostgresUrl(db)) return;
  const file = resolve(db);
  const dir = dirname(file);
  const stats = statOrUndefined(file);
  if (stats?.isDirectory())
    throw new StartupError(`--db ${db} is a directory: give the path of a database file in it`);
  if (stats) {
    if (!accessible(file, constants.R_OK | constants.W_OK))
      throw new StartupError(
        `--db ${db} is not writable by this user: fix its permissions or pick another file`,
      );
    return;
  }
  const parent = statOrUndefined(dir);
  if (!parent)
    throw new StartupError(
      `--db ${db}: the directory ${dir} does not exist: create it, or pick another path`,
    );
  if (!parent.isDirectory())
    throw new StartupError(`--db ${db}: ${dir} is not a directory: pick another path`);
  if (!accessible(dir, constants.W_OK | constants.X_OK))
    throw new StartupError(
      `--db ${db}: cannot create the file, ${dir} is not writable by this user: pick another path`,
    );
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
