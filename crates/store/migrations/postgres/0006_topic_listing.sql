-- Topic pages and the week's topics without reading the entries table (see the SQLite schema's
-- 0011 for why).
ALTER TABLE entry_topics ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
UPDATE entry_topics et SET published = e.published FROM entries e WHERE e.id = et.entry_id;
DROP INDEX entry_topics_by_topic;
CREATE INDEX entry_topics_by_topic ON entry_topics (topic_id, published DESC, entry_id DESC);
CREATE INDEX entry_topics_by_time ON entry_topics (published DESC, topic_id);
CREATE INDEX topics_sections ON topics (id) WHERE kind = 'section';
-- "Hot this week" sums the views of recent days only.
CREATE INDEX views_by_day ON views (day, entry_id, count);

CREATE FUNCTION gazette_entry_topics_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entry_topics SET published = NEW.published WHERE entry_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER entry_topics_follow_published AFTER UPDATE OF published ON entries
    FOR EACH ROW WHEN (OLD.published IS DISTINCT FROM NEW.published)
    EXECUTE FUNCTION gazette_entry_topics_follow();
