/**
 * `baton apps ...`: applications and access keys straight on the database, for the first setup and for
 * automation. On SQLite only while no server owns the file (use the API, `/api/applications`, then).
 */
import { parseArgs } from 'node:util';
import { APPLICATION_ROLES } from '@baton/protocol';
import { DatabaseInUseError, type Store } from '@baton/store';
import { ApplicationService } from './auth/applications.js';
import { openStore } from './open-store.js';

export const appsHelp = `Usage: baton apps <command> [--db <db>]

Applications and their access keys, written straight to the database (docs/security.md). An SQLite file can
only be changed while no server runs on it; with a server running, use its /api/applications endpoints.

Commands:
  list                                 Applications with their roles.
  create <name> [--role <role>]...     A new application and its first access key (the secret is shown once).
                                       Roles: ${APPLICATION_ROLES.join(', ')}.
  delete <app-id>                      Delete an application and its keys.
  roles add|remove <app-id> <role>     Grant or take back a role.
  keys list <app-id>                   Access keys (ids and status; secrets are never shown again).
  keys create <app-id>                 A new access key (the secret is shown once).
  keys delete <app-id> <key-id>        Revoke a key at once.
  keys toggle <app-id> <key-id>        Deactivate an active key, or reactivate it.

Options:
  --db <db>     SQLite file or postgres:// URL; also BATON_DB or DATABASE_URL. Default: ./baton.db.
`;

/** A mistake in the command line: its message says all (no stack trace). */
export class AppsUsageError extends Error {
  override name = 'AppsUsageError';
}

/** The SQLite owner lock refuses while a server runs on the file: say what to do instead. */
async function openApps(db: string): Promise<Store> {
  try {
    return await openStore({ db });
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    const owner =
      error.ownerPid === undefined ? 'a running Baton server' : `the Baton server with pid ${error.ownerPid}`;
    throw new AppsUsageError(
      `${db} is owned by ${owner}: baton apps changes an SQLite file only while no server runs on it. ` +
        'Stop the server, or use its /api/applications endpoints with an admin token.',
    );
  }
}

export async function appsCommand(args: string[], out: (text: string) => void): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        role: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new AppsUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${appsHelp}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    out(appsHelp);
    return;
  }
  const db = values.db ?? (process.env.BATON_DB || process.env.DATABASE_URL || './baton.db');
  const store = await openApps(db);
  try {
    const apps = new ApplicationService(store);
    const [command, sub, ...rest] = positionals;
    const arg = (i: number, name: string): string => {
      const value = [sub, ...rest][i];
      if (value === undefined) throw new AppsUsageError(`Missing ${name}.\n\n${appsHelp}`);
      return value;
    };
    switch (command) {
      case 'list':
        for (const app of await apps.list()) out(`${app.id}  ${app.name}  ${app.roles.join(',') || '-'}\n`);
        return;
      case 'create': {
        const roles = values.role ?? [];
        const unknown = roles.filter((role) => !(APPLICATION_ROLES as readonly string[]).includes(role));
        if (unknown.length > 0)
          throw new AppsUsageError(
            `Unknown role ${unknown.join(', ')}: one of ${APPLICATION_ROLES.join(', ')}.`,
          );
        const app = await apps.create(arg(0, 'the application name'), 'baton apps');
        for (const role of roles) await apps.addRole(app.id, role);
        const key = await apps.createKey(app.id);
        out(`application ${app.id} (${app.name})\n${keyLines(key)}`);
        return;
      }
      case 'delete':
        await apps.remove(arg(0, 'the application id'));
        return;
      case 'roles': {
        const [id, role] = [arg(1, 'the application id'), arg(2, 'the role')];
        if (sub === 'add') await apps.addRole(id, role);
        else if (sub === 'remove') await apps.removeRole(id, role);
        else throw new AppsUsageError(`Unknown "roles ${sub ?? ''}".\n\n${appsHelp}`);
        out(`${(await apps.get(id)).roles.join(',') || '-'}\n`);
        return;
      }
      case 'keys':
        return await keysCommand(apps, sub, (i, name) => arg(i + 1, name), out);
      default:
        throw new AppsUsageError(`Unknown apps command "${command}".\n\n${appsHelp}`);
    }
  } finally {
    await store.close();
  }
}

async function keysCommand(
  apps: ApplicationService,
  sub: string | undefined,
  arg: (i: number, name: string) => string,
  out: (text: string) => void,
): Promise<void> {
  switch (sub) {
    case 'list':
      for (const key of await apps.keys(arg(0, 'the application id')))
        out(`${key.id}  ${key.status}  created ${new Date(key.createdAt).toISOString()}\n`);
      return;
    case 'create':
      out(keyLines(await apps.createKey(arg(0, 'the application id'))));
      return;
    case 'delete':
      await apps.deleteKey(arg(0, 'the application id'), arg(1, 'the key id'));
      return;
    case 'toggle':
      out(`${(await apps.toggleKey(arg(0, 'the application id'), arg(1, 'the key id'))).status}\n`);
      return;
    default:
      throw new AppsUsageError(`Unknown "keys ${sub ?? ''}".\n\n${appsHelp}`);
  }
}

function keyLines(key: { id: string; secret: string }): string {
  return `key id:     ${key.id}\nkey secret: ${key.secret}\n(the secret is shown this once: store it now)\n`;
}
