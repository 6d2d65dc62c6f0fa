-- External payloads stored ahead of the transaction that names them, pending until that transaction settles them
-- (deletes their row here); one left pending because its request then failed is dropped with its payload by the
-- sweep (sweepPendingPayloads). See the SQLite migration 012.
CREATE TABLE external_payloads_pending (
  path       TEXT   PRIMARY KEY,
  created_at BIGINT NOT NULL
);
CREATE INDEX external_payloads_pending_by_age ON external_payloads_pending (created_at);
