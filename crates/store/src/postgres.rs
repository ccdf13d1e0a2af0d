//! The PostgreSQL store: the same schema and behaviour as [`crate::SqliteStore`], for sites
//! that run several Gazette processes (on one or more hosts) on one database.
//!
//! What differs from SQLite: full-text search is a `tsvector` in its own table (`entry_search`,
//! GIN index, `simple` configuration, language-neutral like SQLite's `unicode61`), written by a
//! trigger only when an entry's text changes; due sources are claimed a bounded number at a
//! time with `FOR UPDATE SKIP LOCKED` and a lease (their next poll moves [`POLL_LEASE`] ahead),
//! so two processes never poll one feed at once; and one process at a time runs the story
//! desk, under an advisory lock ([`PgStore::try_lead_desk`]).

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{Entry, EntryId, ExtractMode, NewEntry, Source, SourceId, Topic, TopicCount};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPoolOptions, PgRow};
// Dynamic SQL here only splices constant column lists and `$n` placeholders, never values.
use sqlx::{AssertSqlSafe, PgPool, Postgres, Row};
use tokio::sync::Mutex;

use crate::sqlite::{from_ts, host_of, opt_ts, ts};
use crate::{
    HotEntry, Listing, NewSource, Page, PermanentRedirect, PollOutcome, PollWrite, Result,
    SaveReport, SourceChanges, Store, StoreError, TopicFilter, built_query,
};

/// How far a claimed source's next poll moves ahead while its poll runs: the poll sets the
/// real next poll when it is saved; a process that dies mid-poll delays the source this long.
pub const POLL_LEASE: Duration = Duration::from_secs(15 * 60);

/// The advisory lock key of the story desk ("gazette" in ASCII).
const DESK_LOCK: i64 = 0x0067_617a_6574_7465;

/// Connections a PostgreSQL store opens by default: the server runs the statements, so
/// readers and writers proceed in parallel there, and eight keep a process's round as fast as
/// sixteen did (the 2,000-outlet wire with two processes: 120.6 s with 16, 118.4–120.8 s
/// with 8) while each connection left open costs memory on both sides: the story desk's
/// process peaked at 292.8–301.2 MB instead of 304.4–309.8 MB (BENCHMARKS.md).
pub const POSTGRES_CONNECTIONS: u32 = 8;

/// PostgreSQL-backed [`Store`].
#[derive(Debug, Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    /// The connection holding the desk's advisory lock, once taken.
    desk: std::sync::Arc<Mutex<Option<PoolConnection<Postgres>>>>,
    /// This process's name in `host_leases`.
    holder: std::sync::Arc<str>,
    pub(crate) changes: crate::Changes,
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host/database`) and applies migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, POSTGRES_CONNECTIONS).await
    }

    /// [`PgStore::connect`] with at most `connections` open connections (at least one).
    pub async fn connect_with(url: &str, connections: u32) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            // A batch of entries goes out as one large message and a page of the desk's window
            // comes back as a large result: a connection's buffers grow to fit them and keep
            // that room unless told otherwise, on every connection of the pool in turn.
            .after_release(|conn, _| {
                sqlx::Connection::shrink_buffers(conn);
                Box::pin(async { Ok(true) })
            })
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let holder = format!("{}-{}", std::process::id(), started.as_nanos());
        Ok(PgStore {
            pool,
            desk: std::sync::Arc::default(),
            holder: holder.into(),
            changes: crate::Changes::default(),
        })
    }
}

/// For tests: a new, empty database on the server named by `POSTGRES_TEST_URL`
/// (`.ci/run` starts one where the machine has PostgreSQL), as a URL; `None` when the
/// variable is not set, so that tests needing a server can skip on machines without one.
/// (Not a `GAZETTE_*` name: those are settings, and the binary refuses unknown ones.)
pub async fn fresh_test_database() -> Result<Option<String>> {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let Ok(url) = std::env::var("POSTGRES_TEST_URL") else {
        return Ok(None);
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "gazette_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .subsec_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&url).await?;
    // The name is made of letters, digits and underscores above: nothing to quote.
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    let (base, rest) = url.rsplit_once('/').unwrap_or((url.as_str(), ""));
    let query = rest
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    Ok(Some(format!("{base}/{name}{query}")))
}

pub(crate) use crate::rows::SOURCE_COLUMNS;
crate::rows::row_readers!(PgRow);

/// The statements behind page renders, written once here so that `crate::plans` can check that
/// none of them walks the entries table (`EXPLAIN` with sequential scans disabled).
pub(crate) mod hot {
    use std::sync::LazyLock;

    use crate::rows::{CARD_COLUMNS, SOURCE_COLUMNS};

    type Sql = LazyLock<String>;

    pub(crate) const GET_ENTRY: &str = "SELECT e.source_id, s.name AS source_name, e.identity, \
         e.url, COALESCE(e.edited_title, e.title) AS title, \
         COALESCE(e.edited_summary, e.summary) AS summary, e.content_html, e.content_text, \
         e.author, e.published, e.updated, e.image_url, e.lang, e.extracted, e.fetched_at, \
         e.hidden_at FROM entries e JOIN sources s ON s.id = e.source_id WHERE e.id = $1";
    // An entry's topics, its sections first: the article page's breadcrumb is the first.
    pub(crate) const ENTRY_TOPICS: &str = "SELECT t.slug, t.name FROM topics t \
         JOIN entry_topics et ON et.topic_id = t.id WHERE et.entry_id = $1 \
         AND t.hidden_at IS NULL ORDER BY t.kind = 'entity', t.name";
    pub(crate) static LATEST: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT $1 OFFSET $2"
        )
    });
    // The topic's index lists its entries newest first: a page reads its own rows only.
    pub(crate) static BY_TOPIC: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entry_topics et JOIN entries e ON e.id = et.entry_id \
             JOIN sources s ON s.id = e.source_id \
             WHERE et.topic_id = (SELECT id FROM topics WHERE slug = $1) \
             AND e.hidden_at IS NULL \
             ORDER BY et.published DESC, et.entry_id DESC LIMIT $2 OFFSET $3"
        )
    });
    pub(crate) static BY_SOURCE: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.source_id = $1 AND e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT $2 OFFSET $3"
        )
    });
    // Only the newest `SEARCH_CANDIDATES` matches are ranked.
    pub(crate) static SEARCH: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS} FROM (SELECT es.entry_id, ts_rank(es.search, q) AS score \
               FROM entry_search es, to_tsquery('simple', $1) q WHERE es.search @@ q \
               ORDER BY es.entry_id DESC LIMIT $4) m \
             JOIN entries e ON e.id = m.entry_id JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY m.score DESC, e.published DESC LIMIT $2 OFFSET $3"
        )
    });
    // A merged topic reads as the one it was merged into (its page redirects there); a hidden
    // one reads as none.
    pub(crate) const TOPIC: &str = "SELECT COALESCE(m.slug, t.slug) AS slug, \
         COALESCE(m.name, t.name) AS name FROM topics t LEFT JOIN topics m ON m.id = t.merged_into \
         WHERE t.slug = $1 AND t.hidden_at IS NULL AND m.hidden_at IS NULL";
    // Each section's tags since `$1`, counted in its own index range.
    pub(crate) const ACTIVE_SECTIONS: &str = "SELECT slug, name, n FROM (SELECT t.slug, t.name, \
         (SELECT COUNT(*) FROM entry_topics et WHERE et.topic_id = t.id AND et.published >= $1) \
         AS n FROM topics t WHERE t.kind = 'section' AND t.hidden_at IS NULL) c \
         WHERE n > 0 ORDER BY n DESC, name LIMIT $2";
    // Every kind of topic: counted over the most recent tags since `$1` (see `RECENT_TAGS`),
    // newest first in the time index.
    pub(crate) const ACTIVE_ALL: &str = "SELECT t.slug, t.name, r.n FROM (SELECT topic_id, \
         COUNT(*) AS n FROM (SELECT topic_id FROM entry_topics WHERE published >= $1 \
         ORDER BY published DESC LIMIT $3) recent GROUP BY topic_id) r \
         JOIN topics t ON t.id = r.topic_id WHERE t.hidden_at IS NULL ORDER BY r.n DESC, t.name LIMIT $2";
    // The most viewed entries since a day, from the views' day index.
    pub(crate) static HOT_VIEWED: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS}, hv.n::BIGINT AS views FROM (SELECT entry_id, SUM(count) AS n \
               FROM views WHERE day >= $1 GROUP BY entry_id ORDER BY n DESC LIMIT $2) hv \
             JOIN entries e ON e.id = hv.entry_id JOIN sources s ON s.id = e.source_id \
             WHERE e.hidden_at IS NULL ORDER BY hv.n DESC, e.published DESC"
        )
    });
    // The newest entries since a time: what fills "Hot this week" before anything is read.
    pub(crate) static HOT_NEWEST: Sql = LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS}, 0::BIGINT AS views FROM entries e \
             JOIN sources s ON s.id = e.source_id WHERE e.published >= $1 AND e.hidden_at IS NULL \
             ORDER BY e.published DESC, e.id DESC LIMIT $2"
        )
    });
    pub(crate) static LIST_SOURCES: Sql =
        LazyLock::new(|| format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id"));
    pub(crate) static GET_SOURCE: Sql =
        LazyLock::new(|| format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = $1"));
}

/// A user's search text as a `to_tsquery` expression, all words required (see
/// [`crate::search_terms`]).
fn ts_query(query: &str) -> Option<String> {
    let terms: Vec<String> = crate::search_terms(query)
        .into_iter()
        .map(|(w, prefix)| format!("{w}{}", if prefix { ":*" } else { "" }))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// `$from, $from+1, ...`: `n` numbered placeholders.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Rows per multi-row statement.
const CHUNK: usize = 400;

async fn entry_ids<'a>(
    tx: &mut sqlx::PgConnection,
    source: SourceId,
    entries: &'a [NewEntry],
) -> Result<HashMap<&'a str, i64>> {
    let mut ids = HashMap::new();
    for chunk in entries.chunks(CHUNK) {
        let mut q = built_query(format!(
            "SELECT identity, id FROM entries WHERE source_id = $1 AND identity IN ({})",
            placeholders(2, chunk.len())
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

/// Stores the topics of a transaction's entries that are new (an existing topic keeps its
/// name; a publisher's category makes a section even of a name first promoted from the text)
/// and returns the id of each, by slug.
///
/// Topics already stored as sections, nearly all of them once a site runs, are only read: no
/// row is locked for them. The rest are written in slug order, one order for every writer, so
/// that two transactions never wait for each other's topics in a cycle (PostgreSQL reported
/// such deadlocks between processes polling at once).
async fn store_topics(
    tx: &mut sqlx::PgConnection,
    entries: &[&NewEntry],
) -> Result<HashMap<String, i64>> {
    let mut topics: Vec<&Topic> = entries.iter().flat_map(|e| &e.topics).collect();
    topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    topics.dedup_by(|a, b| a.slug == b.slug);
    let mut ids = HashMap::new();
    let mut missing = Vec::new();
    for chunk in topics.chunks(CHUNK) {
        let mut q = built_query(format!(
            "SELECT slug, COALESCE(merged_into, id) AS id, kind FROM topics WHERE slug IN ({})",
            placeholders(1, chunk.len())
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
        let values = (0..chunk.len())
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let mut q = built_query(format!(
            "INSERT INTO topics (slug, name) VALUES {values} \
             ON CONFLICT (slug) DO UPDATE SET kind = 'section' WHERE topics.kind != 'section' RETURNING slug, COALESCE(merged_into, id) AS id"
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
                sqlx::query_scalar("SELECT COALESCE(merged_into, id) FROM topics WHERE slug = $1")
                    .bind(&t.slug)
                    .fetch_one(&mut *tx)
                    .await?;
            ids.insert(t.slug.clone(), id);
        }
    }
    Ok(ids)
}

/// Writes one part of a poll inside the caller's transaction: its entries (each upserted by
/// identity, its topics replaced) and, on the poll's last part, the source's new state.
async fn write_poll(
    tx: &mut sqlx::PgConnection,
    w: &PollWrite,
    topic_ids: &HashMap<String, i64>,
) -> Result<SaveReport> {
    let (source, entries, now) = (w.source, w.entries.as_slice(), w.now);
    let mut report = SaveReport::default();
    let mut existing = entry_ids(&mut *tx, source, entries).await?;
    let identities: Vec<&str> = entries.iter().map(|e| e.identity.as_str()).collect();
    let purged: std::collections::HashSet<String> = sqlx::query_scalar(
        "SELECT identity FROM purged WHERE source_id = $1 AND identity = ANY($2)",
    )
    .bind(source.0)
    .bind(&identities)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();

    for entry in entries {
        // A purged entry stays purged, whatever its feed says of it now.
        if purged.contains(&entry.identity) {
            continue;
        }
        let published = entry.published.or(entry.updated).unwrap_or(now);
        let known = existing.contains_key(entry.identity.as_str());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO entries (source_id, identity, url, canonical_url, title, summary, \
                 content_html, content_text, author, published, updated, image_url, lang, \
                 extracted, feed_hash, fetched_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
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
            sqlx::query("DELETE FROM entry_topics WHERE entry_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            report.updated += 1;
        } else {
            report.inserted += 1;
            existing.insert(entry.identity.as_str(), id);
        }
        let ids: Vec<i64> = entry
            .topics
            .iter()
            .filter_map(|t| topic_ids.get(&t.slug).copied())
            .collect();
        if !ids.is_empty() {
            sqlx::query(
                "INSERT INTO entry_topics (entry_id, topic_id, published) \
                     SELECT $1, t, $3 FROM UNNEST($2::BIGINT[]) AS t ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&ids)
            .bind(ts(published))
            .execute(&mut *tx)
            .await?;
        }
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
                    "UPDATE sources SET etag = $1, last_modified = $2, last_success = $3, \
                     last_error = NULL, consecutive_failures = 0, next_poll = $4, \
                     site_url = COALESCE($5, site_url), \
                     name = CASE WHEN NOT name_is_custom AND $6::TEXT IS NOT NULL THEN $6 ELSE name END \
                     WHERE id = $7",
                )
                .bind(etag)
                .bind(last_modified)
                .bind(ts(now))
                .bind(ts(next_poll))
                .bind(site_url)
                .bind(feed_title)
                .bind(source.0)
                .execute(&mut *tx)
                .await?;
            report.moved_to = note_redirect(&mut *tx, source, redirect.as_ref()).await?;
        }
        PollOutcome::Failure { error } => {
            sqlx::query(
                "UPDATE sources SET last_error = $1, \
                     consecutive_failures = consecutive_failures + 1, next_poll = $2 WHERE id = $3",
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
impl Store for PgStore {
    async fn add_source(&self, source: NewSource) -> Result<Source> {
        let _changed = self.changes.bump_when_done();
        let now = Utc::now();
        let name = source.name.clone().filter(|n| !n.trim().is_empty());
        let display = name.clone().unwrap_or_else(|| host_of(&source.url));
        let inserted = sqlx::query(
            "INSERT INTO sources (url, name, name_is_custom, extract_mode, next_poll, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (url) DO NOTHING RETURNING id",
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
             name = COALESCE($1, name), name_is_custom = ($1 IS NOT NULL OR name_is_custom), \
             topic = CASE WHEN $2 THEN $3 ELSE topic END, \
             extract_mode = COALESCE($4, extract_mode) WHERE id = $5",
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
        let done = sqlx::query("DELETE FROM sources WHERE id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Claims due sources: rows another process has locked are skipped, and so are sources
    /// whose host another process holds; the hosts of the claimed ones are leased to this
    /// process in the same transaction.
    async fn due_sources(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Source>> {
        let lease = ts(now) + POLL_LEASE.as_secs() as i64;
        let ids: Vec<i64> = crate::retrying(|| async {
            let mut tx = self.pool.begin().await?;
            let rows = sqlx::query(
                "SELECT s.id, s.host FROM sources s WHERE s.next_poll <= $1 AND s.retired_at IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM host_leases l WHERE l.host = s.host \
                                 AND l.holder <> $2 AND l.until > $1) \
                 ORDER BY s.next_poll, s.id LIMIT $3 FOR UPDATE OF s SKIP LOCKED",
            )
            .bind(ts(now))
            .bind(&*self.holder)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
            let mut chosen = Vec::with_capacity(rows.len());
            for row in &rows {
                chosen.push((
                    row.try_get::<i64, _>("id")?,
                    row.try_get::<Option<String>, _>("host")?
                        .unwrap_or_default(),
                ));
            }
            let mut wanted: Vec<&str> = chosen.iter().map(|(_, h)| h.as_str()).collect();
            wanted.sort_unstable();
            wanted.dedup();
            // Another process may have leased one of them since: the hosts not returned here
            // are not ours, and their sources stay due.
            let got: Vec<String> = sqlx::query_scalar(
                "INSERT INTO host_leases (host, holder, until) \
                 SELECT h, $2, $3 FROM UNNEST($1::TEXT[]) AS h \
                 ON CONFLICT (host) DO UPDATE SET holder = excluded.holder, until = excluded.until \
                 WHERE host_leases.holder = excluded.holder OR host_leases.until <= $4 \
                 RETURNING host",
            )
            .bind(&wanted)
            .bind(&*self.holder)
            .bind(lease)
            .bind(ts(now))
            .fetch_all(&mut *tx)
            .await?;
            let ids: Vec<i64> = chosen
                .iter()
                .filter(|(_, h)| got.contains(h))
                .map(|(id, _)| *id)
                .collect();
            sqlx::query("UPDATE sources SET next_poll = $2 WHERE id = ANY($1)")
                .bind(&ids)
                .bind(lease)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(ids)
        })
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ANY($1) ORDER BY s.next_poll, s.id"
        )))
        .bind(&ids)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(source_from_row).collect()
    }

    async fn hold_hosts(&self, hosts: &[String]) -> Result<()> {
        if hosts.is_empty() {
            return Ok(());
        }
        let until = ts(Utc::now()) + POLL_LEASE.as_secs() as i64;
        sqlx::query("UPDATE host_leases SET until = $3 WHERE host = ANY($1) AND holder = $2")
            .bind(hosts)
            .bind(&*self.holder)
            .bind(until)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn others_polling(&self) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM host_leases WHERE holder <> $1 AND until > $2)",
        )
        .bind(&*self.holder)
        .bind(ts(Utc::now()))
        .fetch_one(&self.pool)
        .await?)
    }

    async fn release_hosts(&self, hosts: &[String]) -> Result<()> {
        if hosts.is_empty() {
            return Ok(());
        }
        sqlx::query("DELETE FROM host_leases WHERE host = ANY($1) AND holder = $2")
            .bind(hosts)
            .bind(&*self.holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_next_poll(&self, id: SourceId, at: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sources SET next_poll = $1 WHERE id = $2")
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
        for chunk in identities.chunks(500) {
            // A purged entry is known as it was: its item, unchanged, is skipped.
            let rows = sqlx::query(
                "SELECT identity, feed_hash FROM entries WHERE source_id = $1 AND identity = ANY($2) \
                 UNION ALL SELECT identity, feed_hash FROM purged \
                 WHERE source_id = $1 AND identity = ANY($2)",
            )
            .bind(source.0)
            .bind(chunk)
            .fetch_all(&self.pool)
            .await?;
            for row in rows {
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
            let mut tx = self.pool.begin().await?;
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
        let Some(q) = ts_query(query) else {
            return Ok(Listing::default());
        };
        let rows = sqlx::query(AssertSqlSafe(hot::SEARCH.as_str()))
            .bind(q)
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .bind(crate::SEARCH_CANDIDATES)
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
        let mut tx = self.pool.begin().await?;
        for (entry, day, count) in views {
            sqlx::query(
                "INSERT INTO views (entry_id, day, count) \
                 SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM entries WHERE id = $1) \
                 ON CONFLICT (entry_id, day) DO UPDATE SET count = views.count + excluded.count",
            )
            .bind(entry.0)
            .bind(day)
            .bind(count)
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
                .bind(ts(from_ts(since_day * 86_400)))
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

    async fn sitemap_entries(&self, from: i64, to: i64) -> Result<Vec<crate::SitemapEntry>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(edited_title, title) AS title, published, updated FROM entries \
             WHERE id >= $1 AND id < $2 AND hidden_at IS NULL ORDER BY id",
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
             WHERE e.id < $1 AND e.hidden_at IS NULL ORDER BY e.id DESC LIMIT $2",
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
            let mut tx = self.pool.begin().await?;
            let oldest: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM entries WHERE published < $1 ORDER BY published, id LIMIT $2",
            )
            .bind(ts(before))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
            if oldest.is_empty() {
                return Ok(0);
            }
            let _changed = self.changes.bump_when_done();
            // Rows locked in id order, like every writer of entries.
            let rows = sqlx::query(
                "SELECT id, story_id FROM entries WHERE id = ANY($1) ORDER BY id FOR UPDATE",
            )
            .bind(&oldest)
            .fetch_all(&mut *tx)
            .await?;
            let mut ids = Vec::with_capacity(rows.len());
            let mut stories = std::collections::BTreeSet::new();
            for row in &rows {
                ids.push(row.try_get::<i64, _>("id")?);
                if let Some(story) = row.try_get::<Option<i64>, _>("story_id")? {
                    stories.insert(story);
                }
            }
            let stories: Vec<i64> = stories.into_iter().collect();
            sqlx::query(
                "INSERT INTO purged (source_id, identity, feed_hash, purged_at) \
                 SELECT source_id, identity, feed_hash, $2 FROM entries WHERE id = ANY($1) \
                 ON CONFLICT (source_id, identity) DO UPDATE SET feed_hash = excluded.feed_hash, \
                   purged_at = excluded.purged_at",
            )
            .bind(&ids)
            .bind(ts(Utc::now()))
            .execute(&mut *tx)
            .await?;
            let topics: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT et.topic_id FROM entry_topics et JOIN topics t ON t.id = et.topic_id \
                 WHERE et.entry_id = ANY($1) AND t.kind = 'entity'",
            )
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
            // Duplicates of a purged original stand on their own (they share its story: the
            // story index finds them).
            sqlx::query(
                "UPDATE entries SET duplicate_of = NULL \
                 WHERE story_id = ANY($1) AND duplicate_of = ANY($2)",
            )
            .bind(&stories)
            .bind(&ids)
            .execute(&mut *tx)
            .await?;
            // Tags, views, related pairs and search rows follow (foreign keys).
            sqlx::query("DELETE FROM entries WHERE id = ANY($1)")
                .bind(&ids)
                .execute(&mut *tx)
                .await?;
            crate::postgres_stories::refresh_stories(&mut tx, &stories).await?;
            sqlx::query(
                "DELETE FROM topics WHERE id = ANY($1) \
                 AND NOT EXISTS (SELECT 1 FROM entry_topics WHERE topic_id = topics.id) \
                     AND hidden_at IS NULL AND merged_into IS NULL AND nav_position IS NULL",
            )
            .bind(&topics)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(ids.len() as u64)
        })
        .await
    }

    fn changes(&self) -> crate::Changes {
        self.changes.clone()
    }

    async fn watch_other_processes(&self) -> Result<()> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(crate::changes::PG_CHANNEL).await?;
        let changes = self.changes.clone();
        tokio::spawn(async move {
            // (`try_recv` is not known to be cancel-safe: it is never raced against a timer.
            // The task ends at the first notification after nobody holds the counter.)
            while !changes.is_watched_only() {
                match listener.try_recv().await {
                    Ok(Some(_)) => changes.bump(),
                    // The connection was lost and is made again on the next call: whatever
                    // was notified meanwhile is gone, so everything counts as changed.
                    Ok(None) => changes.bump(),
                    Err(sqlx::Error::PoolClosed) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "lost the change notifications; retrying");
                        changes.bump();
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(())
    }

    async fn try_lead_desk(&self) -> Result<bool> {
        let mut held = self.desk.lock().await;
        if held.is_some() {
            return Ok(true);
        }
        let mut conn = self.pool.acquire().await?;
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(DESK_LOCK)
            .fetch_one(&mut *conn)
            .await?;
        if got {
            // The lock lives as long as this session: the connection is kept out of the pool.
            *held = Some(conn);
        }
        Ok(got)
    }
}

async fn note_redirect(
    tx: &mut sqlx::PgConnection,
    source: SourceId,
    redirect: Option<&PermanentRedirect>,
) -> Result<Option<String>> {
    let Some(redirect) = redirect else {
        sqlx::query("UPDATE sources SET redirect_url = NULL, redirect_seen = 0 WHERE id = $1")
            .bind(source.0)
            .execute(&mut *tx)
            .await?;
        return Ok(None);
    };
    // SET expressions see the row as it was, as in SQLite.
    let seen: Option<i64> = sqlx::query_scalar(
        "UPDATE sources SET \
         redirect_seen = CASE WHEN redirect_url = $1 THEN redirect_seen + 1 ELSE 1 END, \
         redirect_url = $1 WHERE id = $2 RETURNING redirect_seen",
    )
    .bind(&redirect.url)
    .bind(source.0)
    .fetch_optional(&mut *tx)
    .await?;
    if seen.unwrap_or(0) < i64::from(redirect.confirmations.max(1)) {
        return Ok(None);
    }
    let moved = sqlx::query(
        "UPDATE sources SET url = $1, redirect_url = NULL, redirect_seen = 0 WHERE id = $2 \
         AND NOT EXISTS (SELECT 1 FROM sources WHERE url = $1)",
    )
    .bind(&redirect.url)
    .bind(source.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok((moved == 1).then(|| redirect.url.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_become_prefix_terms_and_nothing_else() {
        assert_eq!(
            ts_query("Flood relief").as_deref(),
            Some("flood & relief:*")
        );
        assert_eq!(
            ts_query("'; DROP TABLE --").as_deref(),
            Some("drop & table:*")
        );
        assert_eq!(ts_query("  !& | "), None);
    }
}
