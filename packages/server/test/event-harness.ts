/**
 * Test harness for the event system: a real SQLite file, the real runtime and metadata service, the event
 * system on top, and its routes on a real HTTP server on port 0. Brokers are real too (127.0.0.1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { openSqliteStore, type SqliteStore } from '@baton/store';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createEventSystem, type EventSystem, type EventSystemOptions } from '../src/events/event-system.js';
import { registerBodyParsers } from '../src/http/body-parsers.js';
import { registerErrorHandling } from '../src/http/error-response.js';
import { MetadataService } from '../src/metadata/metadata-service.js';
import { Runtime } from '../src/runtime/runtime.js';
import { createScriptSandbox, type ScriptSandbox } from '../src/sandbox/index.js';

export const NATS_URL = 'nats://127.0.0.1:4222';
export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export interface Instance {
  store: SqliteStore;
  /** The real script sandbox, evaluating handler conditions. */
  scripts: ScriptSandbox;
  metadata: MetadataService;
  runtime: Runtime;
  events: EventSystem;
  app: FastifyInstance;
  url: string;
}

export interface Harness {
  /** The live instance (replaced by `restart`). */
  readonly current: Instance;
  /** Shuts everything down and opens it all again on the same database file (a server restart). */
  restart(): Promise<Instance>;
}

type HarnessOptions = Partial<Pick<EventSystemOptions, 'brokers' | 'evaluate'>> & {
  /** Start the processor and broker consumers (default false: tests drive `processVisible`). */
  startEvents?: boolean;
  /** Give the runtime the EVENT executor, so its system-task runner runs EVENT tasks (default false). */
  runnerExecutesEvents?: boolean;
};

export async function openHarness(t: TestContext, options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-events-'));
  const dbPath = join(dir, 'baton.db');
  let current = await openInstance(dbPath, options);
  const close = async (instance: Instance): Promise<void> => {
    await instance.events.stop();
    await instance.app.close();
    await instance.runtime.stop();
    await instance.store.close();
    await instance.scripts.close();
  };
  t.after(async () => {
    await close(current);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get current() {
      return current;
    },
    async restart() {
      await close(current);
      current = await openInstance(dbPath, options);
      return current;
    },
  };
}

async function openInstance(dbPath: string, options: HarnessOptions): Promise<Instance> {
  // BATON_TEST_LOG=debug shows what the event system logs.
  const logger: FastifyBaseLogger = pino({ level: process.env.BATON_TEST_LOG ?? 'silent' });
  const store = await openSqliteStore({ path: dbPath });
  const metadata = await MetadataService.load(store);
  const scripts = createScriptSandbox({ poolSize: 1 });
  const events = createEventSystem({
    store,
    runtime: () => runtime,
    evaluate: options.evaluate ?? ((expression, input) => scripts.evaluate(expression, input)),
    logger,
    brokers: options.brokers,
    processor: { pollIntervalMs: 50 },
  });
  const runtime = new Runtime({
    store,
    metadata,
    logger,
    executors: options.runnerExecutesEvents ? [events.executor] : [],
  });
  runtime.start();
  const app = Fastify({ loggerInstance: logger });
  registerBodyParsers(app);
  registerErrorHandling(app);
  events.routes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  if (options.startEvents) await events.start();
  return { store, scripts, metadata, runtime, events, app, url: `http://127.0.0.1:${address.port}` };
}

/** A workflow with one EVENT task (`emit_ref`) publishing its input to `sink`. */
export function emitterDef(name: string, sink: string, extra: { asyncComplete?: boolean } = {}): WorkflowDef {
  return {
    name,
    version: 1,
    schemaVersion: 2,
    ownerEmail: 'test@example.com',
    timeoutSeconds: 0,
    tasks: [
      {
        name: 'emit',
        taskReferenceName: 'emit_ref',
        type: 'EVENT',
        sink,
        ...extra,
        inputParameters: {
          user: '${workflow.input.user}',
          waitWorkflowId: '${workflow.input.waitWorkflowId}',
          corr: '${workflow.input.corr}',
        },
      },
    ],
  };
}

/** A workflow waiting on one worker task (`wait_ref`, task type `approval`). */
export function waiterDef(name: string): WorkflowDef {
  return {
    name,
    version: 1,
    schemaVersion: 2,
    ownerEmail: 'test@example.com',
    timeoutSeconds: 0,
    tasks: [{ name: 'approval', taskReferenceName: 'wait_ref', type: 'SIMPLE' }],
  };
}

export async function register(instance: Instance, ...defs: WorkflowDef[]): Promise<void> {
  for (const def of defs) await instance.metadata.registerWorkflowDef(def, true);
}

/** The task `ref` of a workflow, read from the store. */
export async function taskOf(instance: Instance, workflowId: string, ref: string): Promise<Task> {
  const workflow = await instance.store.getWorkflow(workflowId, true);
  const task = workflow?.tasks.find((t) => t.referenceTaskName === ref);
  if (!task) throw new Error(`workflow ${workflowId} has no task ${ref}`);
  return task;
}

export async function workflowOf(instance: Instance, workflowId: string): Promise<Workflow> {
  const workflow = await instance.store.getWorkflow(workflowId, true);
  if (!workflow) throw new Error(`no workflow ${workflowId}`);
  return workflow;
}

/**
 * Runs the EVENT task of a workflow with the executor, the way the runtime's system-task runner will, and
 * reports the outcome to the runtime. Returns the outcome.
 */
export async function runEventTask(instance: Instance, workflowId: string, ref = 'emit_ref') {
  const task = await taskOf(instance, workflowId, ref);
  const outcome = await instance.events.executor.execute(task, new AbortController().signal);
  await instance.runtime.updateTask({
    workflowInstanceId: workflowId,
    taskId: task.taskId,
    status: outcome.status,
    outputData: outcome.outputData,
    reasonForIncompletion: outcome.reasonForIncompletion,
  });
  return outcome;
}

/** Re-checks `probe` until it returns a value (bounded: fails instead of hanging). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  attempts = 200,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function call(
  instance: Instance,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${instance.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
}

export interface TcpProxy {
  port: number;
  /** Cuts every open connection (as a broker restart would); new connections still go through. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay to 127.0.0.1:`targetPort`, to break a client's connection to a real broker on purpose. The
 * caller closes it (after the clients using it are closed).
 */
export async function openTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = tcpConnect({ port: targetPort, host: '127.0.0.1' });
    track(client);
    track(upstream);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy not on TCP');
  const proxy: TcpProxy = {
    port: address.port,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.dropConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
