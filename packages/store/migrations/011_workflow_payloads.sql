-- Large workflow payloads in rows of their own. SQLite rewrites a whole row at every update, so an execution with
-- a 4 MB input rewrote 4 MB at every task completion. Its input, output or variables, when large (see
-- row-json.ts), now live here, each written only when it changes. The execution row's `payloads_apart` (added by
-- migration 010's rebuild) says which: a row left here by a payload that became small again is not read.
CREATE TABLE workflow_payloads (
  workflow_id TEXT NOT NULL REFERENCES workflows (workflow_id) ON DELETE CASCADE,
  field       TEXT NOT NULL,
  json        TEXT NOT NULL,
  PRIMARY KEY (workflow_id, field)
);
