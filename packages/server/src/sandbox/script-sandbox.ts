/**
 * The JavaScript sandbox behind INLINE (and script evaluation elsewhere): QuickJS in WebAssembly, in a pool
 * of worker threads. QuickJS interrupts a script at the time limit; should that fail, the pool terminates
 * the worker a second later.
 */
import type { EvaluationOwner, SandboxSharingOptions, ScriptResult, ScriptSandbox } from './contract.js';
import {
  outOfMemoryMessage,
  timeoutMessage,
  type QuickJsLimits,
  type ScriptJob,
  type ScriptReply,
} from './quickjs-evaluator.js';
import { SandboxBusy, SandboxFailure, WorkerPool } from './worker-pool.js';

export interface ScriptSandboxOptions extends SandboxSharingOptions {
  /** Worker threads evaluating scripts in parallel [2]. */
  poolSize?: number;
  /** Time one evaluation may run, counted from its start in the worker [4000 ms]. */
  timeLimitMs?: number;
  /** Cap of one worker's QuickJS heap (its WebAssembly memory) [64 MiB; at least 32]. */
  memoryLimitMb?: number;
  /** Queued scripts handed to a worker in one go [8]. */
  maxBatch?: number;
}

// How long past the time limit we wait for QuickJS's own interrupt before terminating the worker thread.
const BACKSTOP_GRACE_MS = 1000;

/**
 * ```ts
 * const sandbox = createScriptSandbox({ timeLimitMs: 4000 });
 * await sandbox.evaluate('(function(){ return $.a + 1; })()', { a: 1 }); // { ok: true, value: 2 }
 * await sandbox.evaluate('while (true) {}', {}); // { ok: false, error: 'Script execution timed out after 4000 ms' }
 * await sandbox.close();
 * ```
 */
export function createScriptSandbox(options: ScriptSandboxOptions = {}): ScriptSandbox {
  return new QuickJsSandbox(options);
}

class QuickJsSandbox implements ScriptSandbox {
  private readonly pool: WorkerPool<ScriptJob, ScriptReply>;
  private readonly limits: QuickJsLimits;

  constructor(options: ScriptSandboxOptions) {
    const memoryLimitMb = Math.max(32, options.memoryLimitMb ?? 64);
    this.limits = {
      timeLimitMs: options.timeLimitMs ?? 4000,
      memoryLimitBytes: memoryLimitMb * 1048576,
      stackLimitBytes: 512 * 1024,
    };
    this.pool = new WorkerPool<ScriptJob, ScriptReply>({
      entry: 'script-worker',
      label: 'Script',
      size: options.poolSize ?? 2,
      workerData: this.limits,
      // The QuickJS heap lives in WebAssembly memory outside these limits; they bound the thread's own JS.
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      // Every script of a batch has the full time limit of its own.
      answerWithinMs: (batchSize) => batchSize * this.limits.timeLimitMs + BACKSTOP_GRACE_MS,
      timeoutMessage: timeoutMessage(this.limits.timeLimitMs),
      // When scripts queue up, a worker takes a few at a time: fewer messages and thread wake-ups per script.
      batchKey: () => 'script',
      maxBatch: options.maxBatch ?? 8,
      workersPerOwner: options.workersPerWorkflow,
      maxQueued: options.maxQueued,
      maxQueuedPerOwner: options.maxQueuedPerWorkflow,
    });
  }

  async evaluate(
    expression: string,
    input: Record<string, unknown>,
    owner: EvaluationOwner = {},
  ): Promise<ScriptResult> {
    if (typeof expression !== 'string') return { ok: false, error: 'The script must be a string' };
    let inputJson: string;
    try {
      inputJson = JSON.stringify(input ?? {});
    } catch (error) {
      return { ok: false, error: `The script input is not JSON: ${(error as Error).message}` };
    }
    try {
      const reply = await this.pool.run({ expression, inputJson }, owner.workflowId);
      if (!reply.ok) return reply;
      return { ok: true, value: reply.json === null ? null : (JSON.parse(reply.json) as unknown) };
    } catch (error) {
      if (error instanceof SandboxBusy) return { ok: false, error: error.message, busy: true };
      if (error instanceof SandboxFailure) return { ok: false, error: this.describe(error) };
      return { ok: false, error: `The script result is not JSON: ${(error as Error).message}` };
    }
  }

  queueLength(): number {
    return this.pool.queueLength;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private describe(failure: SandboxFailure): string {
    return /ran out of memory/.test(failure.message)
      ? outOfMemoryMessage(this.limits.memoryLimitBytes)
      : failure.message;
  }
}
