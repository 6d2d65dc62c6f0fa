/**
 * Starts a complete Baton server in this process: store, definitions, runtime and HTTP.
 *
 * @example
 * const server = await startServer({ port: 0, dbPath: '/tmp/baton.db', logLevel: 'silent' });
 * await fetch(`${server.url}/health`);
 * await server.close();
 */
import { openSqliteStore, type Store } from '@baton/store';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './http/app.js';
import { MetadataService } from './metadata/metadata-service.js';
import { Runtime } from './runtime/runtime.js';

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** SQLite database file, created when missing. Default ./baton.db. */
  dbPath?: string;
  /** Pino level (`trace` ... `fatal`, or `silent`). Default info. */
  logLevel?: string;
  /** NORMAL survives a process crash; FULL also survives power loss, at a cost per commit. Default NORMAL. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Largest accepted request body in bytes. Default 10 MiB. */
  bodyLimit?: number;
}

export interface BatonServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  metadata: MetadataService;
  runtime: Runtime;
  /** Releases long-polls, stops accepting requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<BatonServer> {
  const { port = 8080, host = '127.0.0.1', dbPath = './baton.db', logLevel = 'info' } = options;
  const logger = pino({ level: logLevel });
  const store = await openSqliteStore({ path: dbPath, synchronous: options.synchronous ?? 'NORMAL' });

  let app: FastifyInstance | undefined;
  try {
    const metadata = await MetadataService.load(store);
    const runtime = new Runtime({ store, metadata, logger });
    const builtApp = buildApp({
      store,
      metadata,
      runtime,
      loggerInstance: logger,
      bodyLimit: options.bodyLimit,
    });
    app = builtApp;
    await builtApp.listen({ port, host });
    const boundPort = listeningPort(builtApp);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
    runtime.start();
    logger.info(`Baton listening on ${url}`);

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        // Stop the runtime first: it releases waiting long-polls, which would otherwise hold app.close()
        // until their timeouts. Updates in flight still complete: the store stays open until the end.
        await runtime.stop();
        await builtApp.close();
        await store.close();
      })());

    return { url, port: boundPort, app: builtApp, store, metadata, runtime, close };
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
}

function listeningPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Server is not listening on a TCP port');
  return address.port;
}
