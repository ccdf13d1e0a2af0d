-- Stories: articles from different sources about one event. Every clustered entry belongs to
-- exactly one story; a story's id is the smallest entry id it ever had, so it stays stable when
-- older articles leave the clustering window. `stories` rows are derived from `entries` and
-- recomputed whenever an assignment touches them.

ALTER TABLE entries ADD COLUMN story_id INTEGER;
-- The entry this one copies (the same wire story carried by several outlets): shown once.
ALTER TABLE entries ADD COLUMN duplicate_of INTEGER;
CREATE INDEX entries_by_story ON entries (story_id, published);
CREATE INDEX entries_unclustered ON entries (published) WHERE story_id IS NULL;

CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    lead_entry      INTEGER NOT NULL,  -- the newest original (non-duplicate) article: the card
    first_entry     INTEGER NOT NULL,  -- the first report
    entries         INTEGER NOT NULL,
    sources         INTEGER NOT NULL,  -- distinct sources covering the story
    first_published INTEGER NOT NULL,
    last_published  INTEGER NOT NULL
);
CREATE INDEX stories_by_last_published ON stories (last_published DESC);
