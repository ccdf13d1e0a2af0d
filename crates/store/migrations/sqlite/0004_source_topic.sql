-- The section a source is filed under (an OPML folder, or `source add --topic`): every entry of
-- the source carries it as a topic.
ALTER TABLE sources ADD COLUMN topic TEXT;
