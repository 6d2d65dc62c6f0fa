/**
 * An in-process Baton server on a free port with a throwaway SQLite file, for tests that run real workflows with
 * no set-up. Baton is imported only when this is called, so the SDK itself never depends on the server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrkesClients } from '../clients/orkes-clients.js';
import { Configuration, type ConfigurationOptions } from '../config/configuration.js';

/** The part of @baton/server this helper uses. */
interface BatonServerModule {
  startServer(options: { port: number; dbPath: string; logLevel: string }): Promise<{
    url: string;
    close(): Promise<void>;
  }>;
}

export interface TestServer {
  /** Server root, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `${url}/api` */
  serverApiUrl: string;
  /** A configuration pointing at this server (no auth). */
  configuration: Configuration;
  /** Clients on that configuration. */
  clients: OrkesClients;
  /** Stops the server and deletes its database. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Server log level. Default `silent`. */
  logLevel?: string;
  /** Extra configuration for the clients (retries, timeouts). */
  configuration?: Omit<ConfigurationOptions, 'baseUrl' | 'serverApiUrl'>;
}

/**
 * Starts Baton in this process (needs the `@baton/server` package installed).
 *
 * @example
 * import { startTestServer } from '@baton/sdk/testing';
 *
 * const server = await startTestServer();
 * try {
 *   const executor = server.clients.getWorkflowExecutor();
 *   // register workflows, start a TaskHandler with server.configuration, execute ...
 * } finally {
 *   await server.close();
 * }
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const specifier = '@baton/server';
  let baton: BatonServerModule;
  try {
    baton = (await import(specifier)) as BatonServerModule;
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND' || !String(cause).includes(specifier))
      throw cause;
    throw new Error(`startTestServer needs the ${specifier} package: npm install --save-dev ${specifier}`, {
      cause,
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'baton-sdk-test-'));
  try {
    const server = await baton.startServer({
      port: 0,
      dbPath: join(dir, 'baton.db'),
      logLevel: options.logLevel ?? 'silent',
    });
    const configuration = new Configuration({ ...options.configuration, baseUrl: server.url, env: {} });
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      serverApiUrl: configuration.serverApiUrl,
      configuration,
      clients: new OrkesClients(configuration),
      close: () =>
        (closing ??= (async () => {
          await server.close();
          await rm(dir, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
