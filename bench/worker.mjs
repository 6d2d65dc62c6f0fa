// Bench worker process: forked by bench/throughput.mjs, it works the bench task types over HTTP the way the SDKs
// do. A few batch long-pollers per type; each task is completed with POST /api/tasks/update-v2, whose answer may
// be the next task of the same type (worked at once); POST /api/tasks is the fallback for servers without it.
//
// IPC in:  {cmd:'start', urls, types, pollers, batch, pollTimeoutMs} · {cmd:'latency', on} · {cmd:'stop'}
//          (with several servers, the pollers of each type are spread over them round-robin; a task is completed
//          through the server that handed it out)
// IPC out: {kind:'ready'} · {kind:'progress', completed:{type:n}} · {kind:'latency', samples:number[]}
//          {kind:'errors', messages:string[], updateV2:boolean, source:{poll, updateV2}} · {kind:'stopped'}
import { Pool } from 'undici';

let pools = [];
let config;
let stopped = false;
let recordLatency = false;
let updateV2 = true;
let latencySamples = [];
const completed = {};
/** How tasks reached the worker: handed out by a poll, or returned by update-v2 for the task before. */
const source = { poll: 0, updateV2: 0 };
const errors = [];
const loops = [];

/** What every bench step computes from its input: a counter and a trail, so the chain's output is checkable. */
function work(task) {
  const { v = 0, s = '' } = task.inputData ?? {};
  return { v: v + 1, s: `${s}>${task.taskType}` };
}

function noteError(message) {
  if (errors.length < 20) errors.push(message);
}

async function request(pool, method, path, body) {
  const res = await pool.request({
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

function received(task, receivedAt) {
  if (recordLatency) latencySamples.push(receivedAt - task.scheduledTime);
}

/** Completes a task and keeps going while update-v2 hands back the next one of the same type. */
async function workChain(pool, first, workerId) {
  let task = first;
  while (task) {
    const result = {
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status: 'COMPLETED',
      workerId,
      outputData: work(task),
    };
    let next;
    if (updateV2) {
      const res = await request(pool, 'POST', '/api/tasks/update-v2', result);
      if (res.status === 404 || res.status === 405) {
        updateV2 = false;
        continue; // same task again, through the fallback
      }
      if (res.status !== 200 && res.status !== 204) throw new Error(`update-v2 ${res.status}: ${res.text}`);
      if (res.status === 200 && res.text) {
        next = JSON.parse(res.text);
        received(next, Date.now());
        source.updateV2++;
      }
    } else {
      const res = await request(pool, 'POST', '/api/tasks', result);
      if (res.status !== 200) throw new Error(`update ${res.status}: ${res.text}`);
    }
    completed[task.taskType] = (completed[task.taskType] ?? 0) + 1;
    task = next;
  }
}

async function pollLoop(pool, type, workerId) {
  const path = `/api/tasks/poll/batch/${type}?count=${config.batch}&timeout=${config.pollTimeoutMs}&workerid=${workerId}`;
  while (!stopped) {
    try {
      const res = await request(pool, 'GET', path);
      const receivedAt = Date.now();
      if (res.status !== 200) throw new Error(`poll ${res.status}: ${res.text}`);
      const tasks = JSON.parse(res.text);
      for (const task of tasks) received(task, receivedAt);
      source.poll += tasks.length;
      await Promise.all(tasks.map((task) => workChain(pool, task, workerId)));
    } catch (err) {
      if (stopped) break;
      noteError(String(err?.message ?? err));
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function reportProgress() {
  process.send({ kind: 'progress', completed: { ...completed } });
}

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    config = msg;
    const concurrency = msg.types.length * msg.pollers * (msg.batch + 1);
    const connections = Math.ceil(Math.min(concurrency, 256) / msg.urls.length);
    pools = msg.urls.map((url) => new Pool(url, { connections, keepAliveTimeout: 30_000 }));
    for (const type of msg.types) {
      for (let i = 0; i < msg.pollers; i++) {
        loops.push(pollLoop(pools[i % pools.length], type, `bench-${type}-${i}`));
      }
    }
    setInterval(reportProgress, 20).unref();
    process.send({ kind: 'ready' });
  } else if (msg.cmd === 'latency') {
    recordLatency = msg.on;
    if (msg.on) latencySamples = [];
    else process.send({ kind: 'latency', samples: latencySamples });
  } else if (msg.cmd === 'stop') {
    stopped = true;
    reportProgress();
    process.send({ kind: 'errors', messages: errors, updateV2, source });
    // Aborts the parked long-polls instead of waiting them out.
    await Promise.allSettled(pools.map((pool) => pool.destroy()));
    await Promise.allSettled(loops);
    process.send({ kind: 'stopped' }, () => process.exit(0));
  }
});
