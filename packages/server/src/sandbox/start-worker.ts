import { Worker, type ResourceLimits } from 'node:worker_threads';

// Built code runs `<name>.js` next to this file. Tests run the TypeScript sources under tsx, whose loader
// Node 20 does not pass on to worker threads, so there the worker registers tsx before importing `<name>.ts`.
const runningFromSources = import.meta.url.endsWith('.ts');

export interface StartWorkerOptions {
  workerData: unknown;
  resourceLimits: ResourceLimits;
}

/** Starts the worker entry `name` (a file in this folder, without extension). */
export function startWorker(name: string, options: StartWorkerOptions): Worker {
  if (!runningFromSources) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); ` +
    `return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
