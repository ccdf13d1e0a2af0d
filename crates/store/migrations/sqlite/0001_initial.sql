-- Gazette's first schema. Times are Unix seconds (UTC) so that SQLite and PostgreSQL compare them
-- the same way.

CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    name_is_custom       INTEGER NOT NULL DEFAULT 0,
    site_url             TEXT,
    extract_mode         TEXT NOT NULL DEFAULT 'auto',
    etag                 TEXT,
    last_modified        TEXT,
    last_success         INTEGER,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll            INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);

CREATE TABLE entries (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity     TEXT NOT NULL,
    url          TEXT,
    title        TEXT NOT NULL,
    summary      TEXT,
    content_html TEXT,
    content_text TEXT,
    author       TEXT,
    published    INTEGER NOT NULL,
    updated      INTEGER,
    image_url    TEXT,
    lang         TEXT,
    extracted    INTEGER NOT NULL DEFAULT 0,
    feed_hash    TEXT NOT NULL,
    fetched_at   INTEGER NOT NULL,
    UNIQUE (source_id, identity)
);
CREATE INDEX entries_by_published ON entries (published DESC, id DESC);
CREATE INDEX entries_by_source ON entries (source_id, published DESC);

CREATE TABLE topics (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE entry_topics (
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, topic_id)
);
CREATE INDEX entry_topics_by_topic ON entry_topics (topic_id, entry_id);

-- Article views per day, counted on the server: no cookies, no addresses, no personal data.
CREATE TABLE views (
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    day      INTEGER NOT NULL, -- Unix day number
    count    INTEGER NOT NULL,
    PRIMARY KEY (entry_id, day)
);

-- Full-text search over what readers see.
CREATE VIRTUAL TABLE entries_fts USING fts5(
    title, summary, content_text,
    content = 'entries', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, title, summary, content_text)
    VALUES (new.id, new.title, new.summary, new.content_text);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, summary, content_text)
    VALUES ('delete', old.id, old.title, old.summary, old.content_text);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, summary, content_text)
    VALUES ('delete', old.id, old.title, old.summary, old.content_text);
    INSERT INTO entries_fts (rowid, title, summary, content_text)
    VALUES (new.id, new.title, new.summary, new.content_text);
END;
