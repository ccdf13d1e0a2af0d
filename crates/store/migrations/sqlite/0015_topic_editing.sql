-- Editors' topics: hidden (no page, listed nowhere; its articles stay), merged into another
-- (the row stays as an alias, so that later tags of its slug go to the other topic and its
-- address redirects), and placed in the navigation (`nav_position`, ascending; when any
-- topic has one, the navigation lists exactly those).
ALTER TABLE topics ADD COLUMN hidden_at INTEGER;
ALTER TABLE topics ADD COLUMN merged_into INTEGER REFERENCES topics(id) ON DELETE SET NULL;
ALTER TABLE topics ADD COLUMN nav_position INTEGER;
