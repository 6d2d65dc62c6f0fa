// One run of bench/throughput.mjs as a child process, for the benches that compare several runs (run.mjs,
// scaling.mjs): its output goes to ours, its figures come back from the BENCH_JSON line it prints with --json.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const THROUGHPUT = fileURLToPath(new URL('../throughput.mjs', import.meta.url));
const MARK = 'BENCH_JSON ';

export function runThroughput(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [THROUGHPUT, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let figures;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.startsWith(MARK)) figures = JSON.parse(line.slice(MARK.length));
        else console.log(line);
      }
    });
    child.once('exit', (code) =>
      code === 0 && figures
        ? resolve(figures)
        : reject(new Error(`throughput.mjs ${args.join(' ')} exited with ${code}`)),
    );
  });
}
