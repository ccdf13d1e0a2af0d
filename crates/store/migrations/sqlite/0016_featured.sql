-- Stories an editor features: `slot` is 'lead' (the front page's lead) or a topic's slug (first
-- in that section, on the front page and on the topic's page). A story that disappears (merged,
-- every article hidden or purged) stops being featured with it.
CREATE TABLE featured (
    story_id    INTEGER NOT NULL,
    slot        TEXT NOT NULL,
    featured_at INTEGER NOT NULL,
    featured_by TEXT NOT NULL,
    PRIMARY KEY (slot, story_id)
) WITHOUT ROWID;
CREATE TRIGGER site_changes_featured_insert AFTER INSERT ON featured BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_featured_delete AFTER DELETE ON featured BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
