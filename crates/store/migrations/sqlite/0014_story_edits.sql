-- Editors shape stories: an entry an editor moved (`story_pinned`) keeps its story, and the
-- story it is in is never merged with another by the clusterer; `story_lead` marks the article
-- an editor chose to lead its story. `story_edits` is the queue the story desk (in whichever
-- process holds it) reads to bring its in-memory clusters in line: `moved` entries are moved
-- in the engine, the others (a story's remaining articles renumbered) only relabelled.
ALTER TABLE entries ADD COLUMN story_pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN story_lead INTEGER NOT NULL DEFAULT 0;
CREATE TABLE story_edits (
    seq      INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    moved    INTEGER NOT NULL,
    at       INTEGER NOT NULL
);
