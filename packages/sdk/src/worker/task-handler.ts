/**
 * Starts and stops workers: one Poller per worker, sharing one HTTP client, one result updater (update-v2 with
 * fallback), one task runner event bus (TaskHandler.on) and one metrics registry subscribed to it. On start it imports `importModules`, collects workers defined with
 * `worker()` (scanForAnnotatedWorkers), applies worker settings from the environment and registers task
 * definitions; on stop (or SIGTERM/SIGINT) it drains: in-flight tasks finish and are reported before stop()
 * resolves.
 *
 * States: created ──start()──▶ started ──stop()──▶ stopped.
 */
import type { Server } from 'node:http';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MetadataClient } from '../clients/metadata-client.js';
import { TaskClient } from '../clients/task-client.js';
import { Configuration } from '../config/configuration.js';
import { ConductorError } from '../errors.js';
import { HttpClient } from '../http/http-client.js';
import { consoleLogger, type Logger } from './logger.js';
import { serveMetrics } from './metrics-server.js';
import { WorkerMetrics, type MetricsOptions } from './metrics.js';
import { Poller } from './poller.js';
import { onShutdownSignals } from './shutdown-signals.js';
import {
  TaskRunnerEvents,
  type TaskRunnerEventName,
  type TaskRunnerListener,
  type TaskRunnerListeners,
} from './task-runner-events.js';
import { TaskUpdater } from './task-updater.js';
import { workerSettingsFromEnv } from './worker-env.js';
import { definedWorkers } from './worker-registry.js';
import type { AnyWorker } from './worker.js';

export interface TaskHandlerOptions {
  /** Default: `new Configuration()` (the environment). */
  configuration?: Configuration;
  workers?: AnyWorker[];
  /** Also run every worker defined with `worker()` (after importing `importModules`). */
  scanForAnnotatedWorkers?: boolean;
  /** Modules (paths or package names) that define workers, imported at start. */
  importModules?: string[];
  /** Prometheus metrics (default on, in a registry of their own); `port` also serves them at /metrics. */
  metrics?: false | (MetricsOptions & { port?: number });
  logger?: Logger;
  /** Listeners of the task runner events, by event name (more with `on`). */
  eventListeners?: TaskRunnerListeners;
  /** Drain and exit on these signals. Default SIGTERM and SIGINT; false: leave signals alone. */
  handleSignals?: boolean | NodeJS.Signals[];
  /** Give up waiting for in-flight tasks after this long on stop (ms). Default: wait for all of them. */
  drainTimeoutMs?: number;
  /**
   * Where worker settings are read from (`CONDUCTOR_WORKER_ALL_POLL_INTERVAL`, `conductor.worker.<task>.domain`,
   * ...; see worker-env.ts); they override the workers' code. Default `process.env`.
   */
  env?: Record<string, string | undefined>;
}

/**
 * @example
 * const handler = new TaskHandler({ workers: [greet], configuration: new Configuration() });
 * await handler.start();
 * // ... on shutdown (SIGTERM does this by itself):
 * await handler.stop();
 */
export class TaskHandler {
  readonly configuration: Configuration;
  private readonly options: TaskHandlerOptions;
  private readonly logger: Logger;
  private readonly http: HttpClient;
  private readonly taskClient: TaskClient;
  private readonly metadataClient: MetadataClient;
  private readonly updater: TaskUpdater;
  private readonly workerMetrics: WorkerMetrics | undefined;
  private readonly events: TaskRunnerEvents;
  private pollers: Poller[] = [];
  private metricsServer: Server | undefined;
  private removeSignalHandlers: (() => void) | undefined;
  private state: 'created' | 'started' | 'stopped' = 'created';
  private stopping: Promise<void> | undefined;

  constructor(options: TaskHandlerOptions = {}) {
    this.options = options;
    this.configuration = options.configuration ?? new Configuration();
    this.logger = options.logger ?? consoleLogger;
    this.http = new HttpClient(this.configuration);
    this.taskClient = new TaskClient(this.http);
    this.metadataClient = new MetadataClient(this.http);
    this.updater = new TaskUpdater(this.taskClient, this.logger);
    this.events = new TaskRunnerEvents(this.logger);
    if (options.metrics !== false) {
      this.workerMetrics = new WorkerMetrics(options.metrics ?? {});
      this.workerMetrics.subscribe(this.events);
    }
    if (options.eventListeners) this.events.onAll(options.eventListeners);
  }

  /**
   * Subscribes to a task runner event (pollStarted, pollCompleted, pollFailure, taskExecutionStarted,
   * taskExecutionCompleted, taskExecutionFailure, taskUpdateFailure, taskLeaseExtended); returns the unsubscribe
   * function. Listeners run in the runner's path: keep them quick; one that throws is logged and skipped.
   */
  on<K extends TaskRunnerEventName>(event: K, listener: TaskRunnerListener<K>): () => void {
    return this.events.on(event, listener);
  }

  /** The Prometheus registry holding the worker metrics (undefined with `metrics: false`). */
  get metricsRegistry(): WorkerMetrics['registry'] | undefined {
    return this.workerMetrics?.registry;
  }

  /** The port the metrics are served on (with `metrics: { port }`; useful with port 0). */
  get metricsPort(): number | undefined {
    const address = this.metricsServer?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  /** The workers being run (after start()). */
  get workers(): AnyWorker[] {
    return this.pollers.map((p) => p.worker);
  }

  /** Tasks in flight across all workers. */
  get inFlight(): number {
    return this.pollers.reduce((sum, p) => sum + p.inFlight, 0);
  }

  /** Prometheus text of the worker metrics. */
  async metrics(): Promise<string> {
    return this.workerMetrics ? this.workerMetrics.text() : '';
  }

  /** Imports worker modules, registers task definitions and starts polling. */
  async start(): Promise<void> {
    if (this.state !== 'created') throw new Error(`TaskHandler is already ${this.state}`);
    this.state = 'started';
    const env = this.options.env ?? process.env;
    const workers = (await this.collectWorkers()).map((w) =>
      w.withSettings(workerSettingsFromEnv(w.taskDefName, env, this.logger)),
    );
    await Promise.all(workers.filter((w) => w.registerTaskDef).map((w) => this.registerTaskDef(w)));
    this.pollers = workers.map((w) => new Poller(w, this.taskClient, this.updater, this.events, this.logger));
    for (const poller of this.pollers) poller.start();
    const port = this.options.metrics === false ? undefined : this.options.metrics?.port;
    if (port !== undefined && this.workerMetrics) {
      this.metricsServer = await serveMetrics(this.workerMetrics.registry, port);
    }
    const signals = this.options.handleSignals ?? true;
    if (signals !== false) {
      this.removeSignalHandlers = onShutdownSignals(signals === true ? ['SIGTERM', 'SIGINT'] : signals, () =>
        this.stop(),
      );
    }
    for (const w of workers) {
      this.logger.info(
        `Polling ${w.taskDefName}${w.domain ? ` in domain ${w.domain}` : ''} (concurrency ${w.concurrency})`,
      );
    }
  }

  /**
   * Stops polling and waits until every task already taken has been worked and reported (or `drainTimeoutMs`
   * passes).
   */
  stop(): Promise<void> {
    return (this.stopping ??= this.drain());
  }

  private async drain(): Promise<void> {
    this.state = 'stopped';
    this.removeSignalHandlers?.();
    const drained = Promise.all(this.pollers.map((p) => p.stop()));
    const timeoutMs = this.options.drainTimeoutMs;
    if (timeoutMs === undefined) await drained;
    else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((done) => (timer = setTimeout(done, timeoutMs)));
      await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (this.inFlight > 0) this.logger.warn(`Stopped with ${this.inFlight} tasks still running`);
    }
    const server = this.metricsServer;
    if (server) await new Promise<void>((done) => server.close(() => done()));
    if (this.inFlight === 0) this.http.close();
  }

  private async collectWorkers(): Promise<AnyWorker[]> {
    for (const specifier of this.options.importModules ?? []) {
      const isPath = specifier.startsWith('.') || isAbsolute(specifier);
      await import(isPath ? pathToFileURL(resolve(specifier)).href : specifier);
    }
    const workers = [...(this.options.workers ?? [])];
    if (this.options.scanForAnnotatedWorkers) {
      const key = (w: AnyWorker): string => `${w.taskDefName}\u0000${w.domain ?? ''}`;
      const known = new Set(workers.map(key));
      for (const w of definedWorkers()) if (!known.has(key(w))) workers.push(w);
    }
    if (workers.length === 0) this.logger.warn('TaskHandler started without workers');
    return workers;
  }

  /**
   * Registers the worker's task definition as the Python SDK does: with `overwriteTaskDef` it replaces the
   * server's (creating it when missing), without it only a missing one is created.
   */
  private async registerTaskDef(worker: AnyWorker): Promise<void> {
    const taskDef = { ...worker.taskDef, name: worker.taskDefName };
    try {
      if (worker.overwriteTaskDef) {
        if (await isMissing(this.metadataClient.updateTaskDef(taskDef)))
          await this.metadataClient.registerTaskDef(taskDef);
      } else if (await isMissing(this.metadataClient.getTaskDef(worker.taskDefName))) {
        await this.metadataClient.registerTaskDef(taskDef);
      }
    } catch (error) {
      this.logger.warn(`Could not register task definition ${worker.taskDefName}: ${String(error)}`);
    }
  }
}

/** True when the call failed with 404 (no such definition); other failures are thrown. */
async function isMissing(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return false;
  } catch (error) {
    if (error instanceof ConductorError && error.status === 404) return true;
    throw error;
  }
}
