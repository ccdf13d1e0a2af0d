-- The search vector moves out of `entries` into its own table. As a generated column it was
-- recomputed, and its GIN index entry written again, by every UPDATE of the row: a story
-- assignment or a duplicate mark cost as much as a new text. Now a trigger writes the vector
-- only when an entry is inserted or its title, summary or text changes.
CREATE TABLE entry_search (
    entry_id BIGINT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    search   TSVECTOR NOT NULL
);

CREATE FUNCTION entry_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_search (entry_id, search)
    VALUES (NEW.id,
            setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.summary, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.content_text, '')), 'C'))
    ON CONFLICT (entry_id) DO UPDATE SET search = excluded.search;
    RETURN NULL;
END $$;

CREATE TRIGGER entry_search_insert AFTER INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION entry_search_write();
CREATE TRIGGER entry_search_update AFTER UPDATE OF title, summary, content_text ON entries
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary
          OR OLD.content_text IS DISTINCT FROM NEW.content_text)
    EXECUTE FUNCTION entry_search_write();

INSERT INTO entry_search (entry_id, search) SELECT id, search FROM entries;
DROP INDEX entries_search;
ALTER TABLE entries DROP COLUMN search;
CREATE INDEX entry_search_gin ON entry_search USING GIN (search);
