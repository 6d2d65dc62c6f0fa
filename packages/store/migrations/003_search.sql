-- Search (§6): indexes for the common filters and orders, and a full-text index for `freeText`. Searches read
-- these primary tables, so a hit is there the moment the write that made it has committed.

-- Correlation id alone (search) as well as name + correlation id (correlated lookups).
DROP INDEX workflows_by_correlation;
CREATE INDEX workflows_by_correlation ON workflows (correlation_id, workflow_name) WHERE correlation_id IS NOT NULL;
-- Time ranges and sorting by startTime; also the smallest index, which count(*) of everything walks.
CREATE INDEX workflows_by_start ON workflows (start_time);
-- status (and workflowType + status) filters, newest first.
CREATE INDEX workflows_by_status ON workflows (status, start_time);
CREATE INDEX workflows_by_type ON workflows (workflow_name, status, start_time);
-- Task search by type.
CREATE INDEX tasks_by_type ON tasks (task_type);

-- Free text over what identifies an execution and what it was given and produced. Contentless: the words are
-- indexed, the text itself is not stored again. Two documents per execution (r = its workflows rowid): the start
-- document, rowid 2r (id, correlation id, type, input), and once it has ended the end document, rowid 2r + 1
-- (output, failure reason). The store (src/sqlite/search/text-index.ts) writes them just before each batch
-- commits: when an execution is created, ends, is reopened, is written while ended or is removed; never for the
-- many writes while it runs.
CREATE VIRTUAL TABLE workflow_text USING fts5(
  workflow_id, correlation_id, workflow_type, input, output, reason,
  content = '', contentless_delete = 1
);

-- Executions stored before this migration.
INSERT INTO workflow_text (rowid, workflow_id, correlation_id, workflow_type, input)
SELECT rowid * 2, workflow_id, correlation_id, workflow_name, json_extract(json, '$.input') FROM workflows;
INSERT INTO workflow_text (rowid, output, reason)
SELECT rowid * 2 + 1, json_extract(json, '$.output'), json_extract(json, '$.reasonForIncompletion') FROM workflows
WHERE status NOT IN ('RUNNING', 'PAUSED');

-- Executions per (workflow name, status, top-level or not), kept by the store (src/sqlite/search/status-counts.ts):
-- the totalHits of a search by nothing, workflowType, status and/or topLevelOnly without walking an index.
CREATE TABLE workflow_counts (
  workflow_name TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  -- 1 when parent_workflow_id IS NULL.
  top_level     INTEGER NOT NULL,
  executions    INTEGER NOT NULL,
  PRIMARY KEY (workflow_name, status, top_level)
) WITHOUT ROWID;
INSERT INTO workflow_counts (workflow_name, status, top_level, executions)
SELECT workflow_name, status, parent_workflow_id IS NULL, count(*) FROM workflows
GROUP BY workflow_name, status, parent_workflow_id IS NULL;
