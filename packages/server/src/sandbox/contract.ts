/**
 * Sandboxes for user scripts. Both run untrusted code off the main thread with a time limit and a memory
 * cap, so a runaway script fails its own task and never the server.
 */
export type ScriptResult = { ok: true; value: unknown } | SandboxError;
export type JqResult = { ok: true; results: unknown[] } | SandboxError;

/** `busy`: refused because too many evaluations wait already; nothing ran, so it may be tried again later. */
export type SandboxError = { ok: false; error: string; busy?: true };

/** How a sandbox shares its worker threads between workflows (docs/security.md, "Fair executors"). */
export interface SandboxSharingOptions {
  /** Worker threads one workflow may occupy at once [half the pool, at least 1]. */
  workersPerWorkflow?: number;
  /** Evaluations that may wait for a worker [10,000]; more are refused as busy. */
  maxQueued?: number;
  /** Evaluations of one workflow that may wait [1,000]; more are refused as busy. */
  maxQueuedPerWorkflow?: number;
}

/** Who an evaluation is for: evaluations of one workflow wait their turn among other workflows'. */
export interface EvaluationOwner {
  workflowId?: string;
}

export interface ScriptSandbox {
  /** Evaluates JavaScript with `$` bound to `input`; the script's completion value is the result. */
  evaluate(
    expression: string,
    input: Record<string, unknown>,
    owner?: EvaluationOwner,
  ): Promise<ScriptResult>;
  /** Scripts waiting for a free worker thread. */
  queueLength(): number;
  close(): Promise<void>;
}

export interface JqSandbox {
  /** Runs a jq program over `input`; every output of the program, in order. */
  run(query: string, input: unknown, owner?: EvaluationOwner): Promise<JqResult>;
  /** Programs waiting for a free worker thread. */
  queueLength(): number;
  close(): Promise<void>;
}
