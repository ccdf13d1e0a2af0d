-- Where a topic comes from: 'section' for the categories and sections publishers file articles
-- under (the site's navigation), 'entity' for names that several sources write about.
ALTER TABLE topics ADD COLUMN kind TEXT NOT NULL DEFAULT 'section';
