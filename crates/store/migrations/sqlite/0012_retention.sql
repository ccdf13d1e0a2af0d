-- Retention: entries older than the site keeps are purged in the background. Each leaves a
-- tombstone with the hash of its feed item, so that a feed still listing it neither brings it
-- back nor has its page fetched again.
CREATE TABLE purged (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity  TEXT NOT NULL,
    feed_hash TEXT NOT NULL,
    purged_at INTEGER NOT NULL,
    PRIMARY KEY (source_id, identity)
) WITHOUT ROWID;
-- Deleting an entry deletes the pairs naming it on either side: this finds the other side.
CREATE INDEX related_by_related ON related (related_id);
