/**
 * Messages between a sandbox's worker pool (main thread) and its worker threads. A worker answers one batch
 * at a time, replies in job order. `retire` asks the pool to replace the worker (e.g. its wasm heap may be
 * damaged after running out of memory); jobs of the batch left without a reply then go to another worker.
 */
import { parentPort } from 'node:worker_threads';

export interface BatchMessage<P> {
  id: number;
  payloads: P[];
}

export type WorkerMessage<R> =
  { kind: 'ready' } | { kind: 'replies'; id: number; replies: R[]; retire?: boolean };

export interface BatchOutcome<R> {
  replies: R[];
  retire?: boolean;
}

/** Worker side: announce readiness, then answer every batch the pool sends with `handle`. */
export function serveBatches<P, R>(handle: (payloads: P[]) => BatchOutcome<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveBatches must run inside a worker thread');
  port.on('message', (message: BatchMessage<P>) => {
    const outcome = handle(message.payloads);
    const reply: WorkerMessage<R> = { kind: 'replies', id: message.id, ...outcome };
    port.postMessage(reply);
  });
  const ready: WorkerMessage<R> = { kind: 'ready' };
  port.postMessage(ready);
}
