-- Retention (see the SQLite schema's 0012): tombstones of purged entries, and the index that
-- lets a deleted entry's related pairs be found from either side.
CREATE TABLE purged (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity  TEXT NOT NULL,
    feed_hash TEXT NOT NULL,
    purged_at BIGINT NOT NULL,
    PRIMARY KEY (source_id, identity)
);
CREATE INDEX related_by_related ON related (related_id);
