/**
 * Sandboxes for user scripts. Both run untrusted code off the main thread with a time limit and a memory
 * cap, so a runaway script fails its own task and never the server.
 */
export type ScriptResult = { ok: true; value: unknown } | { ok: false; error: string };
export type JqResult = { ok: true; results: unknown[] } | { ok: false; error: string };

export interface ScriptSandbox {
  /** Evaluates JavaScript with `$` bound to `input`; the script's completion value is the result. */
  evaluate(expression: string, input: Record<string, unknown>): Promise<ScriptResult>;
  /** Scripts waiting for a free worker thread. */
  queueLength(): number;
  close(): Promise<void>;
}

export interface JqSandbox {
  /** Runs a jq program over `input`; every output of the program, in order. */
  run(query: string, input: unknown): Promise<JqResult>;
  /** Programs waiting for a free worker thread. */
  queueLength(): number;
  close(): Promise<void>;
}
