/** Worker thread entry of the jq sandbox: runs the batches of jq jobs the pool sends. */
import { workerData } from 'node:worker_threads';
import { JqAborted, loadJq, type JqJob, type JqReply } from './jq-runner.js';
import { WASM_PAGE_BYTES, wasmApi, type WasmMemory } from './wasm-api.js';
import { serveBatches } from './worker-protocol.js';

const { memoryLimitBytes } = workerData as { memoryLimitBytes: number };

// jq-web creates its own WebAssembly memory (up to 2 GiB), so the cap goes on growing it: a refused grow is an
// allocation failure inside jq, which then aborts. Only jq runs in this thread, so patching the prototype is safe.
const grow = wasmApi.Memory.prototype.grow;
wasmApi.Memory.prototype.grow = function (this: WasmMemory, deltaPages: number): number {
  if (this.buffer.byteLength + deltaPages * WASM_PAGE_BYTES > memoryLimitBytes) {
    throw new RangeError('jq memory limit reached');
  }
  return grow.call(this, deltaPages);
};
// jq-web reports `debug` output and aborts on the console; the results travel back as messages instead.
console.warn = () => {};
console.error = () => {};

// jq's $ENV is Emscripten's made-up environment, except `_`, which it takes from argv[1]: keep host paths out.
process.argv[1] = 'jq';
const jq = await loadJq();

serveBatches<JqJob, JqReply>((jobs) => {
  const inputs = jobs.map((job) => job.inputJson);
  try {
    return { replies: jq.runBatch(jobs[0]!.query, inputs) };
  } catch (error) {
    if (!(error instanceof JqAborted)) throw error;
    // Which input of a batch made jq abort is unknown: exiting lets the pool retry each one alone.
    if (jobs.length > 1) process.exit(1);
    const message =
      error.message === 'out of memory'
        ? `jq ran out of memory (limit ${Math.round(memoryLimitBytes / 1048576)} MiB)`
        : `jq aborted: ${error.message}`;
    return { replies: [{ ok: false, error: message }], retire: true };
  }
});
