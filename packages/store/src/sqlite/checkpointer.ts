/**
 * Background WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT of whichever transaction
 * crosses the threshold, copying pages into the database file and fsyncing it on the event loop's thread. Here a
 * worker thread with its own connection does that work instead, so commits only ever append to the WAL.
 *
 * The worker runs a PASSIVE checkpoint (never blocks the writer) every `intervalMs`; when the WAL still holds more
 * than `restartFrames` frames (a writer that never pauses keeps a PASSIVE checkpoint from catching up), it runs a
 * RESTART checkpoint, which makes the next commit start the WAL from the beginning. If the worker dies, the
 * writer's own automatic checkpoint is switched back on.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Connection } from './open.js';

export interface CheckpointerOptions {
  intervalMs?: number;
  restartFrames?: number;
}

/** SQLite's default, restored on the writer when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS, evaluated in the worker: it needs no module of ours, only the SQLite driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const timer = setInterval(() => {
  try {
    if (checkpoint('PASSIVE').log > workerData.restartFrames) checkpoint('RESTART');
  } catch {
    // Disk full or an I/O error: the WAL keeps the pages; try again on the next tick instead of dying.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopping = false;
  private readonly exited: Promise<void>;

  constructor(writer: Connection, path: string, options: CheckpointerOptions = {}) {
    writer.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path,
        intervalMs: options.intervalMs ?? 200,
        restartFrames: options.restartFrames ?? 16_384,
      },
    });
    // The store must never wait on this thread to exit on its own.
    this.worker.unref();
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        if (!this.stopping && writer.open) writer.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        resolve();
      });
    });
    // An error ends the worker; 'exit' follows and restores the writer's own checkpoints.
    this.worker.on('error', () => {});
  }

  /** Stops the worker and waits until its connection is closed (before the writer's final checkpoint). */
  stop(): Promise<void> {
    this.stopping = true;
    // Keep the process alive until the worker has closed its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    return this.exited;
  }
}
