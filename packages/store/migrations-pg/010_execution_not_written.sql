-- Fails the write of execution `id` that wrote no row, and so its transaction, inside PostgreSQL: a COMMIT
-- pipelined behind the write then rolls back instead of committing the rest of the transaction. A write that
-- expected a version (the server's kept copy, see execution-cache.ts) and found another fails as
-- baton_lock_workflow_expecting does: the unit runs again, reading it.
CREATE FUNCTION baton_execution_not_written(id TEXT, expected TEXT) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF expected IS NOT NULL AND EXISTS (SELECT FROM workflows w WHERE w.workflow_id = id) THEN
    RAISE EXCEPTION 'execution % changed since this server last read it', id
      USING ERRCODE = 'serialization_failure', DETAIL = 'baton:stale-execution:' || id;
  END IF;
  RAISE EXCEPTION 'workflow % does not exist', id USING ERRCODE = 'no_data_found';
END
$$;
