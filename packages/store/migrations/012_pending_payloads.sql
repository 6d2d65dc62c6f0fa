-- External payloads stored ahead of the transaction that names them (a worker thread writes them, off the event
-- loop, and SQLite has one writer). Each is pending here until that transaction settles it (deletes its row); one
-- left pending because its request then failed is dropped with its payload by the sweep (sweepPendingPayloads).
CREATE TABLE external_payloads_pending (
  path       TEXT    PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX external_payloads_pending_by_age ON external_payloads_pending (created_at);
