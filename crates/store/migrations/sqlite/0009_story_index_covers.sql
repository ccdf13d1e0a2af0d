-- Recomputing a story's row (lead, first report, counts, dates) reads every article of the story
-- in story order. With this index it reads the index alone: an entry's row holds its whole text,
-- and loading hundreds of them for one large story was most of the story desk's reads.
DROP INDEX entries_by_story;
CREATE INDEX entries_by_story ON entries (story_id, published, id, duplicate_of, source_id);
