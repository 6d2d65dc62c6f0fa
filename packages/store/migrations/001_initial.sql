-- Baton's embedded schema. Every row keeps the full wire JSON in `json`; the other columns exist only to be
-- filtered, ordered or joined on.

CREATE TABLE workflow_defs (
  name    TEXT    NOT NULL,
  version INTEGER NOT NULL,
  json    TEXT    NOT NULL,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;

CREATE TABLE task_defs (
  name TEXT PRIMARY KEY,
  json TEXT NOT NULL
) WITHOUT ROWID;

-- Every execution embeds its full workflowDefinition; it is stored once per distinct content (hash of its JSON).
CREATE TABLE def_snapshots (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
) WITHOUT ROWID;

-- `json` is the Workflow without `tasks` and without `workflowDefinition`.
CREATE TABLE workflows (
  workflow_id        TEXT    PRIMARY KEY,
  workflow_name      TEXT    NOT NULL,
  workflow_version   INTEGER NOT NULL,
  status             TEXT    NOT NULL,
  correlation_id     TEXT,
  parent_workflow_id TEXT,
  priority           INTEGER NOT NULL,
  start_time         INTEGER NOT NULL,
  create_time        INTEGER,
  update_time        INTEGER,
  end_time           INTEGER,
  def_hash           TEXT    NOT NULL REFERENCES def_snapshots (hash),
  json               TEXT    NOT NULL
);
CREATE INDEX workflows_by_correlation ON workflows (workflow_name, correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX workflows_running ON workflows (workflow_name, workflow_version, start_time) WHERE status = 'RUNNING';
CREATE INDEX workflows_by_parent ON workflows (parent_workflow_id) WHERE parent_workflow_id IS NOT NULL;

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

CREATE TABLE queue_messages (
  queue_name TEXT    NOT NULL,
  task_id    TEXT    NOT NULL,
  priority   INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  PRIMARY KEY (queue_name, task_id)
) WITHOUT ROWID;
-- Serves the pop order, and (by skipping from one priority to the next) the earliest visible_at.
CREATE INDEX queue_pop_order ON queue_messages (queue_name, priority DESC, visible_at);
-- removeWorkflow knows task ids but not the queues they sit in.
CREATE INDEX queue_by_task ON queue_messages (task_id);

-- One durable timer per workflow (no foreign key: a timer for a vanished workflow is harmless).
CREATE TABLE timers (
  workflow_id TEXT    PRIMARY KEY,
  due_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX timers_by_due ON timers (due_at);

CREATE TABLE task_logs (
  id           INTEGER PRIMARY KEY,
  task_id      TEXT    NOT NULL,
  log          TEXT    NOT NULL,
  created_time INTEGER NOT NULL
);
CREATE INDEX task_logs_by_task ON task_logs (task_id, id);

-- '' stands for "no domain" / "no worker id" so the three columns can form the key.
CREATE TABLE poll_data (
  queue_name     TEXT    NOT NULL,
  domain         TEXT    NOT NULL,
  worker_id      TEXT    NOT NULL,
  last_poll_time INTEGER NOT NULL,
  PRIMARY KEY (queue_name, domain, worker_id)
) WITHOUT ROWID;

-- Hand-out times per task definition, for rateLimitPerFrequency's sliding window.
CREATE TABLE handouts (
  id            INTEGER PRIMARY KEY,
  task_def_name TEXT    NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX handouts_by_def ON handouts (task_def_name, at);
