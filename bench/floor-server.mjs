#!/usr/bin/env node
// The floor: what this machine allows for Baton's work on Baton's stack, with nothing of Baton in it. A bare
// `node:http` server on better-sqlite3 (WAL, group commit per tick) that speaks just enough of Conductor's API for
// bench/worker.mjs and bench/throughput.mjs: start a chain workflow, batch long-poll, update-v2 (which hands back
// the next task of the type), execute (answers once the workflow ended) and a status read. Per task: one request
// and three row writes (the task inserted, taken and completed). No durability
// shortcuts: every answer goes out after the commit that holds its effect.
//
// Usage: node bench/floor-server.mjs --db <file> [--sync normal|full] [--port 0] [--count-statements]; prints
// "Baton listening on <url>" like the real server so bench/lib/server-process.mjs can start either. With
// --count-statements, GET /metrics counts the statements run, in the form Baton serves them.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string' },
    sync: { type: 'string', default: 'normal' },
    port: { type: 'string', default: '0' },
    'count-statements': { type: 'boolean', default: false },
  },
  strict: false,
});

/** Statements run, by their first two words (`UPDATE tasks`, `INSERT INTO`, `BEGIN IMMEDIATE`). */
const statements = new Map();
const countStatement = (sql) => {
  const kind = sql.trim().split(/\s+/).slice(0, 2).join(' ');
  statements.set(kind, (statements.get(kind) ?? 0) + 1);
};
const db = new Database(opts.db, opts['count-statements'] ? { verbose: countStatement } : {});
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${opts.sync === 'full' ? 'FULL' : 'NORMAL'}`);
db.exec(`
  CREATE TABLE IF NOT EXISTS workflows (id TEXT PRIMARY KEY, status TEXT NOT NULL, input TEXT, output TEXT);
  CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, type TEXT NOT NULL, step INTEGER NOT NULL,
    status TEXT NOT NULL, scheduled_at INTEGER NOT NULL, input TEXT, output TEXT, worker TEXT);
  CREATE INDEX IF NOT EXISTS tasks_queue ON tasks (type, scheduled_at) WHERE status = 'SCHEDULED';
`);

const TYPES = ['b1', 'b2', 'b3'];
const sql = {
  insertWorkflow: db.prepare(`INSERT INTO workflows (id, status, input) VALUES (?, 'RUNNING', ?)`),
  completeWorkflow: db.prepare(`UPDATE workflows SET status = 'COMPLETED', output = ? WHERE id = ?`),
  insertTask: db.prepare(
    `INSERT INTO tasks (id, workflow_id, type, step, status, scheduled_at, input) VALUES (?, ?, ?, ?, 'SCHEDULED', ?, ?)`,
  ),
  take: db.prepare(
    `UPDATE tasks SET status = 'IN_PROGRESS', worker = ? WHERE id IN
       (SELECT id FROM tasks WHERE type = ? AND status = 'SCHEDULED' ORDER BY scheduled_at LIMIT ?)
     RETURNING id, workflow_id, type, scheduled_at, input`,
  ),
  complete: db.prepare(
    `UPDATE tasks SET status = 'COMPLETED', output = ? WHERE id = ? AND status = 'IN_PROGRESS'
     RETURNING workflow_id, type, step`,
  ),
  workflow: db.prepare(`SELECT status, output FROM workflows WHERE id = ?`),
};

// ---------------------------------------------------------------- group commit: one transaction per tick

let pending = [];
function inTransaction(fn) {
  return new Promise((resolve, reject) => {
    pending.push({ fn, resolve, reject });
    if (pending.length === 1) setImmediate(flush);
  });
}
function flush() {
  const batch = pending;
  pending = [];
  const results = [];
  db.exec('BEGIN IMMEDIATE');
  for (const job of batch) {
    try {
      results.push({ job, value: job.fn() });
    } catch (err) {
      job.reject(err);
    }
  }
  db.exec('COMMIT');
  for (const { job, value } of results) job.resolve(value);
  wakePollers();
  wakeExecutes();
}

// ---------------------------------------------------------------- the chain

const taskJson = (row) => ({
  taskId: row.id,
  workflowInstanceId: row.workflow_id,
  taskType: row.type,
  status: 'IN_PROGRESS',
  scheduledTime: row.scheduled_at,
  inputData: JSON.parse(row.input),
});

function startChain(input) {
  const id = randomUUID();
  const json = JSON.stringify(input);
  sql.insertWorkflow.run(id, json);
  sql.insertTask.run(randomUUID(), id, TYPES[0], 0, Date.now(), json);
  queued.add(TYPES[0]);
  return id;
}

/** Completes a task and schedules the next step or completes the workflow; returns the task's type. */
function completeTask(taskId, output) {
  const done = sql.complete.get(JSON.stringify(output), taskId);
  if (!done) return undefined;
  const next = done.step + 1;
  if (next < TYPES.length) {
    sql.insertTask.run(randomUUID(), done.workflow_id, TYPES[next], next, Date.now(), JSON.stringify(output));
    queued.add(TYPES[next]);
  } else {
    sql.completeWorkflow.run(JSON.stringify(output), done.workflow_id);
    ended.add(done.workflow_id);
  }
  return done.type;
}

// ---------------------------------------------------------------- long-polls and execute waiters

/** Parked polls per type, woken after a commit that queued tasks of their type. */
const pollers = new Map(TYPES.map((t) => [t, []]));
const queued = new Set();
function wakePollers() {
  for (const type of queued) {
    const parked = pollers.get(type);
    pollers.set(type, []);
    for (const poll of parked) poll();
  }
  queued.clear();
}

const ended = new Set();
const executes = new Map();
function wakeExecutes() {
  for (const id of ended) executes.get(id)?.();
  ended.clear();
}

async function poll(type, count, worker, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await inTransaction(() => sql.take.all(worker, type, count));
    if (rows.length > 0 || Date.now() >= deadline) return rows.map(taskJson);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now());
      pollers.get(type).push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

// ---------------------------------------------------------------- HTTP

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined));
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://floor');
  const path = url.pathname;
  const body = await readBody(req);
  if (req.method === 'POST' && path.startsWith('/api/metadata/')) return send(res, 200);
  if (req.method === 'GET' && path === '/metrics') {
    const lines = [...statements].map(
      ([kind, n]) => `baton_store_statements_total{statement="${kind}"} ${n}`,
    );
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(lines.join('\n') + '\n');
  }
  if (req.method === 'POST' && path === '/api/workflow/bench_chain') {
    return send(res, 200, await inTransaction(() => startChain(body)));
  }
  if (req.method === 'POST' && path.startsWith('/api/workflow/execute/bench_chain/')) {
    const id = await inTransaction(() => startChain(body?.input ?? {}));
    await new Promise((resolve) => executes.set(id, resolve));
    executes.delete(id);
    const wf = sql.workflow.get(id);
    return send(res, 200, { workflowId: id, status: wf.status, output: JSON.parse(wf.output) });
  }
  let match = /^\/api\/tasks\/poll\/batch\/(\w+)$/.exec(path);
  if (req.method === 'GET' && match) {
    const p = url.searchParams;
    const tasks = await poll(
      match[1],
      Number(p.get('count') ?? 1),
      p.get('workerid'),
      Number(p.get('timeout') ?? 100),
    );
    return send(res, 200, tasks);
  }
  if (req.method === 'POST' && path === '/api/tasks/update-v2') {
    // Complete and take the next task of the type in one transaction, as Baton's update-v2 does.
    const next = await inTransaction(() => {
      const type = completeTask(body.taskId, body.outputData);
      return type ? (sql.take.all(body.workerId, type, 1)[0] ?? null) : null;
    });
    return next ? send(res, 200, taskJson(next)) : send(res, 204);
  }
  match = /^\/api\/workflow\/([\w-]+)\/status$/.exec(path);
  if (req.method === 'GET' && match) {
    const wf = sql.workflow.get(match[1]);
    if (!wf) return send(res, 404, { message: 'no such workflow' });
    return send(res, 200, {
      workflowId: match[1],
      status: wf.status,
      output: wf.output && JSON.parse(wf.output),
    });
  }
  return send(res, 404, { message: `${req.method} ${path}: not in the floor` });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => send(res, 500, { message: String(err?.message ?? err) }));
});
server.keepAliveTimeout = 72_000;
server.listen(Number(opts.port), '127.0.0.1', () => {
  console.log(`Baton listening on http://127.0.0.1:${server.address().port} (the floor)`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
