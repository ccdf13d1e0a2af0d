-- The newsroom admin: accounts, their sessions, the audit log, site settings edited in the
-- browser, and editors' decisions on entries (hidden, headline and dek rewritten; the feed's
-- own title and summary stay in `title` and `summary`, so a later poll never undoes an edit).
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash       TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);
-- A session is found by the SHA-256 of its cookie: the database never holds a usable token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE entries ADD COLUMN hidden_at INTEGER;
ALTER TABLE entries ADD COLUMN edited_title TEXT;
ALTER TABLE entries ADD COLUMN edited_summary TEXT;

CREATE TRIGGER site_changes_entry_moderated AFTER UPDATE OF hidden_at, edited_title, edited_summary
    ON entries
    WHEN old.hidden_at IS NOT new.hidden_at OR old.edited_title IS NOT new.edited_title
        OR old.edited_summary IS NOT new.edited_summary
    BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_settings_insert AFTER INSERT ON settings BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_settings_update AFTER UPDATE ON settings BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER site_changes_settings_delete AFTER DELETE ON settings BEGIN
    UPDATE site_changes SET version = version + 1 WHERE id = 1;
END;

-- A source an editor stopped following while keeping its articles: never polled again.
ALTER TABLE sources ADD COLUMN retired_at INTEGER;
