//! The embedded default store: one SQLite file in WAL mode, accessed through sqlx.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use gazette_model::{Entry, EntryId, ExtractMode, NewEntry, Source, SourceId, Topic, TopicCount};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
// Dynamic SQL here only splices constant column lists and `?` placeholders, never values.
use sqlx::{AssertSqlSafe, Row, SqlitePool};

use crate::{
    HotEntry, Listing, NewSource, Page, PermanentRedirect, PollOutcome, PollWrite, Result,
    SaveReport, SourceChanges, Store, StoreError, TopicFilter, built_query,
};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "gazette.db";

/// Connections a SQLite store opens by default. SQLite writes one transaction at a time, so
/// more connections only serve more readers at once, and each costs memory for as long as it
/// is open: its page cache, its prepared statements, and the allocator arena of its worker
/// thread. On the 2,000-outlet wire (`cargo xtask bench-wire`) going from 8 to 4 took the
/// round's peak from 372 to 338 MB at the same wall time (BENCHMARKS.md).
pub const SQLITE_CONNECTIONS: u32 = 4;

/// Each SQLite connection's page cache, in KiB (SQLite's own default is 2,000). What Gazette
/// reads often is held in its own memory (the story desk's window, the rendered pages), and
/// the database file's pages stay in the operating system's cache, which a connection's
/// cache would only copy. With 512 KiB the server over 100,000 articles held 176 MB after the
/// load instead of 197 MB, its uncached pages as fast (home p50 2.89 against 2.75 ms), and
/// the wire's round peaked 8 MB lower at the same wall time (BENCHMARKS.md).
pub const SQLITE_CACHE_KIB: u32 = 512;

/// SQLite-backed [`Store`].
///
/// Write transactions start with `BEGIN IMMEDIATE`: a deferred transaction that reads first
/// and writes later cannot wait for another writer (SQLite answers "database is locked" at
/// once), while an immediate one waits up to the busy timeout for its turn.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    pub(crate) changes: crate::Changes,
    /// `<database>.desk-lock`: the story desk's lock file (see [`Store::try_lead_desk`]).
    desk_lock_path: PathBuf,
    /// The lock file while this store (and its clones) hold it: released when the last clone
    /// (or the process) goes.
    desk_lock: std::sync::Arc<std::sync::Mutex<Option<std::fs::File>>>,
}

impl SqliteStore {
    /// Opens (creating when missing) `gazette.db` in `data_dir` and applies migrations.
    pub async fn open_dir(data_dir: &Path) -> Result<Self> {
        Self::open_dir_with(data_dir, SQLITE_CONNECTIONS).await
    }

    /// [`SqliteStore::open_dir`] with at most `connections` open connections (at least one).
    pub async fn open_dir_with(data_dir: &Path, connections: u32) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Self::open_file_with(&data_dir.join(DB_FILE), connections).await
    }

    /// Opens (creating when missing) one SQLite file and applies migrations.
    pub async fn open_file(path: &Path) -> Result<Self> {
        Self::open_file_with(path, SQLITE_CONNECTIONS).await
    }

    /// [`SqliteStore::open_file`] with at most `connections` open connections (at least one).
    pub async fn open_file_with(path: &Path, connections: u32) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"));
        let pool = SqlitePoolOptions::new()
            .max_connections(connections.max(1))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let mut desk_lock_path = path.as_os_str().to_owned();
        desk_lock_path.push(".desk-lock");
        Ok(SqliteStore {
            pool,
            changes: crate::Changes::default(),
            desk_lock_path: desk_lock_path.into(),
            desk_lock: std::sync::Arc::default(),
        })
    }
}

impl SqliteStore {
    /// Writes a consistent copy of the whole database to `path` (which must not exist) while
    /// other connections and processes keep reading and writing: `VACUUM INTO` reads one
    /// snapshot, as a read transaction does, and writes it compacted, without WAL.
    pub async fn backup_into(&self, path: &Path) -> Result<()> {
        sqlx::query("VACUUM INTO ?")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

pub(crate) fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

pub(crate) fn opt_ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(from_ts)
}

pub(crate) use crate::rows::SOURCE_COLUMNS;
crate::rows::row_readers!(sqlx::sqlite::SqliteRow);

/// The statements behind page renders, written once here so that `crate::plans` can check that
/// none of them walks the entries table (`EXPLAIN QUERY PLAN`).
pub(crate) mod hot {
    use std::sync::LazyLock;

    use crate::rows::{CARD_COLUMNS, SOURCE_COLUMNS};

    type Sql = LazyLock<String>;

    pub(crate) const GET_ENTRY: &str = "SELECT e.source_id, s.name AS source_name, e.identity, \
         e.url, COALESCE(e.edited_title, e.title) AS title, \
         COALESCE(e.edited_summary, e.summary) AS summary, e.content_html, e.content_text, \
         e.author, e.published, e.updated, e.image_url, e.lang, e.extracted, e.fetched_at, \
         e.hidden_at FROM entries e JOIN sources s ON s.id = e.source_id WHERE e.id = ?";
    // An entry's topics, its sections first: the article page's breadcrumb is the first.
    pub(crate) const ENTRY_TOPICS: &str = "SELECT t.slug, t.name FROM topics t \
         JOIN entry_topics et ON et.topic_id = t.id WHERE et.entry_id = ? \
         AND t.hidden_at IS NULL ORDER BY t.kind = 'entity', t.name";
    pub(crate) static LATEST: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?"
        )
    });
    // The topic's index lists its entries newest first: a page reads its own rows only.
    pub(crate) static BY_TOPIC: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entry_topics et JOIN entries e ON e.id = et.entry_id \
             JOIN sources s ON s.id = e.source_id \
             WHERE et.topic_id = (SELECT id FROM topics WHERE slug = ?) \
             AND e.hidden_at IS NULL \
             ORDER BY et.published DESC, et.entry_id DESC LIMIT ? OFFSET ?"
        )
    });
    pub(crate) static BY_SOURCE: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.source_id = ? AND e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?"
        )
    });
    // The index yields matches newest first (by id) without sorting them; only the newest
    // `SEARCH_CANDIDATES` are scored.
    pub(crate) static SEARCH: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM (SELECT rowid AS id, \
               bm25(entries_fts, 5.0, 2.0, 1.0) AS score FROM entries_fts \
               WHERE entries_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m \
             JOIN entries e ON e.id = m.id JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY m.score, e.published DESC LIMIT ? OFFSET ?"
        )
    });
    // A merged topic reads as the one it was merged into (its page redirects there); a hidden
    // one reads as none.
    pub(crate) const TOPIC: &str = "SELECT COALESCE(m.slug, t.slug) AS slug, \
         COALESCE(m.name, t.name) AS name FROM topics t LEFT JOIN topics m ON m.id = t.merged_into \
         WHERE t.slug = ? AND t.hidden_at IS NULL AND m.hidden_at IS NULL";
    // Each section's tags since `?1`, counted in its own index range.
    pub(crate) const ACTIVE_SECTIONS: &str = "SELECT slug, name, n FROM (SELECT t.slug, t.name, \
         (SELECT COUNT(*) FROM entry_topics et WHERE et.topic_id = t.id AND et.published >= ?1) \
         AS n FROM topics t WHERE t.kind = 'section' AND t.hidden_at IS NULL) \
         WHERE n > 0 ORDER BY n DESC, name LIMIT ?2";
    // Every kind of topic: counted over the most recent tags since `?1` (see `RECENT_TAGS`),
    // newest first in the time index.
    pub(crate) const ACTIVE_ALL: &str = "SELECT t.slug, t.name, r.n FROM (SELECT topic_id, \
         COUNT(*) AS n FROM (SELECT topic_id FROM entry_topics WHERE published >= ?1 \
         ORDER BY published DESC LIMIT ?3) GROUP BY topic_id) r \
         JOIN topics t ON t.id = r.topic_id WHERE t.hidden_at IS NULL ORDER BY r.n DESC, t.name LIMIT ?2";
    // The most viewed entries since a day, from the views' day index.
    pub(crate) static HOT_VIEWED: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS}, hv.n AS views FROM (SELECT entry_id, SUM(count) AS n \
               FROM views INDEXED BY views_by_day WHERE day >= ? GROUP BY entry_id \
               ORDER BY n DESC LIMIT ?) hv \
             JOIN entries e ON e.id = hv.entry_id JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY hv.n DESC, e.published DESC"
        )
    });
    // The newest entries since a time: what fills "Hot this week" before anything is read.
    pub(crate) static HOT_NEWEST: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS}, 0 AS views FROM entries e \
             JOIN sources s ON s.id = e.source_id WHERE e.published >= ? AND e.hidden_at IS NULL \
             ORDER BY e.published DESC, e.id DESC LIMIT ?"
        )
    });
    pub(crate) static LIST_SOURCES: Sql =
        LazyLock::new(|| format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id"));
    pub(crate) static GET_SOURCE: Sql =
        LazyLock::new(|| format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?"));
}

/// Makes a user's search text safe for FTS5: each word becomes a quoted prefix term.
fn fts_query(query: &str) -> Option<String> {
    let terms: Vec<String> = crate::search_terms(query)
        .into_iter()
        .map(|(w, prefix)| format!("\"{w}\"{}", if prefix { "*" } else { "" }))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Rows per multi-row statement: far below SQLite's bound-parameter limit.
const CHUNK: usize = 400;

/// The ids of the stored entries of `source` among `entries`, by identity.
async fn entry_ids<'a>(
    tx: &mut sqlx::SqliteConnection,
    source: SourceId,
    entries: &'a [NewEntry],
) -> Result<HashMap<&'a str, i64>> {
    let mut ids = HashMap::new();
    for chunk in entries.chunks(CHUNK) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let mut q = built_query(format!(
            "SELECT identity, id FROM entries WHERE source_id = ? AND identity IN ({placeholders})"
        ))
        .bind(source.0);
        for e in chunk {
            q = q.bind(&e.identity);
        }
        for row in q.fetch_all(&mut *tx).await? {
            let identity: String = row.try_get("identity")?;
            if let Some(e) = chunk.iter().find(|e| e.identity == identity) {
                ids.insert(e.identity.as_str(), row.try_get("id")?);
            }
        }
    }
    Ok(ids)
}

/// The identities among `entries` that the retention setting purged from `source`.
async fn purged_identities<'a>(
    tx: &mut sqlx::SqliteConnection,
    source: SourceId,
    entries: &'a [NewEntry],
) -> Result<std::collections::HashSet<&'a str>> {
    let mut purged = std::collections::HashSet::new();
    for chunk in entries.chunks(CHUNK) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let mut q = built_query(format!(
            "SELECT identity FROM purged WHERE source_id = ? AND identity IN ({placeholders})"
        ))
        .bind(source.0);
        for e in chunk {
            q = q.bind(&e.identity);
        }
        for row in q.fetch_all(&mut *tx).await? {
            let identity: String = row.try_get("identity")?;
            if let Some(e) = chunk.iter().find(|e| e.identity == identity) {
                purged.insert(e.identity.as_str());
            }
        }
    }
    Ok(purged)
}

/// Stores the topics of a transaction's entries that are new (an existing topic keeps its
/// name; a publisher's category makes a section even of a name first promoted from the text)
/// and returns the id of each, by slug.
///
/// Topics already stored as sections, nearly all of them once a site runs, are only read: no
/// row is locked for them. The rest are written in slug order, one order for every writer, so
/// that two transactions never wait for each other's topics in a cycle (PostgreSQL reported
/// such deadlocks between processes polling at once).
async fn store_topics(
    tx: &mut sqlx::SqliteConnection,
    entries: &[&NewEntry],
) -> Result<HashMap<String, i64>> {
    let mut topics: Vec<&Topic> = entries.iter().flat_map(|e| &e.topics).collect();
    topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    topics.dedup_by(|a, b| a.slug == b.slug);
    let mut ids = HashMap::new();
    let mut missing = Vec::new();
    for chunk in topics.chunks(CHUNK) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let mut q = built_query(format!(
            "SELECT slug, COALESCE(merged_into, id) AS id, kind FROM topics WHERE slug IN ({placeholders})"
        ));
        for t in chunk {
            q = q.bind(&t.slug);
        }
        let mut found = HashMap::new();
        for row in q.fetch_all(&mut *tx).await? {
            let slug: String = row.try_get("slug")?;
            let kind: String = row.try_get("kind")?;
            found.insert(slug, (row.try_get::<i64, _>("id")?, kind == "section"));
        }
        for t in chunk {
            match found.get(&t.slug) {
                Some((id, true)) => {
                    ids.insert(t.slug.clone(), *id);
                }
                _ => missing.push(*t),
            }
        }
    }
    for chunk in missing.chunks(CHUNK) {
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let mut q = built_query(format!(
            "INSERT INTO topics (slug, name) VALUES {values} \
             ON CONFLICT (slug) DO UPDATE SET kind = 'section' WHERE kind != 'section' RETURNING slug, COALESCE(merged_into, id) AS id"
        ));
        for t in chunk {
            q = q.bind(&t.slug).bind(&t.name);
        }
        for row in q.fetch_all(&mut *tx).await? {
            ids.insert(row.try_get("slug")?, row.try_get("id")?);
        }
        // A conflict whose update was skipped returns no row: those topics exist already.
        let skipped: Vec<&&Topic> = chunk
            .iter()
            .filter(|t| !ids.contains_key(&t.slug))
            .collect();
        for t in skipped {
            let id: i64 =
                sqlx::query_scalar("SELECT COALESCE(merged_into, id) FROM topics WHERE slug = ?")
                    .bind(&t.slug)
                    .fetch_one(&mut *tx)
                    .await?;
            ids.insert(t.slug.clone(), id);
        }
    }
    Ok(ids)
}

/// Advances the change counter other processes watch (`crate::changes`): run once in a
/// transaction that writes topic tags or related articles, which have no trigger a row.
pub(crate) const COUNT_CHANGE: &str = "UPDATE site_changes SET version = version + 1 WHERE id = 1";

/// Writes one part of a poll inside the caller's transaction: its entries (each upserted by
/// identity, its topics replaced) and, on the poll's last part, the source's new state.
async fn write_poll(
    tx: &mut sqlx::SqliteConnection,
    w: &PollWrite,
    topic_ids: &HashMap<String, i64>,
) -> Result<SaveReport> {
    let (source, entries, now) = (w.source, w.entries.as_slice(), w.now);
    let mut report = SaveReport::default();
    // Every statement is a round trip to the connection's thread: the poll's entries are
    // looked up and its topics stored once, leaving two or three statements per entry.
    let mut existing = entry_ids(&mut *tx, source, entries).await?;
    let purged = purged_identities(&mut *tx, source, entries).await?;
    let mut tags_written = false;

    for entry in entries {
        // A purged entry stays purged, whatever its feed says of it now.
        if purged.contains(entry.identity.as_str()) {
            continue;
        }
        let published = entry.published.or(entry.updated).unwrap_or(now);
        let known = existing.contains_key(entry.identity.as_str());
        // One statement for a new and a changed entry: the identity decides.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO entries (source_id, identity, url, canonical_url, title, summary, \
                 content_html, content_text, author, published, updated, image_url, lang, \
                 extracted, feed_hash, fetched_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (source_id, identity) DO UPDATE SET url = excluded.url, \
                 canonical_url = excluded.canonical_url, \
                 title = excluded.title, summary = excluded.summary, \
                 content_html = excluded.content_html, content_text = excluded.content_text, \
                 author = excluded.author, published = excluded.published, \
                 updated = excluded.updated, image_url = excluded.image_url, lang = excluded.lang, \
                 extracted = excluded.extracted, feed_hash = excluded.feed_hash, \
                 fetched_at = excluded.fetched_at \
                 RETURNING id",
        )
        .bind(source.0)
        .bind(&entry.identity)
        .bind(&entry.url)
        .bind(&entry.canonical_url)
        .bind(&entry.title)
        .bind(&entry.summary)
        .bind(&entry.content_html)
        .bind(&entry.content_text)
        .bind(&entry.author)
        .bind(ts(published))
        .bind(entry.updated.map(ts))
        .bind(&entry.image_url)
        .bind(&entry.lang)
        .bind(entry.extracted)
        .bind(&entry.feed_hash)
        .bind(ts(now))
        .fetch_one(&mut *tx)
        .await?;
        if known {
            // A changed entry's topics are replaced, not added to.
            sqlx::query("DELETE FROM entry_topics WHERE entry_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tags_written = true;
            report.updated += 1;
        } else {
            report.inserted += 1;
            // A second item with the same identity in this poll updates this one.
            existing.insert(entry.identity.as_str(), id);
        }
        let ids: Vec<i64> = entry
            .topics
            .iter()
            .filter_map(|t| topic_ids.get(&t.slug).copied())
            .collect();
        if !ids.is_empty() {
            let values = vec!["(?, ?, ?)"; ids.len()].join(", ");
            let mut q = built_query(format!(
                "INSERT OR IGNORE INTO entry_topics (entry_id, topic_id, published) VALUES {values}"
            ));
            for topic_id in ids {
                q = q.bind(id).bind(topic_id).bind(ts(published));
            }
            q.execute(&mut *tx).await?;
            tags_written = true;
        }
    }
    if tags_written {
        // Tags count as one change a transaction (migration 0019).
        sqlx::query(COUNT_CHANGE).execute(&mut *tx).await?;
    }
    let Some((outcome, next_poll)) = &w.finish else {
        return Ok(report);
    };
    let next_poll = *next_poll;
    match outcome {
        PollOutcome::Success {
            etag,
            last_modified,
            feed_title,
            site_url,
            redirect,
        } => {
            sqlx::query(
                "UPDATE sources SET etag = ?, last_modified = ?, last_success = ?, \
                     last_error = NULL, consecutive_failures = 0, next_poll = ?, \
                     site_url = COALESCE(?, site_url), \
                     name = CASE WHEN name_is_custom = 0 AND ? IS NOT NULL THEN ? ELSE name END \
                     WHERE id = ?",
            )
            .bind(etag)
            .bind(last_modified)
            .bind(ts(now))
            .bind(ts(next_poll))
            .bind(site_url)
            .bind(feed_title)
            .bind(feed_title)
            .bind(source.0)
            .execute(&mut *tx)
            .await?;
            report.moved_to = note_redirect(&mut *tx, source, redirect.as_ref()).await?;
        }
        PollOutcome::Failure { error } => {
            sqlx::query(
                "UPDATE sources SET last_error = ?, \
                     consecutive_failures = consecutive_failures + 1, next_poll = ? WHERE id = ?",
            )
            .bind(error)
            .bind(ts(next_poll))
            .bind(source.0)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(report)
}

#[async_trait]
impl Store for SqliteStore {
    async fn add_source(&self, source: NewSource) -> Result<Source> {
        let _changed = self.changes.bump_when_done();
        let now = Utc::now();
        let name = source.name.clone().filter(|n| !n.trim().is_empty());
        let display = name.clone().unwrap_or_else(|| host_of(&source.url));
        let inserted = sqlx::query(
            "INSERT INTO sources (url, name, name_is_custom, extract_mode, next_poll, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id",
        )
        .bind(&source.url)
        .bind(&display)
        .bind(name.is_some())
        .bind(source.extract_mode.as_str())
        .bind(ts(now))
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = inserted else {
            return Err(StoreError::DuplicateSource(source.url));
        };
        let id = SourceId(row.try_get("id")?);
        self.get_source(id)
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }

    async fn list_sources(&self) -> Result<Vec<Source>> {
        let rows = sqlx::query(AssertSqlSafe(hot::LIST_SOURCES.as_str()))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(source_from_row).collect()
    }

    async fn get_source(&self, id: SourceId) -> Result<Option<Source>> {
        let row = sqlx::query(AssertSqlSafe(hot::GET_SOURCE.as_str()))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(source_from_row).transpose()
    }

    async fn update_source(&self, id: SourceId, changes: &SourceChanges) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let name = changes
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let topic = changes
            .topic
            .as_ref()
            .map(|t| t.as_deref().map(str::trim).filter(|t| !t.is_empty()));
        let done = sqlx::query(
            "UPDATE sources SET \
             name = COALESCE(?1, name), name_is_custom = CASE WHEN ?1 IS NULL THEN name_is_custom ELSE 1 END, \
             topic = CASE WHEN ?2 THEN ?3 ELSE topic END, \
             extract_mode = COALESCE(?4, extract_mode) WHERE id = ?5",
        )
        .bind(name)
        .bind(topic.is_some())
        .bind(topic.flatten())
        .bind(changes.extract_mode.map(ExtractMode::as_str))
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_source(&self, id: SourceId) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let done = sqlx::query("DELETE FROM sources WHERE id = ?")
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn due_sources(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Source>> {
        let lease = ts(now) + crate::POLL_LEASE.as_secs() as i64;
        crate::retrying(|| async {
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            let rows = sqlx::query(AssertSqlSafe(format!(
                "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.next_poll <= ? AND s.retired_at IS NULL \
                 ORDER BY s.next_poll, s.id LIMIT ?"
            )))
            .bind(ts(now))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
            let sources = rows
                .iter()
                .map(source_from_row)
                .collect::<Result<Vec<_>>>()?;
            for chunk in sources.chunks(CHUNK) {
                let placeholders = vec!["?"; chunk.len()].join(",");
                let mut q = built_query(format!(
                    "UPDATE sources SET next_poll = ? WHERE id IN ({placeholders})"
                ))
                .bind(lease);
                for s in chunk {
                    q = q.bind(s.id.0);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(sources)
        })
        .await
    }

    async fn set_next_poll(&self, id: SourceId, at: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sources SET next_poll = ? WHERE id = ?")
            .bind(ts(at))
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn known_feed_hashes(
        &self,
        source: SourceId,
        identities: &[String],
    ) -> Result<HashMap<String, String>> {
        let mut known = HashMap::new();
        // Chunked to stay far below SQLite's bound-parameter limit.
        for chunk in identities.chunks(500) {
            // Numbered, so that both halves of the statement name the same values.
            let placeholders = (2..chunk.len() + 2)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",");
            // A purged entry is known as it was: its item, unchanged, is skipped.
            let sql = format!(
                "SELECT identity, feed_hash FROM entries WHERE source_id = ?1 AND identity IN ({placeholders}) \
                 UNION ALL SELECT identity, feed_hash FROM purged WHERE source_id = ?1 AND identity IN ({placeholders})"
            );
            let mut q = built_query(sql).bind(source.0);
            for id in chunk {
                q = q.bind(id);
            }
            for row in q.fetch_all(&self.pool).await? {
                known.insert(row.try_get("identity")?, row.try_get("feed_hash")?);
            }
        }
        Ok(known)
    }

    async fn save_polls(&self, writes: &[PollWrite]) -> Result<Vec<SaveReport>> {
        // A poll that stored no entry changes only the source's polling state.
        let _changed = writes
            .iter()
            .any(|w| !w.entries.is_empty())
            .then(|| self.changes.bump_when_done());
        crate::retrying(|| async {
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            let entries: Vec<&NewEntry> = writes.iter().flat_map(|w| &w.entries).collect();
            let topic_ids = store_topics(&mut tx, &entries).await?;
            let mut reports = Vec::with_capacity(writes.len());
            for w in writes {
                reports.push(write_poll(&mut tx, w, &topic_ids).await?);
            }
            tx.commit().await?;
            Ok(reports)
        })
        .await
    }

    async fn get_entry(&self, id: EntryId) -> Result<Option<Entry>> {
        let Some(row) = sqlx::query(hot::GET_ENTRY)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let topics = sqlx::query(hot::ENTRY_TOPICS)
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Topic {
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Entry {
            id,
            source_id: SourceId(row.try_get("source_id")?),
            source_name: row.try_get("source_name")?,
            identity: row.try_get("identity")?,
            url: row.try_get("url")?,
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            content_html: row.try_get("content_html")?,
            content_text: row.try_get("content_text")?,
            author: row.try_get("author")?,
            published: from_ts(row.try_get("published")?),
            updated: opt_ts(row.try_get("updated")?),
            image_url: row.try_get("image_url")?,
            lang: row.try_get("lang")?,
            extracted: row.try_get("extracted")?,
            topics,
            fetched_at: from_ts(row.try_get("fetched_at")?),
            hidden: row.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
        }))
    }

    async fn latest(&self, page: Page) -> Result<Listing> {
        let rows = sqlx::query(AssertSqlSafe(hot::LATEST.as_str()))
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        listing(&rows, page)
    }

    async fn by_topic(&self, slug: &str, page: Page) -> Result<Listing> {
        let rows = sqlx::query(AssertSqlSafe(hot::BY_TOPIC.as_str()))
            .bind(slug)
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        listing(&rows, page)
    }

    async fn by_source(&self, source: SourceId, page: Page) -> Result<Listing> {
        let rows = sqlx::query(AssertSqlSafe(hot::BY_SOURCE.as_str()))
            .bind(source.0)
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        listing(&rows, page)
    }

    async fn search(&self, query: &str, page: Page) -> Result<Listing> {
        let Some(fts) = fts_query(query) else {
            return Ok(Listing::default());
        };
        let rows = sqlx::query(AssertSqlSafe(hot::SEARCH.as_str()))
            .bind(fts)
            .bind(crate::SEARCH_CANDIDATES)
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        listing(&rows, page)
    }

    async fn topic(&self, slug: &str) -> Result<Option<Topic>> {
        let row = sqlx::query(hot::TOPIC)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(Topic {
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
            }),
            None => None,
        })
    }

    async fn active_topics(
        &self,
        since: DateTime<Utc>,
        limit: u32,
        filter: TopicFilter,
    ) -> Result<Vec<TopicCount>> {
        let sql = match filter {
            TopicFilter::Sections => hot::ACTIVE_SECTIONS,
            TopicFilter::All => hot::ACTIVE_ALL,
        };
        let mut query = sqlx::query(sql).bind(ts(since)).bind(i64::from(limit));
        if filter == TopicFilter::All {
            query = query.bind(crate::RECENT_TAGS);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(TopicCount {
                    topic: Topic {
                        slug: r.try_get("slug")?,
                        name: r.try_get("name")?,
                    },
                    entries: r.try_get("n")?,
                })
            })
            .collect()
    }

    async fn record_views(&self, views: &[(EntryId, i64, i64)]) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for (entry, day, count) in views {
            // An entry removed since the view was counted is skipped, not an error.
            sqlx::query(
                "INSERT INTO views (entry_id, day, count) \
                 SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM entries WHERE id = ?) \
                 ON CONFLICT (entry_id, day) DO UPDATE SET count = count + excluded.count",
            )
            .bind(entry.0)
            .bind(day)
            .bind(count)
            .bind(entry.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn hot(&self, since_day: i64, limit: u32) -> Result<Vec<HotEntry>> {
        let viewed = sqlx::query(AssertSqlSafe(hot::HOT_VIEWED.as_str()))
            .bind(since_day)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let newest = if viewed.len() < limit as usize {
            sqlx::query(AssertSqlSafe(hot::HOT_NEWEST.as_str()))
                .bind(since_day * 86_400)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        crate::hot_list(&viewed, &newest, limit, |r| {
            Ok(HotEntry {
                card: card_from_row(r)?,
                views: r.try_get("views")?,
            })
        })
    }

    fn changes(&self) -> crate::Changes {
        self.changes.clone()
    }

    /// With SQLite, several processes may share the database (`serve`, a `poll --once` from
    /// cron): the one holding an exclusive lock on `<database>.desk-lock` runs the desk. The
    /// operating system releases the lock when the process ends, however it ends.
    async fn try_lead_desk(&self) -> Result<bool> {
        let mut held = self
            .desk_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.is_some() {
            return Ok(true);
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.desk_lock_path)
            .map_err(|source| StoreError::DataDir {
                path: self.desk_lock_path.display().to_string(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => {
                *held = Some(file);
                Ok(true)
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(source)) => Err(StoreError::DataDir {
                path: self.desk_lock_path.display().to_string(),
                source,
            }),
        }
    }

    async fn watch_other_processes(&self) -> Result<()> {
        let read = |pool: SqlitePool| async move {
            sqlx::query_scalar::<_, i64>("SELECT version FROM site_changes WHERE id = 1")
                .fetch_one(&pool)
                .await
        };
        let mut seen = read(self.pool.clone()).await?;
        let (pool, changes) = (self.pool.clone(), self.changes.clone());
        tokio::spawn(async move {
            while !changes.is_watched_only() {
                tokio::time::sleep(crate::changes::SQLITE_WATCH_EVERY).await;
                match read(pool.clone()).await {
                    Ok(v) if v != seen => {
                        seen = v;
                        changes.bump();
                    }
                    Ok(_) => {}
                    Err(e) => tracing::debug!(error = %e, "cannot read the change counter"),
                }
            }
        });
        Ok(())
    }

    async fn sitemap_entries(&self, from: i64, to: i64) -> Result<Vec<crate::SitemapEntry>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(edited_title, title) AS title, published, updated FROM entries \
             WHERE id >= ? AND id < ? AND hidden_at IS NULL ORDER BY id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(crate::SitemapEntry {
                    id: EntryId(r.try_get("id")?),
                    title: r.try_get("title")?,
                    published: from_ts(r.try_get("published")?),
                    updated: opt_ts(r.try_get("updated")?),
                })
            })
            .collect()
    }

    async fn entries_before(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<gazette_model::EntryCard>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CARD_COLUMNS} FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.id < ? AND e.hidden_at IS NULL ORDER BY e.id DESC LIMIT ?",
            CARD_COLUMNS = crate::rows::CARD_COLUMNS
        )))
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit.clamp(1, 500)))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(card_from_row).collect()
    }

    async fn max_entry_id(&self) -> Result<i64> {
        let n: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM entries")
            .fetch_one(&self.pool)
            .await?;
        Ok(n.unwrap_or(0))
    }

    async fn count_entries(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM entries")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn purge_entries(&self, before: DateTime<Utc>, limit: u32) -> Result<u64> {
        crate::retrying(|| async {
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            let rows = sqlx::query(
                "SELECT id, story_id FROM entries WHERE published < ? \
                 ORDER BY published, id LIMIT ?",
            )
            .bind(ts(before))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                return Ok(0);
            }
            let _changed = self.changes.bump_when_done();
            let mut ids = Vec::with_capacity(rows.len());
            let mut stories = std::collections::BTreeSet::new();
            for row in &rows {
                ids.push(row.try_get::<i64, _>("id")?);
                if let Some(story) = row.try_get::<Option<i64>, _>("story_id")? {
                    stories.insert(story);
                }
            }
            let stories: Vec<i64> = stories.into_iter().collect();
            let mut topics = std::collections::BTreeSet::new();
            let now = ts(Utc::now());
            for chunk in ids.chunks(CHUNK) {
                let list = vec!["?"; chunk.len()].join(",");
                let bind_all = |sql: String| {
                    let mut q = built_query(sql);
                    for id in chunk {
                        q = q.bind(id);
                    }
                    q
                };
                bind_all(format!(
                    "INSERT OR REPLACE INTO purged (source_id, identity, feed_hash, purged_at) \
                     SELECT source_id, identity, feed_hash, {now} FROM entries WHERE id IN ({list})"
                ))
                .execute(&mut *tx)
                .await?;
                for row in bind_all(format!(
                    "SELECT DISTINCT et.topic_id FROM entry_topics et \
                     JOIN topics t ON t.id = et.topic_id \
                     WHERE et.entry_id IN ({list}) AND t.kind = 'entity'"
                ))
                .fetch_all(&mut *tx)
                .await?
                {
                    topics.insert(row.try_get::<i64, _>("topic_id")?);
                }
                // Duplicates of a purged original stand on their own (they share its story:
                // the story index finds them).
                let json = |v: &[i64]| {
                    format!(
                        "[{}]",
                        v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
                    )
                };
                sqlx::query(
                    "UPDATE entries SET duplicate_of = NULL \
                     WHERE story_id IN (SELECT value FROM json_each(?)) \
                       AND duplicate_of IN (SELECT value FROM json_each(?))",
                )
                .bind(json(&stories))
                .bind(json(chunk))
                .execute(&mut *tx)
                .await?;
                // Tags, views, related pairs and the search index follow (foreign keys and
                // triggers).
                bind_all(format!("DELETE FROM entries WHERE id IN ({list})"))
                    .execute(&mut *tx)
                    .await?;
            }
            crate::sqlite_stories::refresh_stories(&mut tx, &stories).await?;
            let topics: Vec<i64> = topics.into_iter().collect();
            for chunk in topics.chunks(CHUNK) {
                let list = vec!["?"; chunk.len()].join(",");
                let mut q = built_query(format!(
                    "DELETE FROM topics WHERE id IN ({list}) \
                     AND NOT EXISTS (SELECT 1 FROM entry_topics WHERE topic_id = topics.id) \
                     AND hidden_at IS NULL AND merged_into IS NULL AND nav_position IS NULL"
                ));
                for id in chunk {
                    q = q.bind(id);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(ids.len() as u64)
        })
        .await
    }
}

/// Counts a poll's permanent redirect (or forgets the count when there was none) and moves
/// the source's URL once the same target has been seen `confirmations` polls in a row.
/// Returns the new URL when the source moved.
async fn note_redirect(
    tx: &mut sqlx::SqliteConnection,
    source: SourceId,
    redirect: Option<&PermanentRedirect>,
) -> Result<Option<String>> {
    let Some(redirect) = redirect else {
        sqlx::query("UPDATE sources SET redirect_url = NULL, redirect_seen = 0 WHERE id = ?")
            .bind(source.0)
            .execute(&mut *tx)
            .await?;
        return Ok(None);
    };
    // SQLite evaluates every SET expression against the row as it was.
    let seen: Option<i64> = sqlx::query_scalar(
        "UPDATE sources SET \
         redirect_seen = CASE WHEN redirect_url = ? THEN redirect_seen + 1 ELSE 1 END, \
         redirect_url = ? WHERE id = ? RETURNING redirect_seen",
    )
    .bind(&redirect.url)
    .bind(&redirect.url)
    .bind(source.0)
    .fetch_optional(&mut *tx)
    .await?;
    if seen.unwrap_or(0) < i64::from(redirect.confirmations.max(1)) {
        return Ok(None);
    }
    // Another source may already follow the new URL; then keep the old one.
    let moved = sqlx::query(
        "UPDATE sources SET url = ?, redirect_url = NULL, redirect_seen = 0 WHERE id = ? \
         AND NOT EXISTS (SELECT 1 FROM sources WHERE url = ?)",
    )
    .bind(&redirect.url)
    .bind(source.0)
    .bind(&redirect.url)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok((moved == 1).then(|| redirect.url.clone()))
}

/// The host of a URL, as a fallback display name.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(
            fts_query("flood relief").as_deref(),
            Some("\"flood\" \"relief\"*")
        );
        assert_eq!(
            fts_query("\"; DROP TABLE --").as_deref(),
            Some("\"drop\" \"table\"*")
        );
        assert_eq!(fts_query("  ** "), None);
    }

    #[tokio::test]
    async fn every_connection_has_the_small_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_dir_with(dir.path(), 2).await.unwrap();
        // Two connections held at once: the pragma is set on each one the pool opens.
        let mut a = store.pool.acquire().await.unwrap();
        let mut b = store.pool.acquire().await.unwrap();
        for conn in [&mut a, &mut b] {
            let (kib,): (i64,) = sqlx::query_as("PRAGMA cache_size")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(kib, -i64::from(SQLITE_CACHE_KIB));
        }
    }

    #[test]
    fn host_of_urls() {
        assert_eq!(host_of("https://news.example/feed.xml"), "news.example");
        assert_eq!(host_of("http://u:p@h.example:8080/x"), "h.example:8080");
    }
}
