/**
 * Runs jq programs with jq-web (jq compiled to WebAssembly); used inside a jq worker thread.
 *
 * jq-web only offers jq's command line `main`, and most of its ~2 ms per call is jq compiling its builtins, so
 * inputs that share a query run in one call: the query is wrapped so that each input yields exactly one output
 * line, `{"ok":[results...]}` or `{"error":message}`, and a failing input does not stop the others.
 */
import { createRequire } from 'node:module';
import { wasmApi } from './wasm-api.js';

export interface JqJob {
  query: string;
  /** The input as one line of JSON text. */
  inputJson: string;
}

/** `resultsJson` is a JSON array of all outputs, in order. */
export type JqReply = { ok: true; resultsJson: string } | { ok: false; error: string };

interface JqWeb {
  raw(input: string, query: string, flags?: string[]): string | undefined;
}

/** Thrown when jq aborted (out of memory, stack overflow): the wasm instance must not be used again. */
export class JqAborted extends Error {
  override name = 'JqAborted';
}

// Builtins that read further inputs or stop the jq process would reach across the batch: not supported.
const UNSUPPORTED = ['input', 'inputs', 'halt', 'halt_error'];
const PRELUDE =
  UNSUPPORTED.map((name) => `def ${name}: error("${name} is not supported");`).join(' ') +
  ' def halt_error($code): error("halt_error is not supported");';
// The query starts on the first line so jq's line numbers stay right; the newline ends a trailing comment.
const wrap = (query: string): string => `${PRELUDE} try ([(${query}\n)] | {ok: .}) catch {error: .}`;

const OK_PREFIX = '{"ok":';

export async function loadJq(): Promise<JqRunner> {
  const require = createRequire(import.meta.url);
  const jq = await (require('jq-web') as Promise<JqWeb>);
  return new JqRunner(jq);
}

export class JqRunner {
  constructor(private readonly jq: JqWeb) {}

  /** Runs one query over several inputs; one reply per input. */
  runBatch(query: string, inputs: string[]): JqReply[] {
    const wrapped = this.call(inputs.join('\n'), wrap(query));
    if (wrapped.ok) {
      const lines = wrapped.stdout.split('\n').filter((line) => line !== '');
      if (lines.length === inputs.length) return lines.map(replyFromLine);
    }
    // The wrapper did not fit this query (a compile error, a module directive, ...): run it bare, one by one.
    return inputs.map((input) => this.runBare(query, input));
  }

  private runBare(query: string, input: string): JqReply {
    const outcome = this.call(input, query);
    if (!outcome.ok) return { ok: false, error: outcome.error };
    const lines = outcome.stdout.split('\n').filter((line) => line !== '');
    return { ok: true, resultsJson: `[${lines.join(',')}]` };
  }

  private call(input: string, program: string): { ok: true; stdout: string } | { ok: false; error: string } {
    try {
      return { ok: true, stdout: this.jq.raw(input, program, ['-c']) ?? '' };
    } catch (error) {
      const { message, stderr } = error as { message?: string; stderr?: string };
      if (
        error instanceof wasmApi.RuntimeError ||
        error instanceof RangeError ||
        /^Aborted/.test(message ?? '')
      ) {
        throw new JqAborted(
          /allocate memory|out of memory/i.test(stderr ?? '') ? 'out of memory' : String(message),
        );
      }
      return { ok: false, error: cleanStderr(stderr ?? message ?? String(error)) };
    }
  }
}

function replyFromLine(line: string): JqReply {
  if (line.startsWith(OK_PREFIX)) return { ok: true, resultsJson: line.slice(OK_PREFIX.length, -1) };
  const { error } = JSON.parse(line) as { error: unknown };
  return { ok: false, error: typeof error === 'string' ? error : `(not a string): ${JSON.stringify(error)}` };
}

/** jq's stderr, minus the command-line framing that means nothing here. */
function cleanStderr(stderr: string): string {
  return stderr
    .replace(/^jq: error \(at [^)]*\): /, '')
    .replace(/^jq: error: /, '')
    .replace(' (Unix shell quoting issues?)', '')
    .trim();
}
