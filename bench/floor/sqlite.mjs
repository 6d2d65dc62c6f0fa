// The floor's store on better-sqlite3: WAL, one transaction per tick for every request that arrived in it
// (group commit), the three row writes per task and nothing else.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { TYPES } from './chain.mjs';

/** Opens `file` and returns the floor's store (see bench/floor-server.mjs for the contract). */
export function openSqliteFloor(file, { sync, countStatement, onCommit }) {
  const db = new Database(file, countStatement ? { verbose: countStatement } : {});
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS workflows (id TEXT PRIMARY KEY, status TEXT NOT NULL, input TEXT, output TEXT);
    CREATE TABLE IF NOT EXISTS tasks (
      id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, type TEXT NOT NULL, step INTEGER NOT NULL,
      status TEXT NOT NULL, scheduled_at INTEGER NOT NULL, input TEXT, output TEXT, worker TEXT);
    CREATE INDEX IF NOT EXISTS tasks_queue ON tasks (type, scheduled_at) WHERE status = 'SCHEDULED';
  `);
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

  // What the open tick's transaction queued and ended, reported once it committed.
  let queued = new Set();
  let ended = new Set();
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
    const committed = { queued, ended };
    queued = new Set();
    ended = new Set();
    onCommit(committed);
  }

  function insertTask(workflowId, step, input) {
    sql.insertTask.run(randomUUID(), workflowId, TYPES[step], step, Date.now(), input);
    queued.add(TYPES[step]);
  }

  return {
    start: (input) =>
      inTransaction(() => {
        const id = randomUUID();
        const json = JSON.stringify(input);
        sql.insertWorkflow.run(id, json);
        insertTask(id, 0, json);
        return id;
      }),
    take: (type, count, worker) => inTransaction(() => sql.take.all(worker, type, count)),
    completeAndTake: (taskId, output, worker) =>
      inTransaction(() => {
        const json = JSON.stringify(output);
        const done = sql.complete.get(json, taskId);
        if (!done) return undefined;
        if (done.step + 1 < TYPES.length) insertTask(done.workflow_id, done.step + 1, json);
        else {
          sql.completeWorkflow.run(json, done.workflow_id);
          ended.add(done.workflow_id);
        }
        return sql.take.all(worker, done.type, 1)[0];
      }),
    workflow: async (id) => sql.workflow.get(id),
  };
}
