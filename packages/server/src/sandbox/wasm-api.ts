/**
 * The slice of the WebAssembly JavaScript API the sandboxes use. TypeScript's ES libraries do not declare
 * `WebAssembly` (it comes with the DOM lib), so it is typed here instead of pulling the DOM types in.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** A function-typed property (not a method) so it can be taken off the prototype and called with `call`. */
  grow: (this: WasmMemory, deltaPages: number) => number;
}

interface WasmApi {
  Memory: { new (descriptor: { initial: number; maximum: number }): WasmMemory; prototype: WasmMemory };
  RuntimeError: new (message?: string) => Error;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const WASM_PAGE_BYTES = 65536;
