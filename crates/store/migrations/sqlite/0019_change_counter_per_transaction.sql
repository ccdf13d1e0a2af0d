-- The change counter (0010) per transaction, not per row, for topic tags and related
-- articles: the story desk writes about a dozen of each an article (2.4 million rows for a
-- wire of 100,000), and a trigger a row ran 2.4 million counter updates. The statements that
-- write these two tables advance the counter once in their transaction instead
-- (`crate::sqlite::COUNT_CHANGE`); deleting an entry or a topic still counts through its own
-- table's trigger.
DROP TRIGGER site_changes_tag_insert;
DROP TRIGGER site_changes_tag_delete;
DROP TRIGGER site_changes_related_insert;
DROP TRIGGER site_changes_related_update;
