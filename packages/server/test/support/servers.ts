/** In-process servers for tests: one per test, on a database of its own. */
import type { TestContext } from 'node:test';
import { startServer, type BatonServer, type StartServerOptions } from '../../src/start-server.js';
import { createDatabase, type StoreKind } from './databases.js';

/**
 * A silent, API-only server on port 0 over a fresh database of `kind` (more `options` on top); when the test
 * ends it is closed and its database dropped.
 */
export async function freshServer(
  t: Pick<TestContext, 'after'>,
  kind: StoreKind,
  options: StartServerOptions = {},
): Promise<BatonServer> {
  const database = await createDatabase(kind);
  let server: BatonServer;
  try {
    server = await startServer({ port: 0, logLevel: 'silent', uiDir: false, ...options, db: database.db });
  } catch (error) {
    await database.drop();
    throw error;
  }
  t.after(async () => {
    await server.close();
    await database.drop();
  });
  return server;
}
