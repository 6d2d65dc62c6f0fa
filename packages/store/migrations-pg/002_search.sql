-- Search (§6) on PostgreSQL: a creation order for stable pages, indexes for the common filters and orders, and a
-- word index for `freeText`. Searches read these tables directly, so a hit is there the moment the write that made
-- it has committed. There are no count rows: totalHits is counted on demand from the indexes (a row every
-- transaction updated would serialize concurrent servers).

-- Ties in any sort are broken by creation order (SQLite's rowid), so pages never overlap or skip a hit.
ALTER TABLE workflows ADD COLUMN created_seq BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE tasks ADD COLUMN created_seq BIGINT GENERATED ALWAYS AS IDENTITY;

-- Time ranges and the default order (newest first).
CREATE INDEX workflows_by_start ON workflows (start_time, created_seq);
-- status (and workflowType + status) filters, newest first; also what their totalHits is counted from.
CREATE INDEX workflows_by_status ON workflows (status, start_time, created_seq);
CREATE INDEX workflows_by_type ON workflows (workflow_name, status, start_time, created_seq);
-- Task search: by type, and the default order (the most recently created first).
CREATE INDEX tasks_by_type ON tasks (task_type);
CREATE INDEX tasks_by_creation ON tasks (created_seq);

-- Free text: the words of `doc` separated by single spaces, as SQLite's FTS5 unicode61 tokenizer (remove_diacritics
-- 1) makes them: letters and digits make words, everything else separates them; case and Latin accents are
-- dropped. The ICU collation makes the letter classes and lower() Unicode-aware whatever the database's locale.
-- What is left is plain words, which the text search parser takes one by one. Compatibility forms are folded too
-- (² is 2, ﬁ is fi, ς is σ): the parser knows no word in ², and FTS5 would tell these apart, a search here does not.
CREATE FUNCTION baton_text_words(doc text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
    translate(lower(regexp_replace(normalize(doc, NFKD), '[\u0300-\u036f]+', '', 'g') COLLATE "und-x-icu"), 'ς', 'σ'),
    '[^[:alnum:]]+', ' ', 'g'))
$$;

-- One document of an execution: its columns' words, with a gap in the word positions before each column so a
-- phrase never spans two of them (as in FTS5). The gap is a word no text has (a space), deleted at the end. A
-- tsvector holds at most 1 MB of words: each column is cut at 100,000 characters, and positions stop at 16383.
-- plpgsql, not sql: its plan is kept for the session instead of being made again on every call.
CREATE FUNCTION baton_text_document(VARIADIC columns text[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  words tsvector := '';
  body text;
BEGIN
  FOREACH body IN ARRAY columns LOOP
    words := words || $gap$' ':1$gap$::tsvector
      || to_tsvector('simple', baton_text_words(left(coalesce(body, ''), 100000)));
  END LOOP;
  RETURN ts_delete(words, ' ');
END
$$;

-- A free-text word or phrase as a query on documents: its words side by side, the last one as a prefix when
-- `prefix`. NULL (no match) when it has no word, or one longer than a document keeps.
CREATE FUNCTION baton_text_query(phrase text, prefix boolean) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsquery('simple',
    string_agg(quote_literal(word) || CASE WHEN prefix AND n = count THEN ':*' ELSE '' END, ' <-> ' ORDER BY n))
  FROM (
    SELECT word, n, count(*) OVER () AS count
    FROM regexp_split_to_table(nullif(baton_text_words(phrase), ''), ' ') WITH ORDINALITY AS w (word, n)
  ) words
  HAVING bool_and(octet_length(word) < 2048)
$$;

-- Up to two documents per execution, as in the SQLite store: the start document (part 0: id, correlation id, type,
-- input), written when the execution is created, and the end document (part 1: output, failure reason), written
-- when it ends. Words of one clause must sit in one document; clauses are combined across both.
CREATE TABLE workflow_text (
  workflow_id TEXT     NOT NULL,
  part        SMALLINT NOT NULL,
  words       tsvector NOT NULL,
  PRIMARY KEY (workflow_id, part)
);
CREATE INDEX workflow_text_words ON workflow_text USING gin (words);

-- Keeps workflow_text in step with a workflows row, in the same transaction. `json` is the Workflow as written
-- (JSON.stringify): `json` (not jsonb) keeps its text, so input and output are indexed as SQLite indexes them.
CREATE FUNCTION workflow_text_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  was_ended boolean := false;
  now_ended boolean := NEW.status NOT IN ('RUNNING', 'PAUSED');
  start_stale boolean := TG_OP = 'INSERT';
  doc json := NEW.json::json;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    was_ended := OLD.status NOT IN ('RUNNING', 'PAUSED');
    -- A reopened (or re-written ended) execution may have new input; the correlation id is in the start document.
    start_stale := was_ended OR OLD.correlation_id IS DISTINCT FROM NEW.correlation_id;
  END IF;
  IF start_stale THEN
    INSERT INTO workflow_text (workflow_id, part, words)
    VALUES (NEW.workflow_id, 0,
      baton_text_document(NEW.workflow_id, NEW.correlation_id, NEW.workflow_name, (doc -> 'input')::text))
    ON CONFLICT (workflow_id, part) DO UPDATE SET words = excluded.words;
  END IF;
  IF now_ended THEN
    INSERT INTO workflow_text (workflow_id, part, words)
    VALUES (NEW.workflow_id, 1, baton_text_document((doc -> 'output')::text, doc ->> 'reasonForIncompletion'))
    ON CONFLICT (workflow_id, part) DO UPDATE SET words = excluded.words;
  ELSIF was_ended THEN
    DELETE FROM workflow_text WHERE workflow_id = NEW.workflow_id AND part = 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION workflow_text_remove() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM workflow_text WHERE workflow_id = OLD.workflow_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER workflow_text_on_insert AFTER INSERT ON workflows
  FOR EACH ROW EXECUTE FUNCTION workflow_text_write();
-- Only when the text may have changed: an execution ends, is reopened, is written while ended, or gets a new
-- correlation id. The many writes while it runs fail the WHEN test and never call the function.
CREATE TRIGGER workflow_text_on_update AFTER UPDATE ON workflows
  FOR EACH ROW
  WHEN (OLD.status NOT IN ('RUNNING', 'PAUSED') OR NEW.status NOT IN ('RUNNING', 'PAUSED')
    OR OLD.correlation_id IS DISTINCT FROM NEW.correlation_id)
  EXECUTE FUNCTION workflow_text_write();
CREATE TRIGGER workflow_text_on_delete AFTER DELETE ON workflows
  FOR EACH ROW EXECUTE FUNCTION workflow_text_remove();

-- Executions stored before this migration.
INSERT INTO workflow_text (workflow_id, part, words)
SELECT workflow_id, 0,
  baton_text_document(workflow_id, correlation_id, workflow_name, (json::json -> 'input')::text)
FROM workflows;
INSERT INTO workflow_text (workflow_id, part, words)
SELECT workflow_id, 1,
  baton_text_document((json::json -> 'output')::text, json::json ->> 'reasonForIncompletion')
FROM workflows WHERE status NOT IN ('RUNNING', 'PAUSED');
