-- Event handlers (§2.13) and the durable internal `conductor` event queue.

-- `json` is the handler as registered; `event` and `active` exist to find the handlers of one event.
CREATE TABLE event_handlers (
  name   TEXT    PRIMARY KEY,
  event  TEXT    NOT NULL,
  active INTEGER NOT NULL,
  json   TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX event_handlers_by_event ON event_handlers (event, active);

-- Messages published to `conductor:...` queues, consumed in `seq` order (a new rowid is always above the live
-- ones). Claiming a message hides it until `visible_at`; it is deleted only after its handlers ran, so a crash
-- in between delivers it again.
CREATE TABLE event_messages (
  seq          INTEGER PRIMARY KEY,
  queue_name   TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  published_at INTEGER NOT NULL,
  visible_at   INTEGER NOT NULL
);
-- A message id is unique per queue: publishing the same id again (an EVENT task run twice) is a no-op.
CREATE UNIQUE INDEX event_messages_by_id ON event_messages (queue_name, message_id);
