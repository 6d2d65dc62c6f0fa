// The built Baton server as a child process, and /proc readings of a process, shared by the benchmarks.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'packages/server/bin/baton.js');
const FLOOR = join(ROOT, 'bench/floor-server.mjs');
const LISTENING = /Baton listening on (http:\/\/\S+)/;

/**
 * Starts `baton server --port 0` on `dbPath` (with `floor`, bench/floor-server.mjs instead) and resolves once it
 * printed where it listens (the CLI prints that line at every log level). Server warnings and errors are echoed
 * to stderr. `args` are more server options, e.g. `['--sync', 'full']`.
 */
export async function startServerProcess(
  dbPath,
  { nodeArgs = [], logLevel = 'warn', args = [], floor = false } = {},
) {
  if (!floor && !existsSync(join(ROOT, 'packages/server/dist/cli.js'))) {
    throw new Error('packages/server/dist missing: run `npm run build` first');
  }
  const command = floor
    ? [FLOOR, '--port', '0', '--db', dbPath]
    : [BIN, 'server', '--port', '0', '--db', dbPath, '--log-level', logLevel];
  const child = spawn(process.execPath, [...nodeArgs, ...command, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => reject(new Error(`server not listening after 30 s\n${stderr}`)), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = LISTENING.exec(line)?.[1];
      if (found) {
        clearTimeout(giveUp);
        resolve(found);
      } else if (line.includes('"level":50') || line.includes('"level":40')) {
        process.stderr.write(`server: ${line}\n`);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening\n${stderr}`)));
  });
  return { child, url, exited };
}

export async function stopServerProcess(server) {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await server.exited;
  clearTimeout(timer);
}

/**
 * CPU seconds (user + system) a process has used so far, all threads; /proc reports clock ticks of 1/100 s on
 * Linux. With `mainThreadOnly`, only the thread running the event loop, which is what bounds a Node server.
 */
export function cpuSecondsOf(pid, { mainThreadOnly = false } = {}) {
  const path = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** VmRSS / VmHWM (peak resident set) of a process, in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
