-- Fails the statement that calls it, and so its transaction. A write that finds nothing to write says so inside
-- PostgreSQL: a COMMIT pipelined behind it then rolls back instead of committing the rest of the transaction.
CREATE FUNCTION baton_fail(message TEXT) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION '%', message USING ERRCODE = 'no_data_found';
END
$$;
