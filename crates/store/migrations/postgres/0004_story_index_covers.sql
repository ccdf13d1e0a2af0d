-- Recomputing a story's row reads every article of the story in story order: with this index
-- it can read the index alone instead of each entry's (large) row.
DROP INDEX entries_by_story;
CREATE INDEX entries_by_story ON entries (story_id, published, id) INCLUDE (duplicate_of, source_id);
