-- A counter of changes to what the site shows, for the page caches of other processes sharing
-- this file (a `gazette poll` beside `gazette serve`). Triggers advance it in the writing
-- transaction, so a reader never sees the counter ahead of the data. Polling state (next_poll,
-- validators, errors) and view counts are not changes to pages.
CREATE TABLE site_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO site_changes (id, version) VALUES (1, 0);

CREATE TRIGGER site_changes_entry_insert AFTER INSERT ON entries BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_entry_delete AFTER DELETE ON entries BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_entry_update AFTER UPDATE OF
    url, title, summary, content_html, content_text, author, published, updated, image_url, lang,
    story_id, duplicate_of
    ON entries
    WHEN old.url IS NOT new.url OR old.title IS NOT new.title OR old.summary IS NOT new.summary
        OR old.content_html IS NOT new.content_html OR old.content_text IS NOT new.content_text
        OR old.author IS NOT new.author OR old.published IS NOT new.published
        OR old.updated IS NOT new.updated OR old.image_url IS NOT new.image_url
        OR old.lang IS NOT new.lang OR old.story_id IS NOT new.story_id
        OR old.duplicate_of IS NOT new.duplicate_of
    BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_story_insert AFTER INSERT ON stories BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_story_update AFTER UPDATE ON stories BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_story_delete AFTER DELETE ON stories BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_tag_insert AFTER INSERT ON entry_topics BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_tag_delete AFTER DELETE ON entry_topics BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_topic_update AFTER UPDATE ON topics BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_related_insert AFTER INSERT ON related BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_related_update AFTER UPDATE ON related BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_source_insert AFTER INSERT ON sources BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_source_delete AFTER DELETE ON sources BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_source_update AFTER UPDATE OF name, site_url, topic ON sources
    WHEN old.name IS NOT new.name OR old.site_url IS NOT new.site_url
        OR old.topic IS NOT new.topic
    BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
