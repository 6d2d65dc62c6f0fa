/**
 * Background WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT of whichever transaction
 * crosses the threshold, copying pages into the database file and fsyncing it on the event loop's thread. Here a
 * worker thread with its own connection does that work instead, so commits only ever append to the WAL.
 *
 * The worker runs a PASSIVE checkpoint (takes no lock the writer needs) every `intervalMs`. A busy writer may
 * never find the WAL fully copied at its BEGIN, which is when SQLite starts the WAL over, so the WAL would only
 * grow; when it holds more than `restartFrames` frames, the worker runs a RESTART checkpoint, which takes the
 * write lock, copies what PASSIVE has not, syncs, and waits for readers to leave the WAL, so that the next commit
 * starts it from the beginning. It does so only right after a PASSIVE that copied every frame: then RESTART holds
 * the lock for the few frames written since, not for a copy and sync of the whole WAL (the writer waits for the
 * lock on timers, see group-commit.ts, but its writes wait meanwhile). If the worker dies, the writer's own
 * automatic checkpoint is switched back on.
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
    const passive = checkpoint('PASSIVE');
    if (passive.log > workerData.restartFrames && passive.checkpointed === passive.log) checkpoint('RESTART');
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
