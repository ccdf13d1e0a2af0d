-- Related stories found by the clusterer's similarity: for each entry, the closest articles of
-- other stories (kept in both directions, with the best score seen).
CREATE TABLE related (
    entry_id   INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    related_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    score      REAL NOT NULL,
    PRIMARY KEY (entry_id, related_id)
);
