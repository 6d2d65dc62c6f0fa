-- Execution versions: every committed change to an execution (its row or any of its tasks) gives its row a new
-- `version`, never used before, so a server may keep executions it read or wrote in memory and reuse one after
-- checking, under the row lock it takes anyway, that the version is still the same (see
-- src/postgres/execution-cache.ts). A server writes `<its instance id>:<counter>`.
ALTER TABLE workflows ADD COLUMN version TEXT NOT NULL DEFAULT '';

-- The functions below look rows up by key, one at a time, and never let an argument decide a statement's shape:
-- PostgreSQL then keeps one plan per connection. (Statements over arrays of ids were planned anew at every call,
-- which cost more than running them; forcing generic plans kept sequential scans planned on a fresh database.)

-- The execution, its row locked until the transaction ends, and its version; its JSON only when the version is not
-- `known` (the caller has that one already).
CREATE FUNCTION baton_lock_workflow_at(id TEXT, with_tasks BOOLEAN, known TEXT)
RETURNS TABLE (version TEXT, workflow_json TEXT, snapshot_hash TEXT, tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM workflows w WHERE w.workflow_id = id FOR UPDATE;
  IF with_tasks THEN
    RETURN QUERY
      SELECT w.version,
        CASE WHEN w.version IS DISTINCT FROM known THEN w.json END,
        CASE WHEN w.version IS DISTINCT FROM known THEN w.def_hash END,
        CASE WHEN w.version IS DISTINCT FROM known THEN
          (SELECT '[' || string_agg(t.json, ',' ORDER BY t.seq) || ']' FROM tasks t WHERE t.workflow_id = id)
        END
      FROM workflows w WHERE w.workflow_id = id;
  ELSE
    RETURN QUERY
      SELECT w.version,
        CASE WHEN w.version IS DISTINCT FROM known THEN w.json END,
        CASE WHEN w.version IS DISTINCT FROM known THEN w.def_hash END,
        NULL::TEXT
      FROM workflows w WHERE w.workflow_id = id;
  END IF;
END
$$;

-- Locks the execution and fails the transaction (serialization_failure, so the unit runs again) unless its version
-- is still `expected`: a server sends this and goes on with the execution as it kept it, without waiting for the
-- answer. Raised here, the failure aborts the transaction before any COMMIT queued behind it.
CREATE FUNCTION baton_lock_workflow_expecting(id TEXT, expected TEXT) RETURNS VOID
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found TEXT;
BEGIN
  SELECT w.version INTO found FROM workflows w WHERE w.workflow_id = id FOR UPDATE;
  IF found IS DISTINCT FROM expected THEN
    RAISE EXCEPTION 'execution % changed since this server last read it', id
      USING ERRCODE = 'serialization_failure', DETAIL = 'baton:stale-execution:' || id;
  END IF;
END
$$;

-- baton_lock_task_workflow with the version.
CREATE FUNCTION baton_lock_task_workflow_at(wanted_task_id TEXT)
RETURNS TABLE (version TEXT, workflow_json TEXT, snapshot_hash TEXT, tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  owner_id TEXT;
BEGIN
  SELECT t.workflow_id INTO owner_id FROM tasks t WHERE t.task_id = wanted_task_id;
  IF owner_id IS NOT NULL THEN
    RETURN QUERY SELECT * FROM baton_lock_workflow_at(owner_id, true, NULL);
  END IF;
END
$$;

-- baton_claim_tasks with each execution's id and version, and without the JSON of those whose version starts with
-- `mine` (the claiming server wrote them last, so it most likely has them).
CREATE FUNCTION baton_claim_tasks_at(queue TEXT, wanted INTEGER, now BIGINT, hide_until BIGINT, mine TEXT)
RETURNS TABLE (claimed TEXT[], workflow_id TEXT, version TEXT, workflow_json TEXT, snapshot_hash TEXT,
  tasks_json TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ids TEXT[];
  owners TEXT[] := '{}';
  wanted_task TEXT;
  owner_id TEXT;
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
  RETURN QUERY SELECT ids, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT;
  FOREACH wanted_task IN ARRAY ids LOOP
    SELECT t.workflow_id INTO owner_id FROM tasks t WHERE t.task_id = wanted_task;
    IF owner_id IS NOT NULL AND NOT owner_id = ANY (owners) THEN
      owners := owners || owner_id;
    END IF;
  END LOOP;
  -- In id order, so two hand-outs locking overlapping executions take them in the same order.
  owners := ARRAY(SELECT o FROM unnest(owners) AS o ORDER BY o);
  FOREACH owner_id IN ARRAY owners LOOP
    PERFORM 1 FROM workflows w WHERE w.workflow_id = owner_id FOR UPDATE;
  END LOOP;
  FOREACH owner_id IN ARRAY owners LOOP
    RETURN QUERY
      SELECT NULL::TEXT[], w.workflow_id, w.version,
        CASE WHEN NOT starts_with(w.version, mine) THEN w.json END,
        CASE WHEN NOT starts_with(w.version, mine) THEN w.def_hash END,
        CASE WHEN NOT starts_with(w.version, mine) THEN
          (SELECT '[' || string_agg(t.json, ',' ORDER BY t.seq) || ']' FROM tasks t WHERE t.workflow_id = owner_id)
        END
      FROM workflows w WHERE w.workflow_id = owner_id;
  END LOOP;
END
$$;

-- Servers of an earlier release (during a rolling upgrade) write executions without versions nor running_tasks
-- (below): here their writes get a fresh version and their running tasks are recorded. This release's servers say
-- so on every connection (baton.versioned) and skip both triggers.
CREATE FUNCTION baton_version_unversioned_workflow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := 'unversioned:' || gen_random_uuid();
  RETURN NEW;
END
$$;
CREATE TRIGGER workflows_unversioned_write BEFORE INSERT OR UPDATE ON workflows
  FOR EACH ROW WHEN (current_setting('baton.versioned', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION baton_version_unversioned_workflow();

CREATE FUNCTION baton_version_unversioned_task() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workflows SET version = 'unversioned:' || gen_random_uuid()
  WHERE workflow_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.workflow_id ELSE NEW.workflow_id END;
  IF TG_OP <> 'DELETE' AND NEW.status = 'IN_PROGRESS' THEN
    INSERT INTO running_tasks (task_id, task_def_name) VALUES (NEW.task_id, NEW.task_def_name)
    ON CONFLICT (task_id) DO NOTHING;
  ELSE
    DELETE FROM running_tasks WHERE task_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER tasks_unversioned_write AFTER INSERT OR UPDATE OR DELETE ON tasks
  FOR EACH ROW WHEN (current_setting('baton.versioned', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION baton_version_unversioned_task();

-- Rows written at every step, never changing an indexed column, with room left on their page: the new version goes
-- there (a HOT update: no index entry, one WAL record). A task's status was indexed (IN_PROGRESS tasks, counted for
-- concurrentExecLimit), so every task update wrote all five of its indexes: the running tasks now have a table of
-- their own, kept by the statements that write tasks. Fill factors apply to new pages.
CREATE TABLE running_tasks (
  task_id       TEXT PRIMARY KEY,
  task_def_name TEXT NOT NULL
);
CREATE INDEX running_tasks_by_def ON running_tasks (task_def_name);
INSERT INTO running_tasks (task_id, task_def_name)
SELECT task_id, task_def_name FROM tasks WHERE status = 'IN_PROGRESS';
DROP INDEX tasks_in_progress;
ALTER TABLE tasks SET (fillfactor = 70);
ALTER TABLE workflows SET (fillfactor = 70);
