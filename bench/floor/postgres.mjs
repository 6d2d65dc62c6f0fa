// The floor's store on PostgreSQL with node-postgres (a pool, named statements planned once per connection): each
// request is one statement in its own transaction, the three row writes per task done in data-modifying CTEs,
// and the hand-out with FOR UPDATE SKIP LOCKED. Nothing of Baton's: no execution document, no search index, no
// versions, no notifications (one server, so its wake-ups stay in the process).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { TYPES } from './chain.mjs';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS workflows (id TEXT PRIMARY KEY, status TEXT NOT NULL, input TEXT, output TEXT);
  CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, type TEXT NOT NULL, step INTEGER NOT NULL,
    status TEXT NOT NULL, scheduled_at BIGINT NOT NULL, input TEXT, output TEXT, worker TEXT);
  CREATE INDEX IF NOT EXISTS tasks_queue ON tasks (type, scheduled_at) WHERE status = 'SCHEDULED';`;

const TAKE = `UPDATE tasks SET status = 'IN_PROGRESS', worker = $1 WHERE id IN
  (SELECT id FROM tasks WHERE type = $2 AND status = 'SCHEDULED' ORDER BY scheduled_at LIMIT $3
   FOR UPDATE SKIP LOCKED)
  RETURNING id, workflow_id, type, scheduled_at::float8 AS scheduled_at, input`;

const statements = {
  start: {
    name: 'floor_start',
    text: `WITH w AS (INSERT INTO workflows (id, status, input) VALUES ($1, 'RUNNING', $3))
      INSERT INTO tasks (id, workflow_id, type, step, status, scheduled_at, input)
      VALUES ($2, $1, '${TYPES[0]}', 0, 'SCHEDULED', $4, $3)`,
  },
  take: { name: 'floor_take', text: TAKE },
  // Completes the task, queues the next step or completes the workflow, and takes the next task of the
  // completed one's type: one statement, one snapshot (the step it queues is of another type).
  completeAndTake: {
    name: 'floor_complete_and_take',
    text: `WITH done AS (
        UPDATE tasks SET status = 'COMPLETED', output = $2 WHERE id = $1 AND status = 'IN_PROGRESS'
        RETURNING workflow_id, type, step),
      queued AS (
        INSERT INTO tasks (id, workflow_id, type, step, status, scheduled_at, input)
        SELECT $4, workflow_id, (ARRAY['${TYPES.join("','")}'])[step + 2], step + 1, 'SCHEDULED', $5, $2
        FROM done WHERE step + 1 < ${TYPES.length}
        RETURNING type),
      ended AS (
        UPDATE workflows SET status = 'COMPLETED', output = $2 FROM done
        WHERE workflows.id = done.workflow_id AND done.step + 1 = ${TYPES.length}
        RETURNING workflows.id),
      taken AS (
        UPDATE tasks SET status = 'IN_PROGRESS', worker = $3 WHERE id IN
          (SELECT id FROM tasks WHERE type = (SELECT type FROM done) AND status = 'SCHEDULED'
           ORDER BY scheduled_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, workflow_id, type, scheduled_at::float8 AS scheduled_at, input)
      SELECT (SELECT type FROM done) AS done, (SELECT type FROM queued) AS queued,
        (SELECT id FROM ended) AS ended, taken.*
      FROM (SELECT 1) one LEFT JOIN taken ON true`,
  },
  workflow: { name: 'floor_workflow', text: `SELECT status, output FROM workflows WHERE id = $1` },
};

/** Connects to `url`, creates the floor's tables, and returns the floor's store (contract: bench/floor-server.mjs). */
export async function openPostgresFloor(url, { countStatement, onCommit }) {
  // Baton's own default pool size (`--pool-size`, 10).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(SCHEMA);
  const run = async (stmt, values) => {
    countStatement?.(stmt.name);
    return (await pool.query({ ...stmt, values })).rows;
  };
  const committed = (queued, ended) =>
    onCommit({ queued: new Set(queued ? [queued] : []), ended: new Set(ended ? [ended] : []) });

  return {
    async start(input) {
      const id = randomUUID();
      await run(statements.start, [id, randomUUID(), JSON.stringify(input), Date.now()]);
      committed(TYPES[0]);
      return id;
    },
    take: (type, count, worker) => run(statements.take, [worker, type, count]),
    async completeAndTake(taskId, output, worker) {
      const [row] = await run(statements.completeAndTake, [
        taskId,
        JSON.stringify(output),
        worker,
        randomUUID(),
        Date.now(),
      ]);
      committed(row.queued, row.ended);
      return row.done && row.id ? row : undefined;
    },
    async workflow(id) {
      return (await run(statements.workflow, [id]))[0];
    },
  };
}
