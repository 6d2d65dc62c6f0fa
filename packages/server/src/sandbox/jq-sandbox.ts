/**
 * The jq sandbox behind JSON_JQ_TRANSFORM: jq compiled to WebAssembly (jq-web), in a pool of worker threads.
 * jq has no time limit of its own, so a worker that overruns the limit is terminated and replaced.
 */
import type { EvaluationOwner, JqResult, JqSandbox, SandboxSharingOptions } from './contract.js';
import type { JqJob, JqReply } from './jq-runner.js';
import { SandboxBusy, SandboxFailure, WorkerPool } from './worker-pool.js';

export interface JqSandboxOptions extends SandboxSharingOptions {
  /** Worker threads running queries in parallel [2]. */
  poolSize?: number;
  /** Wall time one query may take [4000 ms]. */
  timeLimitMs?: number;
  /** Cap of one worker's jq heap (its WebAssembly memory) [128 MiB; at least 32]. */
  memoryLimitMb?: number;
  /** Queued runs of the same query handed to a worker in one go [32]. */
  maxBatch?: number;
}

/**
 * ```ts
 * const sandbox = createJqSandbox();
 * await sandbox.run('.items[] | .x', { items: [{ x: 1 }, { x: 2 }] }); // { ok: true, results: [1, 2] }
 * await sandbox.close();
 * ```
 */
export function createJqSandbox(options: JqSandboxOptions = {}): JqSandbox {
  return new JqWasmSandbox(options);
}

class JqWasmSandbox implements JqSandbox {
  private readonly pool: WorkerPool<JqJob, JqReply>;

  constructor(options: JqSandboxOptions) {
    const timeLimitMs = options.timeLimitMs ?? 4000;
    const memoryLimitMb = Math.max(32, options.memoryLimitMb ?? 128);
    this.pool = new WorkerPool<JqJob, JqReply>({
      entry: 'jq-worker',
      label: 'jq',
      size: options.poolSize ?? 2,
      workerData: { memoryLimitBytes: memoryLimitMb * 1048576 },
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      // jq has no clock of its own: the whole batch gets one time limit, and on overrun each job runs alone.
      answerWithinMs: () => timeLimitMs,
      timeoutMessage: `jq query timed out after ${timeLimitMs} ms`,
      batchKey: (job) => job.query,
      maxBatch: options.maxBatch ?? 32,
      workersPerOwner: options.workersPerWorkflow,
      maxQueued: options.maxQueued,
      maxQueuedPerOwner: options.maxQueuedPerWorkflow,
    });
  }

  async run(query: string, input: unknown, owner: EvaluationOwner = {}): Promise<JqResult> {
    if (typeof query !== 'string' || query.trim() === '')
      return { ok: false, error: 'The jq query is empty' };
    let inputJson: string;
    try {
      inputJson = JSON.stringify(input ?? null);
    } catch (error) {
      return { ok: false, error: `The jq input is not JSON: ${(error as Error).message}` };
    }
    try {
      const reply = await this.pool.run({ query, inputJson }, owner.workflowId);
      if (!reply.ok) return reply;
      return { ok: true, results: JSON.parse(reply.resultsJson) as unknown[] };
    } catch (error) {
      if (error instanceof SandboxBusy) return { ok: false, error: error.message, busy: true };
      if (error instanceof SandboxFailure) return { ok: false, error: error.message };
      return { ok: false, error: `The jq result is not JSON: ${(error as Error).message}` };
    }
  }

  queueLength(): number {
    return this.pool.queueLength;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
