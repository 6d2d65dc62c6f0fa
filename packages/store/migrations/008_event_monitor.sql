-- The event monitor (Orkes' event execution and message views): each message an event consumer received, and
-- each handler's outcome for it (one row per action run, or one for a skipped handler). `json` holds the
-- record as the store contract has it. Bounded: recording keeps the newest EVENT_RECORDS_KEPT per handler and
-- per event and drops what is older than EVENT_RECORDS_MAX_AGE_MS (the indexes below make that cheap).
CREATE TABLE event_message_log (
  seq        INTEGER PRIMARY KEY,
  event      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  json       TEXT    NOT NULL
);
CREATE INDEX event_message_log_by_event ON event_message_log (event, seq);
CREATE INDEX event_message_log_by_time ON event_message_log (created_at);

CREATE TABLE event_executions (
  seq          INTEGER PRIMARY KEY,
  message_seq  INTEGER NOT NULL,
  handler_name TEXT    NOT NULL,
  event        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  json         TEXT    NOT NULL
);
CREATE INDEX event_executions_by_handler ON event_executions (handler_name, seq);
CREATE INDEX event_executions_by_message ON event_executions (message_seq);
CREATE INDEX event_executions_by_time ON event_executions (created_at);
