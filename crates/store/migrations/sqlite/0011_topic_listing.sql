-- Topic pages and the week's topics without reading the entries table. A topic's entries are
-- listed newest first straight from this index (a big section has tens of thousands of entries:
-- sorting them all for one page was most of a topic page's time), and the site's navigation
-- counts a topic's recent tags in the index alone.
ALTER TABLE entry_topics ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
UPDATE entry_topics
   SET published = (SELECT e.published FROM entries e WHERE e.id = entry_topics.entry_id);
DROP INDEX entry_topics_by_topic;
CREATE INDEX entry_topics_by_topic ON entry_topics (topic_id, published DESC, entry_id DESC);
CREATE INDEX entry_topics_by_time ON entry_topics (published DESC, topic_id);
CREATE INDEX topics_sections ON topics (id) WHERE kind = 'section';
-- "Hot this week" sums the views of recent days only.
CREATE INDEX views_by_day ON views (day, entry_id, count);
-- An entry's tags follow a change of its date.
CREATE TRIGGER entry_topics_follow_published AFTER UPDATE OF published ON entries
    WHEN old.published IS NOT new.published
    BEGIN
    UPDATE entry_topics SET published = new.published WHERE entry_id = new.id;
END;
