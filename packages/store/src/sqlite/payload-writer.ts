/**
 * External payloads written by a worker thread with a connection of its own. Binding a 9 MB payload, copying it
 * into ~2,300 fresh pages and appending them to the WAL hold the calling thread 20–90 ms on this kind of machine:
 * on the event loop, every other request waits that long. Here only the worker waits.
 *
 * A payload written here commits on its own, before the transaction that names it: SQLite has one writer, and
 * inside that transaction's batch the worker could not take the lock. Its writes wait for the group commit's
 * batches (and those for it) through SQLite's lock; the worker's busy handler sleeps on its own thread.
 *
 * The sweep of pending payloads (see `Store.storeExternalPayload`) runs here too: deleting a 9 MB row walks its
 * overflow pages.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../contract.js';
import { storeError } from './errors.js';
import type { Synchronous } from './open.js';
import { UPSERT_PAYLOAD } from './payloads-tags-messages.js';

// CommonJS, evaluated in the worker: it needs no module of ours, only the SQLite driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('synchronous = ' + workerData.synchronous);
const upsert = db.prepare(workerData.upsert);
const markPending = db.prepare(
  'INSERT OR REPLACE INTO external_payloads_pending (path, created_at) VALUES (?, ?)',
);
// Run with BEGIN IMMEDIATE: a deferred transaction that reads first and then finds the write lock taken fails at
// once (its snapshot is stale, SQLITE_BUSY_SNAPSHOT) instead of waiting in the busy handler.
const put = db.transaction((path, data, now, pending) => {
  upsert.run(path, data, now);
  if (pending) markPending.run(path, now);
});
const expired = db
  .prepare('SELECT path FROM external_payloads_pending WHERE created_at < ? ORDER BY created_at LIMIT ?')
  .pluck();
const dropPayload = db.prepare('DELETE FROM external_payloads WHERE path = ?');
const dropPending = db.prepare('DELETE FROM external_payloads_pending WHERE path = ?');
const sweep = db.transaction((before, limit) => {
  const paths = expired.all(before, limit);
  for (const path of paths) {
    dropPayload.run(path);
    dropPending.run(path);
  }
  return paths.length;
});
parentPort.on('message', (m) => {
  if (m.op === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const value =
      m.op === 'put'
        ? put.immediate(m.path, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.now, m.pending)
        : sweep.immediate(m.before, m.limit);
    parentPort.postMessage({ id: m.id, value });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: err.message, code: err.code } });
  }
});
`;

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Request =
  | { op: 'put'; path: string; data: Uint8Array; now: number; pending: boolean }
  | { op: 'sweep'; before: number; limit: number };

export class PayloadWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private running = true;
  private readonly exited: Promise<void>;

  constructor(path: string, synchronous: Synchronous, busyTimeoutMs: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path,
        synchronous,
        busyTimeoutMs,
        upsert: UPSERT_PAYLOAD,
      },
    });
    // Kept alive by the calls waiting on it only (see call), never on its own.
    this.worker.unref();
    this.worker.on(
      'message',
      (answer: { id: number; value?: unknown; error?: { message: string; code?: string } }) => {
        const waiting = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if (this.waiting.size === 0) this.worker.unref();
        if (!answer.error) return waiting?.resolve(answer.value);
        const err = Object.assign(new Error(answer.error.message), { code: answer.error.code });
        waiting?.reject(storeError(err));
      },
    );
    // An error ends the worker; 'exit' follows.
    this.worker.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        this.running = false;
        for (const waiting of this.waiting.values())
          waiting.reject(new StoreUnavailableError('the payload writer thread stopped'));
        this.waiting.clear();
        resolve();
      });
    });
  }

  /** False once the worker is gone (it failed to open, or stop() ran): the store then writes payloads itself. */
  get alive(): boolean {
    return this.running;
  }

  /** Stores and commits `data` at `path` (pending: see Store.storeExternalPayload); takes `data`'s buffer. */
  put(path: string, data: Uint8Array, now: number, pending: boolean): Promise<void> {
    return this.call({ op: 'put', path, data, now, pending }) as Promise<void>;
  }

  sweep(before: number, limit: number): Promise<number> {
    return this.call({ op: 'sweep', before, limit }) as Promise<number>;
  }

  /** Stops the worker once the calls sent have been answered, and waits until its connection is closed. */
  stop(): Promise<void> {
    if (this.running) {
      this.worker.ref();
      this.worker.postMessage({ op: 'stop' });
    }
    return this.exited;
  }

  private call(request: Request): Promise<unknown> {
    if (!this.running) return Promise.reject(new StoreUnavailableError('the payload writer thread stopped'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      const message = { id, ...request };
      const buffer = request.op === 'put' ? request.data.buffer : undefined;
      // A buffer of its own moves to the worker without a copy (fresh copies of megabytes fault page by page).
      const movable =
        request.op === 'put' &&
        buffer instanceof ArrayBuffer &&
        request.data.byteOffset === 0 &&
        request.data.byteLength === buffer.byteLength;
      try {
        this.worker.postMessage(message, movable ? [buffer] : []);
      } catch {
        // A buffer Node marks untransferable (its pool's): copied instead.
        this.worker.postMessage(message);
      }
    });
  }
}
