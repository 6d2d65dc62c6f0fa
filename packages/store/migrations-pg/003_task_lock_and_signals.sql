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

-- A hand-out: claim up to `wanted` visible messages of a queue (skipping those another server is claiming), then
-- lock and read the executions of their tasks, which the hand-out decides on next; one round trip in all. The
-- messages are deleted when `hide_until` is null, else hidden until then. The first row carries the claimed task
-- ids in pop order; each further row is one execution, as baton_lock_workflow returns it.
CREATE FUNCTION baton_claim_tasks(queue TEXT, wanted INTEGER, now BIGINT, hide_until BIGINT)
RETURNS TABLE (claimed TEXT[], workflow_json TEXT, snapshot_hash TEXT, tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ids TEXT[];
BEGIN
  WITH picked AS (
    SELECT m.queue_name, m.task_id, m.priority, m.visible_at FROM queue_messages m
    WHERE m.queue_name = queue AND m.visible_at <= now
    ORDER BY m.priority DESC, m.visible_at, m.task_id LIMIT wanted
    FOR UPDATE SKIP LOCKED
  ), hidden AS (
    UPDATE queue_messages m SET visible_at = hide_until FROM picked
    WHERE hide_until IS NOT NULL AND m.queue_name = picked.queue_name AND m.task_id = picked.task_id
  ), taken AS (
    DELETE FROM queue_messages m USING picked
    WHERE hide_until IS NULL AND m.queue_name = picked.queue_name AND m.task_id = picked.task_id
  )
  SELECT coalesce(array_agg(p.task_id ORDER BY p.priority DESC, p.visible_at, p.task_id), '{}') INTO ids
  FROM picked p;
  RETURN QUERY SELECT ids, NULL::TEXT, NULL::TEXT, NULL::TEXT;
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- In id order, so two hand-outs locking overlapping executions take them in the same order.
  PERFORM 1 FROM workflows w
  WHERE w.workflow_id IN (SELECT t.workflow_id FROM tasks t WHERE t.task_id = ANY (ids))
  ORDER BY w.workflow_id FOR UPDATE;
  RETURN QUERY
    SELECT NULL::TEXT[], w.json, w.def_hash,
      (SELECT '[' || string_agg(t.json, ',' ORDER BY t.seq) || ']' FROM tasks t WHERE t.workflow_id = w.workflow_id)
    FROM workflows w
    WHERE w.workflow_id IN (SELECT t.workflow_id FROM tasks t WHERE t.task_id = ANY (ids));
END
$$;
