-- Baton's PostgreSQL schema: the same tables as the SQLite store (../migrations/), for several servers sharing
-- one database. Every row keeps the full wire JSON in `json` (text: written and read whole, never parsed by
-- PostgreSQL on the hot path); the other columns exist only to be filtered, ordered, joined on or locked.
-- Times are epoch milliseconds.

CREATE TABLE workflow_defs (
  name    TEXT    NOT NULL,
  version INTEGER NOT NULL,
  json    TEXT    NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE task_defs (
  name TEXT PRIMARY KEY,
  json TEXT NOT NULL
);

-- Every execution embeds its full workflowDefinition; it is stored once per distinct content (hash of its JSON).
-- A snapshot never changes once written, so any server may cache it by hash.
CREATE TABLE def_snapshots (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
);

-- `json` is the Workflow without `tasks` and without `workflowDefinition`. A decision locks its row
-- (SELECT ... FOR UPDATE), so two servers never decide one execution at once.
CREATE TABLE workflows (
  workflow_id        TEXT    PRIMARY KEY,
  workflow_name      TEXT    NOT NULL,
  workflow_version   INTEGER NOT NULL,
  status             TEXT    NOT NULL,
  correlation_id     TEXT,
  parent_workflow_id TEXT,
  priority           INTEGER NOT NULL,
  start_time         BIGINT  NOT NULL,
  create_time        BIGINT,
  update_time        BIGINT,
  end_time           BIGINT,
  def_hash           TEXT    NOT NULL REFERENCES def_snapshots (hash),
  idempotency_key    TEXT,
  json               TEXT    NOT NULL
);
CREATE INDEX workflows_by_correlation ON workflows (correlation_id, workflow_name) WHERE correlation_id IS NOT NULL;
CREATE INDEX workflows_running ON workflows (workflow_name, workflow_version, start_time) WHERE status = 'RUNNING';
CREATE INDEX workflows_by_parent ON workflows (parent_workflow_id) WHERE parent_workflow_id IS NOT NULL;
CREATE INDEX workflows_by_idempotency_key ON workflows (workflow_name, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE TABLE tasks (
  task_id             TEXT    PRIMARY KEY,
  workflow_id         TEXT    NOT NULL REFERENCES workflows (workflow_id) ON DELETE CASCADE,
  seq                 INTEGER NOT NULL,
  reference_task_name TEXT    NOT NULL,
  task_def_name       TEXT    NOT NULL,
  task_type           TEXT    NOT NULL,
  status              TEXT    NOT NULL,
  json                TEXT    NOT NULL
);
CREATE INDEX tasks_by_workflow ON tasks (workflow_id, seq);
-- concurrentExecLimit counts these at every poll.
CREATE INDEX tasks_in_progress ON tasks (task_def_name) WHERE status = 'IN_PROGRESS';

-- Claimed with FOR UPDATE SKIP LOCKED, so servers polling one queue never take the same message.
CREATE TABLE queue_messages (
  queue_name TEXT    NOT NULL,
  task_id    TEXT    NOT NULL,
  priority   INTEGER NOT NULL,
  visible_at BIGINT  NOT NULL,
  PRIMARY KEY (queue_name, task_id)
);
CREATE INDEX queue_pop_order ON queue_messages (queue_name, priority DESC, visible_at, task_id);
-- removeWorkflow knows task ids but not the queues they sit in.
CREATE INDEX queue_by_task ON queue_messages (task_id);

-- One durable timer per workflow (no foreign key: a timer for a vanished workflow is harmless).
CREATE TABLE timers (
  workflow_id TEXT    PRIMARY KEY,
  due_at      BIGINT  NOT NULL
);
CREATE INDEX timers_by_due ON timers (due_at);

CREATE TABLE task_logs (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id      TEXT   NOT NULL,
  log          TEXT   NOT NULL,
  created_time BIGINT NOT NULL
);
CREATE INDEX task_logs_by_task ON task_logs (task_id, id);

-- '' stands for "no domain" / "no worker id" so the three columns can form the key.
CREATE TABLE poll_data (
  queue_name     TEXT   NOT NULL,
  domain         TEXT   NOT NULL,
  worker_id      TEXT   NOT NULL,
  last_poll_time BIGINT NOT NULL,
  PRIMARY KEY (queue_name, domain, worker_id)
);

-- Hand-out times per task definition, for rateLimitPerFrequency's sliding window.
CREATE TABLE handouts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_def_name TEXT   NOT NULL,
  at            BIGINT NOT NULL
);
CREATE INDEX handouts_by_def ON handouts (task_def_name, at);

CREATE TABLE event_handlers (
  name   TEXT    PRIMARY KEY,
  event  TEXT    NOT NULL,
  active BOOLEAN NOT NULL,
  json   TEXT    NOT NULL
);
CREATE INDEX event_handlers_by_event ON event_handlers (event, active);

-- The durable internal `conductor` event queue, consumed in `seq` order; claimed with SKIP LOCKED.
CREATE TABLE event_messages (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue_name   TEXT   NOT NULL,
  message_id   TEXT   NOT NULL,
  payload      TEXT   NOT NULL,
  published_at BIGINT NOT NULL,
  visible_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX event_messages_by_id ON event_messages (queue_name, message_id);
CREATE INDEX event_messages_by_visible ON event_messages (visible_at, seq);

CREATE TABLE workflow_followers (
  workflow_id          TEXT NOT NULL,
  follower_workflow_id TEXT NOT NULL,
  follower_task_id     TEXT NOT NULL,
  PRIMARY KEY (workflow_id, follower_task_id)
);

-- A decision's read: lock the execution's row, then read it with its tasks (as one JSON array, by seq), in one
-- round trip. Two statements, not one: under READ COMMITTED each statement of a VOLATILE function takes a fresh
-- snapshot, so after waiting for another server's lock the read sees everything that server committed (a single
-- SELECT ... FOR UPDATE would re-read the locked row but still see the tasks as they were before the wait).
CREATE FUNCTION baton_lock_workflow(id TEXT, with_tasks BOOLEAN)
RETURNS TABLE (workflow_json TEXT, snapshot_hash TEXT, tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM workflows w WHERE w.workflow_id = id FOR UPDATE;
  RETURN QUERY
    SELECT w.json, w.def_hash,
      CASE WHEN with_tasks THEN
        (SELECT '[' || string_agg(t.json, ',' ORDER BY t.seq) || ']' FROM tasks t WHERE t.workflow_id = id)
      END
    FROM workflows w WHERE w.workflow_id = id;
END
$$;
