-- External payload storage: payloads above Conductor's size thresholds live here, referenced from executions by
-- externalInputPayloadStoragePath / externalOutputPayloadStoragePath, and served at /api/external-payloads/{path}.
CREATE TABLE external_payloads (
  path       TEXT   PRIMARY KEY,
  data       BYTEA  NOT NULL,
  created_at BIGINT NOT NULL
);

-- Tags (Orkes) on anything with a name: entity_type says what family the id belongs to ('workflow_def',
-- 'task_def', 'event_handler', and whatever later families use), so one table serves them all.
CREATE TABLE tags (
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  tag_key     TEXT NOT NULL,
  tag_value   TEXT NOT NULL,
  PRIMARY KEY (entity_type, entity_id, tag_key, tag_value)
);
CREATE INDEX tags_by_tag ON tags (entity_type, tag_key, tag_value);

-- Workflow messages (POST /api/workflow/{id}/messages), taken oldest first by PULL_WORKFLOW_MESSAGES tasks.
CREATE TABLE workflow_messages (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  payload     TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX workflow_messages_by_workflow ON workflow_messages (workflow_id, seq);
