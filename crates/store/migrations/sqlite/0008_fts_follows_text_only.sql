-- The full-text index follows an entry's text and nothing else. The first trigger rewrote an
-- entry's index rows on every UPDATE, so writing its story, duplicate mark or fetch time
-- deleted and re-inserted its whole text in FTS5: most of the story desk's time on a large
-- wire. Now only a change of the indexed text itself touches the index.
DROP TRIGGER entries_fts_update;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, summary, content_text ON entries
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
  OR old.content_text IS NOT new.content_text
BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, summary, content_text)
    VALUES ('delete', old.id, old.title, old.summary, old.content_text);
    INSERT INTO entries_fts (rowid, title, summary, content_text)
    VALUES (new.id, new.title, new.summary, new.content_text);
END;
