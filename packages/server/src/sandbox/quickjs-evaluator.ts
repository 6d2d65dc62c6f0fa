/**
 * Evaluates scripts in QuickJS compiled to WebAssembly (runs inside a script worker thread).
 *
 * One wasm module and one QuickJS runtime per worker; every evaluation gets a fresh context, so nothing a
 * script leaves behind is seen by the next one. The wasm memory is created by us with a fixed maximum: that
 * is the cap that actually holds (measured: QuickJS's own malloc limit lets a script grow right past it).
 * The context has only the ECMAScript built-ins: no `process`, `require`, timers, network or file system.
 */
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  Scope,
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten';
import { WASM_PAGE_BYTES, wasmApi, type WasmMemory } from './wasm-api.js';

export interface ScriptJob {
  expression: string;
  /** The input as JSON text; parsed inside QuickJS into `$`. */
  inputJson: string;
}

/** `json` is the result as JSON text, or null when the script's value has no JSON form (undefined, a function). */
export type ScriptReply = { ok: true; json: string | null } | { ok: false; error: string };

export interface QuickJsLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  /** QuickJS's own stack limit, well below the worker thread's stack so deep recursion is a JS error. */
  stackLimitBytes: number;
}

// The QuickJS wasm module asks for 16 MiB of memory to start with.
const INITIAL_PAGES = 256;

export function timeoutMessage(timeLimitMs: number): string {
  return `Script execution timed out after ${timeLimitMs} ms`;
}

export function outOfMemoryMessage(memoryLimitBytes: number): string {
  return `Script ran out of memory (limit ${Math.round(memoryLimitBytes / 1048576)} MiB)`;
}

export class QuickJsEvaluator {
  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly memory: WasmMemory,
    private readonly limits: QuickJsLimits,
  ) {}

  static async load(limits: QuickJsLimits): Promise<QuickJsEvaluator> {
    const maximum = Math.max(INITIAL_PAGES, Math.floor(limits.memoryLimitBytes / WASM_PAGE_BYTES));
    const wasmMemory = new wasmApi.Memory({ initial: INITIAL_PAGES, maximum });
    const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
    const runtime = quickjs.newRuntime();
    runtime.setMaxStackSize(limits.stackLimitBytes);
    // QuickJS's own limit stops some growth with a clean error before the hard wasm cap; not all of it.
    runtime.setMemoryLimit(Math.floor(maximum * WASM_PAGE_BYTES * 0.75));
    return new QuickJsEvaluator(runtime, wasmMemory, limits);
  }

  /**
   * `retire`: this worker should be replaced. QuickJS's heap is not trustworthy after it ran into the wasm
   * memory cap (later calls can trap), nor after a failure on the host side of the wasm boundary.
   */
  evaluate(job: ScriptJob): { reply: ScriptReply; retire: boolean } {
    this.runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.limits.timeLimitMs));
    let ctx: QuickJSContext | undefined;
    let reply: ScriptReply;
    let hostFailure = false;
    try {
      ctx = this.runtime.newContext();
      const context = ctx;
      reply = Scope.withScope((scope) => this.run(context, scope, job));
    } catch (error) {
      hostFailure = true;
      reply = {
        ok: false,
        error: `Script failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const heapBytes = this.memory.buffer.byteLength;
    // Running out of wasm memory may surface as a clean "out of memory" error, a null exception or a trap.
    const outOfMemory =
      !reply.ok &&
      (reply.error === outOfMemoryMessage(this.limits.memoryLimitBytes) ||
        heapBytes >= 0.9 * this.limits.memoryLimitBytes);
    if (outOfMemory)
      return { reply: { ok: false, error: outOfMemoryMessage(this.limits.memoryLimitBytes) }, retire: true };
    if (hostFailure || !ctx) return { reply, retire: true };
    try {
      ctx.dispose();
    } catch {
      return { reply, retire: true };
    }
    // A heap grown close to the cap would make the next script fail for someone else's allocations.
    return { reply, retire: heapBytes > 0.75 * this.limits.memoryLimitBytes };
  }

  private run(ctx: QuickJSContext, scope: Scope, job: ScriptJob): ScriptReply {
    // Taken before the script runs, so a script replacing JSON only affects how its own result looks.
    const json = scope.manage(ctx.getProp(ctx.global, 'JSON'));
    const parse = scope.manage(ctx.getProp(json, 'parse'));
    const stringify = scope.manage(ctx.getProp(json, 'stringify'));

    const inputText = scope.manage(ctx.newString(job.inputJson));
    const parsed = ctx.callFunction(parse, json, inputText);
    if (parsed.error) return this.failure(ctx, scope.manage(parsed.error));
    ctx.setProp(ctx.global, '$', scope.manage(parsed.value));

    const completion = ctx.evalCode(job.expression, 'script.js');
    if (completion.error) return this.failure(ctx, scope.manage(completion.error));
    const value = this.settle(ctx, scope, scope.manage(completion.value));
    if ('error' in value) return value.error;

    const text = ctx.callFunction(stringify, json, value.handle);
    if (text.error) return this.failure(ctx, scope.manage(text.error));
    const textHandle = scope.manage(text.value);
    return { ok: true, json: ctx.typeof(textHandle) === 'string' ? ctx.getString(textHandle) : null };
  }

  /** A script whose value is a promise (an async function, `import()`) gets its promise settled first. */
  private settle(
    ctx: QuickJSContext,
    scope: Scope,
    handle: QuickJSHandle,
  ): { handle: QuickJSHandle } | { error: ScriptReply } {
    const state = ctx.getPromiseState(handle);
    if (state.type === 'fulfilled' && state.notAPromise) return { handle };
    const jobs = this.runtime.executePendingJobs();
    if (jobs.error) return { error: this.failure(ctx, scope.manage(jobs.error)) };
    const settled = ctx.getPromiseState(handle);
    if (settled.type === 'fulfilled') return { handle: scope.manage(settled.value) };
    if (settled.type === 'rejected') return { error: this.failure(ctx, scope.manage(settled.error)) };
    return { error: { ok: false, error: 'Script returned a promise that never settled' } };
  }

  private failure(ctx: QuickJSContext, errorHandle: QuickJSHandle): ScriptReply {
    const error: unknown = ctx.dump(errorHandle);
    if (isErrorLike(error)) {
      if (error.name === 'InternalError' && error.message === 'interrupted') {
        return { ok: false, error: timeoutMessage(this.limits.timeLimitMs) };
      }
      if (error.name === 'InternalError' && error.message === 'out of memory') {
        return { ok: false, error: outOfMemoryMessage(this.limits.memoryLimitBytes) };
      }
      return { ok: false, error: error.name ? `${error.name}: ${error.message}` : error.message };
    }
    return { ok: false, error: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)) };
  }
}

function isErrorLike(value: unknown): value is { name?: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
