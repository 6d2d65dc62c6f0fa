-- The workflow scheduler: schedules, with their next tick in a column of its own (the due index reads it), and
-- the record of every tick. A tick is recorded at most once per schedule (the unique key), in the transaction
-- that starts its workflow and moves `next_run_time` on.
-- (005 is another branch's migration; the runner applies whatever versions a file has not seen, gaps included.)
CREATE TABLE schedules (
  name          TEXT    PRIMARY KEY,
  workflow_name TEXT    NOT NULL,
  paused        INTEGER NOT NULL,
  -- NULL: no further tick (past scheduleEndTime).
  next_run_time INTEGER,
  json          TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX schedules_due ON schedules (next_run_time) WHERE paused = 0 AND next_run_time IS NOT NULL;
CREATE INDEX schedules_by_workflow ON schedules (workflow_name);

CREATE TABLE schedule_executions (
  execution_id   TEXT    PRIMARY KEY,
  schedule_name  TEXT    NOT NULL,
  scheduled_time INTEGER NOT NULL,
  execution_time INTEGER NOT NULL,
  workflow_name  TEXT    NOT NULL,
  workflow_id    TEXT,
  state          TEXT    NOT NULL,
  reason         TEXT,
  json           TEXT    NOT NULL,
  UNIQUE (schedule_name, scheduled_time)
);
CREATE INDEX schedule_executions_by_time ON schedule_executions (scheduled_time);
