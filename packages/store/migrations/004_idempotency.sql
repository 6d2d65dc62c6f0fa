-- Idempotent starts (§2.7, Orkes semantics): a start whose idempotency key a workflow of the same name already
-- carries fails, returns that workflow, or starts anew, depending on its strategy.
-- (003 is another branch's migration; the runner applies whatever versions a file has not seen, gaps included.)
ALTER TABLE workflows ADD COLUMN idempotency_key TEXT;
UPDATE workflows SET idempotency_key = json_extract(json, '$.idempotencyKey')
  WHERE json_extract(json, '$.idempotencyKey') IS NOT NULL;
CREATE INDEX workflows_by_idempotency_key ON workflows (workflow_name, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- A SUB_WORKFLOW task that took an existing workflow (RETURN_EXISTING) instead of starting its own child learns
-- of that workflow's end from here: the workflow's parentWorkflowId names another parent, or none.
CREATE TABLE workflow_followers (
  workflow_id          TEXT NOT NULL,
  follower_workflow_id TEXT NOT NULL,
  follower_task_id     TEXT NOT NULL,
  PRIMARY KEY (workflow_id, follower_task_id)
) WITHOUT ROWID;
