-- Fewer waits per decision. (002 is the search migration.)

-- A task read inside a decision: the decision is about its execution, so lock that and read it whole (the task
-- with it) in the same round trip.
CREATE FUNCTION baton_lock_task_workflow(wanted_task_id TEXT)
RETURNS TABLE (workflow_json TEXT, snapshot_hash TEXT, tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  owner_id TEXT;
BEGIN
  SELECT t.workflow_id INTO owner_id FROM tasks t WHERE t.task_id = wanted_task_id;
  IF owner_id IS NOT NULL THEN
    RETURN QUERY SELECT * FROM baton_lock_workflow(owner_id, true);
  END IF;
END
$$;

-- Signals to the other servers, sent just after a transaction committed, in a transaction of their own: NOTIFY
-- holds a database-wide lock until its transaction's commit is flushed, so notifying inside the work's own
-- transaction would make every commit wait for the one before. Wake-ups need no flush (they are not durable
-- anyway), so this one commits without waiting for the disk.
CREATE FUNCTION baton_notify(payloads TEXT[]) RETURNS VOID
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_notify('baton_signals', payload) FROM unnest(payloads) AS payload;
END
$$;
