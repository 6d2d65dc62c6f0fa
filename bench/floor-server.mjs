#!/usr/bin/env node
// The floor: what this machine allows for Baton's work on Baton's stack, with nothing of Baton in it. A bare
// `node:http` server that speaks just enough of Conductor's API for bench/worker.mjs and bench/throughput.mjs:
// start a chain workflow, batch long-poll, update-v2 (which hands back the next task of the type), execute
// (answers once the workflow ended) and a status read. Per task: one request and three row writes (the task
// inserted, taken and completed), on better-sqlite3 (WAL, group commit per tick: bench/floor/sqlite.mjs) or, with
// `--db postgres://...`, on PostgreSQL (one statement per request: bench/floor/postgres.mjs). No durability
// shortcuts: every answer goes out after the commit that holds its effect.
//
// Usage: node bench/floor-server.mjs --db <file | postgres://...> [--sync normal|full] [--port 0]
// [--count-statements]; prints "Baton listening on <url>" like the real server so bench/lib/server-process.mjs can
// start either. With --count-statements, GET /metrics counts the statements run, in the form Baton serves them.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { TYPES } from './floor/chain.mjs';
import { openPostgresFloor } from './floor/postgres.mjs';
import { openSqliteFloor } from './floor/sqlite.mjs';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string' },
    sync: { type: 'string', default: 'normal' },
    port: { type: 'string', default: '0' },
    'count-statements': { type: 'boolean', default: false },
  },
  strict: false,
});

/** Statements run, by their first two words (`UPDATE tasks`, `INSERT INTO`, `BEGIN IMMEDIATE`) or their name. */
const statements = new Map();
const countStatement = (sql) => {
  const kind = sql.trim().split(/\s+/).slice(0, 2).join(' ');
  statements.set(kind, (statements.get(kind) ?? 0) + 1);
};

/** The store: start, take, completeAndTake, workflow; `onCommit` hears the types queued and workflows ended. */
const options = {
  sync: opts.sync,
  countStatement: opts['count-statements'] ? countStatement : undefined,
  onCommit: ({ queued, ended }) => {
    wakePollers(queued);
    wakeExecutes(ended);
  },
};
const store = opts.db.startsWith('postgres')
  ? await openPostgresFloor(opts.db, options)
  : openSqliteFloor(opts.db, options);

const taskJson = (row) => ({
  taskId: row.id,
  workflowInstanceId: row.workflow_id,
  taskType: row.type,
  status: 'IN_PROGRESS',
  scheduledTime: row.scheduled_at,
  inputData: JSON.parse(row.input),
});

// ---------------------------------------------------------------- long-polls and execute waiters

/** Parked polls per type, woken after a commit that queued tasks of their type. */
const pollers = new Map(TYPES.map((t) => [t, []]));
function wakePollers(queued) {
  for (const type of queued) {
    const parked = pollers.get(type);
    pollers.set(type, []);
    for (const poll of parked) poll();
  }
}

const executes = new Map();
function wakeExecutes(ended) {
  for (const id of ended) executes.get(id)?.();
}

async function poll(type, count, worker, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await store.take(type, count, worker);
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
    return send(res, 200, await store.start(body));
  }
  if (req.method === 'POST' && path.startsWith('/api/workflow/execute/bench_chain/')) {
    const id = await store.start(body?.input ?? {});
    await new Promise((resolve) => executes.set(id, resolve));
    executes.delete(id);
    const wf = await store.workflow(id);
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
    const next = await store.completeAndTake(body.taskId, body.outputData, body.workerId);
    return next ? send(res, 200, taskJson(next)) : send(res, 204);
  }
  match = /^\/api\/workflow\/([\w-]+)\/status$/.exec(path);
  if (req.method === 'GET' && match) {
    const wf = await store.workflow(match[1]);
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
