-- Processes serving the site keep rendered pages in memory; each listens on `gazette_content`
-- and drops its pages when a transaction that changed what the site shows commits. A
-- statement-level trigger sends the notification, which PostgreSQL delivers only on commit and
-- only once per transaction. Polling state (next_poll, validators, errors) and view counts are
-- not changes to pages.
CREATE FUNCTION gazette_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gazette_content', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER content_entries AFTER INSERT OR DELETE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_entries_update AFTER UPDATE OF
    url, title, summary, content_html, content_text, author, published, updated, image_url, lang,
    story_id, duplicate_of
    ON entries FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_stories AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_entry_topics AFTER INSERT OR DELETE ON entry_topics
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_topics AFTER UPDATE ON topics
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_related AFTER INSERT OR UPDATE ON related
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
CREATE TRIGGER content_sources AFTER INSERT OR DELETE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
-- Every successful poll sets name and site_url to what they were: only a real change counts.
CREATE TRIGGER content_sources_update AFTER UPDATE OF name, site_url, topic ON sources
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name
        OR OLD.site_url IS DISTINCT FROM NEW.site_url OR OLD.topic IS DISTINCT FROM NEW.topic)
    EXECUTE FUNCTION gazette_content_changed();
