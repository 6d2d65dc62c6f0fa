-- Rebuilds workflows and tasks with the short columns (summary, idempotency_key) before `json`. SQLite stores a
-- row's columns in order, and a multi-MB `json` spills into a chain of overflow pages: a column after it is read
-- by walking that chain (3-4.5 ms per 5 MB row, for every search hit). Before it, it is on the row's first page.
-- Rowids are kept: the full-text index (workflow_text) and the searches address rows by rowid. The migration
-- runs with foreign keys off (src/sqlite/migrate.ts), so dropping workflows does not cascade to tasks.

CREATE TABLE workflows_new (
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
  -- Which payloads are in workflow_payloads (migration 011): 1 input, 2 output, 4 variables.
  payloads_apart     INTEGER NOT NULL DEFAULT 0,
  idempotency_key    TEXT,
  summary            TEXT,
  -- The Workflow without `tasks` and `workflowDefinition`; last, see above.
  json               TEXT    NOT NULL
);
INSERT INTO workflows_new (rowid, workflow_id, workflow_name, workflow_version, status, correlation_id,
  parent_workflow_id, priority, start_time, create_time, update_time, end_time, def_hash, idempotency_key, summary,
  json)
SELECT rowid, workflow_id, workflow_name, workflow_version, status, correlation_id, parent_workflow_id, priority,
  start_time, create_time, update_time, end_time, def_hash, idempotency_key, summary, json
FROM workflows;
DROP TABLE workflows;
ALTER TABLE workflows_new RENAME TO workflows;
CREATE INDEX workflows_by_correlation ON workflows (correlation_id, workflow_name) WHERE correlation_id IS NOT NULL;
CREATE INDEX workflows_by_idempotency_key ON workflows (workflow_name, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX workflows_by_parent ON workflows (parent_workflow_id) WHERE parent_workflow_id IS NOT NULL;
CREATE INDEX workflows_by_start ON workflows (start_time);
CREATE INDEX workflows_by_status ON workflows (status, start_time);
CREATE INDEX workflows_by_type ON workflows (workflow_name, status, start_time);
CREATE INDEX workflows_running ON workflows (workflow_name, workflow_version, start_time) WHERE status = 'RUNNING';

CREATE TABLE tasks_new (
  task_id             TEXT    PRIMARY KEY,
  workflow_id         TEXT    NOT NULL REFERENCES workflows (workflow_id) ON DELETE CASCADE,
  seq                 INTEGER NOT NULL,
  reference_task_name TEXT    NOT NULL,
  task_def_name       TEXT    NOT NULL,
  task_type           TEXT    NOT NULL,
  status              TEXT    NOT NULL,
  summary             TEXT,
  json                TEXT    NOT NULL
);
INSERT INTO tasks_new (rowid, task_id, workflow_id, seq, reference_task_name, task_def_name, task_type, status,
  summary, json)
SELECT rowid, task_id, workflow_id, seq, reference_task_name, task_def_name, task_type, status, summary, json
FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_by_type ON tasks (task_type);
CREATE INDEX tasks_by_workflow ON tasks (workflow_id, seq);
-- concurrentExecLimit counts these at every poll.
CREATE INDEX tasks_in_progress ON tasks (task_def_name) WHERE status = 'IN_PROGRESS';
