-- Stories an editor features: `slot` is 'lead' (the front page's lead) or a topic's slug (first
-- in that section, on the front page and on the topic's page). A story that disappears (merged,
-- every article hidden or purged) stops being featured with it.
CREATE TABLE featured (
    story_id    BIGINT NOT NULL,
    slot        TEXT NOT NULL,
    featured_at BIGINT NOT NULL,
    featured_by TEXT NOT NULL,
    PRIMARY KEY (slot, story_id)
);
CREATE TRIGGER content_featured AFTER INSERT OR UPDATE OR DELETE ON featured
    FOR EACH STATEMENT EXECUTE FUNCTION gazette_content_changed();
