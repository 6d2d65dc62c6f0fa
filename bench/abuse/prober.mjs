// Calls /health every 100 ms and samples the server's resident memory meanwhile, from a worker thread of its own:
// the attacker's work on the main thread (building and parsing big payloads) must not delay a probe.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const PROBER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { Pool } = require(workerData.undici);
const pool = new Pool(workerData.url, { connections: 64, headersTimeout: 120000, bodyTimeout: 120000 });
const latencies = [];
const statuses = [];
const pending = new Set();
let rssPeak = 0;
function rssMiB() {
  const status = readFileSync('/proc/' + workerData.pid + '/status', 'utf8');
  return Number(/^VmRSS:\\s+(\\d+) kB/m.exec(status)[1]) / 1024;
}
function probe() {
  const started = performance.now();
  const done = pool
    .request({ method: 'GET', path: '/health' })
    .then(async (res) => {
      await res.body.text();
      statuses.push(res.statusCode);
    })
    .catch(() => statuses.push(0))
    .finally(() => {
      latencies.push(performance.now() - started);
      pending.delete(done);
    });
  pending.add(done);
  try {
    rssPeak = Math.max(rssPeak, rssMiB());
  } catch {
    // the server is gone; the probes tell
  }
}
probe();
const timer = setInterval(probe, workerData.periodMs);
parentPort.once('message', async () => {
  clearInterval(timer);
  // A blocked server answers the probes still out late: that lateness is the measurement.
  await Promise.allSettled([...pending]);
  await pool.destroy();
  parentPort.postMessage({ latencies, statuses, rssPeak });
});
`;

/** Starts probing `url` for the process `pid`; `stop()` answers {latencies, statuses, rssPeak}. */
export function startProber(url, pid, periodMs = 100) {
  const worker = new Worker(PROBER_SOURCE, {
    eval: true,
    workerData: { url, pid, periodMs, undici: fileURLToPath(import.meta.resolve('undici')) },
  });
  const result = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const answer = await result;
      await worker.terminate();
      return answer;
    },
  };
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
