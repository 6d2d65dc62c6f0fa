-- Search summaries of large executions and tasks, written with the row: a search answers them without reading
-- (and parsing) the row's JSON, whatever its payloads weigh. NULL for rows small enough to summarize on read
-- (see packages/store/src/summaries.ts).
ALTER TABLE workflows ADD COLUMN summary TEXT;
ALTER TABLE tasks ADD COLUMN summary TEXT;
