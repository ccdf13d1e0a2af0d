//! Storage: the only crate that speaks SQL.
//!
//! Everything Gazette keeps (sources and their polling state, entries, topics, view counts, the
//! full-text index) lives behind the [`Store`] trait. [`SqliteStore`] is the embedded default;
//! [`PgStore`] keeps the same data in PostgreSQL for sites that run several processes. The
//! pipeline and the website only ever hold an `Arc<dyn Store>`.
//!
//! Error policy: every method returns [`StoreError`]; callers log it once where they handle it.

mod admin;
mod changes;
#[cfg(test)]
mod plans;
mod postgres;
mod postgres_admin;
mod postgres_stories;
mod postgres_websub;
mod rows;
mod sqlite;
mod sqlite_admin;
mod sqlite_stories;
mod sqlite_websub;
mod stories;
mod websub;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{
    Entry, EntryCard, EntryId, ExtractMode, NewEntry, Source, SourceId, Topic, TopicCount,
};

pub use admin::{
    AdminEntry, AdminStore, AdminTopic, AuditEntry, EntryFilter, Role, SessionUser, Setting,
    StoryEdit, TopicChanges, User,
};
pub use changes::Changes;
pub use postgres::{POLL_LEASE, POSTGRES_CONNECTIONS, PgStore, fresh_test_database};
pub use sqlite::{DB_FILE, SQLITE_CONNECTIONS, SqliteStore};
pub use stories::{Story, StoryAssignment, StoryCard, StoryDoc, StoryStore, StoryWrites};
pub use websub::{Subscription, SubscriptionState, SubscriptionStore};

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a source with URL {0} is already followed")]
    DuplicateSource(String),
    #[error("an account named {0} exists already")]
    DuplicateUser(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot open the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

impl StoreError {
    /// Whether the same operation may succeed if tried again: a deadlock or serialization
    /// failure (PostgreSQL), a busy or locked database (SQLite), no free connection in time,
    /// a broken connection.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => true,
            StoreError::Database(sqlx::Error::Database(e)) => matches!(
                e.code().as_deref(),
                // PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
                Some("40001" | "40P01" | "55P03")
                // SQLite: SQLITE_BUSY, SQLITE_LOCKED and their extended codes.
                | Some("5" | "6" | "261" | "517" | "262")
            ),
            _ => false,
        }
    }
}

/// The key a source's politeness is kept under: its feed URL's host, lower-cased, without
/// port or credentials, an IPv6 address in brackets (as the fetcher keys hosts, and as the
/// PostgreSQL schema derives `sources.host`). Sources with one key share one host's budget, in one
/// process and, through host leases, across the processes of one PostgreSQL database.
pub fn host_key(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.find(']') {
        Some(end) if host.starts_with('[') => &host[..=end],
        _ => host.split(':').next().unwrap_or(host),
    };
    host.to_ascii_lowercase()
}

/// Attempts of a write transaction that failed for a transient reason.
const WRITE_ATTEMPTS: u32 = 6;

/// Runs a write transaction again when it fails for a transient reason (a deadlock detected by
/// PostgreSQL between two processes, SQLite busy past its timeout), with a growing pause: a
/// poll's entries are never dropped for a conflict that a retry resolves.
pub(crate) async fn retrying<T, F, Fut>(mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(e) if e.is_transient() && tries + 1 < WRITE_ATTEMPTS => {
                tries += 1;
                tracing::debug!(error = %e, attempt = tries, "transient database error; retrying");
                tokio::time::sleep(std::time::Duration::from_millis(20 << tries)).await;
            }
            result => return result,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A source to start following.
#[derive(Debug, Clone)]
pub struct NewSource {
    pub url: String,
    /// A name chosen by the user; `None` lets the feed's title name the source.
    pub name: Option<String>,
    pub extract_mode: ExtractMode,
}

/// Tags counted for the busiest topics of every kind (`active_topics` with
/// [`TopicFilter::All`]): the most recent ones in the window, so that the count costs the same
/// whatever the store holds — about the last 1,500 articles of a wire that tags each with a
/// dozen names. On a quieter site it is every tag of the window.
pub(crate) const RECENT_TAGS: i64 = 20_000;

/// Search: the newest matches ranked for relevance. A word in every article ("the", a
/// section's name) matches the whole store; ranking all of it took hundreds of milliseconds at
/// 100,000 articles, and a news search wants recent articles first anyway.
pub(crate) const SEARCH_CANDIDATES: i64 = 2_000;

/// A statement whose SQL is built for one call: an `IN (?, ?, …)` list or a multi-row
/// `VALUES` as long as its input, a time spliced into the text. It is not kept prepared: sqlx
/// keeps each connection's statements by their text (up to 100), so every length would be
/// one more, the long ones compiled to hundreds of opcodes; on the 2,000-outlet wire that cost
/// 12 MB with 8 connections (BENCHMARKS.md). Fixed statements use `sqlx::query` and stay cached.
pub(crate) fn built_query<DB: sqlx::Database + sqlx::database::HasStatementCache>(
    sql: String,
) -> sqlx::query::Query<'static, DB, <DB as sqlx::Database>::Arguments> {
    sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false)
}

/// "Hot this week" from its two reads: the most viewed entries, then the newest entries not
/// among them, `limit` in all.
pub(crate) fn hot_list<R>(
    viewed: &[R],
    newest: &[R],
    limit: u32,
    read: impl Fn(&R) -> Result<HotEntry>,
) -> Result<Vec<HotEntry>> {
    let mut list = viewed.iter().map(&read).collect::<Result<Vec<_>>>()?;
    for row in newest {
        if list.len() >= limit as usize {
            break;
        }
        let entry = read(row)?;
        if list.iter().all(|h| h.card.id != entry.card.id) {
            list.push(entry);
        }
    }
    Ok(list)
}

/// The words of a search, each with whether it is searched as a prefix: whole words, except
/// the last when it has at least four characters (so "harbo" finds "harbour", and "the" does
/// not expand to every word it begins). Words are letters and digits only, so nothing typed
/// is read as query syntax.
pub(crate) fn search_terms(query: &str) -> Vec<(String, bool)> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_lowercase(), i == last && w.chars().count() >= 4))
        .collect()
}

/// Which topics a list wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicFilter {
    /// Every topic.
    All,
    /// Sections only (publishers' categories, source topics): the site's navigation. Names
    /// and keyphrases promoted to topics from the text (`entity`) are left out.
    Sections,
}

/// Settings of a followed source a user can change.
#[derive(Debug, Clone, Default)]
pub struct SourceChanges {
    /// A display name chosen by the user (it then stays, whatever the feed's title).
    pub name: Option<String>,
    /// The section the source is filed under: `Some(None)` clears it. Its future entries carry
    /// it as a topic.
    pub topic: Option<Option<String>>,
    pub extract_mode: Option<ExtractMode>,
}

/// The outcome of one poll, written together with the entries it produced.
#[derive(Debug, Clone)]
pub enum PollOutcome {
    /// The feed was fetched (or answered 304) and its entries are saved.
    Success {
        etag: Option<String>,
        last_modified: Option<String>,
        /// The feed's own title and home page, used when the user gave no name.
        feed_title: Option<String>,
        site_url: Option<String>,
        /// Where the feed redirected permanently on this poll, if it did. `None` (no
        /// redirect, or a temporary one) forgets any redirect counted before.
        redirect: Option<PermanentRedirect>,
    },
    /// The poll failed; the message is shown by `source list`.
    Failure { error: String },
}

/// A permanent redirect (every hop 301/308) seen on a successful poll.
///
/// The store counts consecutive successful polls that saw the same target and moves the
/// source's URL to it when the count reaches `confirmations`, unless another source already
/// follows that URL. A failed poll neither counts nor resets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermanentRedirect {
    pub url: String,
    pub confirmations: u32,
}

/// A part of one poll to write: entries, and, on the poll's last part, the source's new state.
///
/// A poll whose entries need no article page is written as one part, in one transaction with
/// the source's state. A poll that fetches pages is written as its entries are ready, a few at a
/// time, and its last part carries the state: the validators only move once every entry of the
/// feed revision is stored, so a poll cut short is fetched again and nothing is lost, while
/// memory holds a few entries per source instead of whole polls.
#[derive(Debug, Clone)]
pub struct PollWrite {
    pub source: SourceId,
    pub entries: Vec<NewEntry>,
    /// The poll's outcome and its next poll time; `None` on a part with more to come.
    pub finish: Option<(PollOutcome, DateTime<Utc>)>,
    /// When the poll ran (the entries' `fetched_at`, the source's `last_success`).
    pub now: DateTime<Utc>,
}

/// What saving one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub inserted: usize,
    pub updated: usize,
    /// The source's new URL when this poll confirmed a permanent redirect.
    pub moved_to: Option<String>,
}

/// A page of a list: 1-based page number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: u32,
    pub size: u32,
}

impl Page {
    pub fn new(number: u32, size: u32) -> Self {
        Page {
            number: number.max(1),
            size: size.clamp(1, 200),
        }
    }
    fn offset(self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.size)
    }
}

/// A list of cards plus whether a next page exists.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub cards: Vec<EntryCard>,
    pub has_more: bool,
}

/// An article's address in a sitemap.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub id: EntryId,
    pub title: String,
    pub published: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
}

/// A card in the "Hot this week" list with the views that ranked it.
#[derive(Debug, Clone)]
pub struct HotEntry {
    pub card: EntryCard,
    pub views: i64,
}

/// Storage for everything Gazette keeps. Implementations must be safe to share between the
/// poller and the web server.
#[async_trait]
pub trait Store: StoryStore + AdminStore + SubscriptionStore + Send + Sync + 'static {
    /// Starts following a source; it is due for polling at once.
    async fn add_source(&self, source: NewSource) -> Result<Source>;
    async fn list_sources(&self) -> Result<Vec<Source>>;
    async fn get_source(&self, id: SourceId) -> Result<Option<Source>>;
    /// Changes a source's settings; fields left `None` stay as they are. Returns false when
    /// there is no such source.
    async fn update_source(&self, id: SourceId, changes: &SourceChanges) -> Result<bool>;
    /// Stops following a source and deletes its entries. Returns false when there was none.
    async fn remove_source(&self, id: SourceId) -> Result<bool>;
    /// Claims at most `limit` sources whose next poll is at or before `now`, most overdue first:
    /// each claimed source's next poll moves [`POLL_LEASE`] ahead until its poll is saved, so
    /// that a process takes only what it can start now and others (or its own next claim) skip
    /// it; a poll never saved (a crash) makes it due again when the lease ends. A store shared
    /// by several processes also leases each claimed source's host to this process and skips
    /// sources whose host another process holds ([`Store::hold_hosts`]).
    async fn due_sources(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Source>>;
    /// Renews this process's leases on `hosts` (see [`host_key`]) while it still has work
    /// there. Only a store shared by several processes leases hosts: elsewhere a no-op.
    async fn hold_hosts(&self, _hosts: &[String]) -> Result<()> {
        Ok(())
    }
    /// Gives up this process's leases on `hosts`: it has no more work there this round.
    async fn release_hosts(&self, _hosts: &[String]) -> Result<()> {
        Ok(())
    }
    /// Whether another process sharing the store is polling now (holds host leases). Only a
    /// store shared by several processes leases hosts: elsewhere false.
    async fn others_polling(&self) -> Result<bool> {
        Ok(false)
    }
    /// Moves a source's next poll (the "poll now" action sets it to now).
    async fn set_next_poll(&self, id: SourceId, at: DateTime<Utc>) -> Result<()>;

    /// The stored feed hash of each given identity of a source, for skipping unchanged items.
    async fn known_feed_hashes(
        &self,
        source: SourceId,
        identities: &[String],
    ) -> Result<std::collections::HashMap<String, String>>;
    /// Writes parts of polls, of one or many sources, in one transaction (see [`PollWrite`]);
    /// one report per part. Transient failures (deadlock, busy) are retried here.
    async fn save_polls(&self, writes: &[PollWrite]) -> Result<Vec<SaveReport>>;
    /// Writes one whole poll: its new and changed entries and the source's polling state, in
    /// one transaction, so that a crash loses or duplicates nothing.
    async fn save_poll(
        &self,
        source: SourceId,
        entries: &[NewEntry],
        outcome: &PollOutcome,
        next_poll: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<SaveReport> {
        let write = PollWrite {
            source,
            entries: entries.to_vec(),
            finish: Some((outcome.clone(), next_poll)),
            now,
        };
        let mut reports = self.save_polls(std::slice::from_ref(&write)).await?;
        Ok(reports.pop().unwrap_or_default())
    }

    async fn get_entry(&self, id: EntryId) -> Result<Option<Entry>>;
    async fn latest(&self, page: Page) -> Result<Listing>;
    async fn by_topic(&self, slug: &str, page: Page) -> Result<Listing>;
    async fn by_source(&self, source: SourceId, page: Page) -> Result<Listing>;
    async fn search(&self, query: &str, page: Page) -> Result<Listing>;
    async fn topic(&self, slug: &str) -> Result<Option<Topic>>;
    /// Topics carried by entries published since `since`, most used first.
    async fn active_topics(
        &self,
        since: DateTime<Utc>,
        limit: u32,
        filter: TopicFilter,
    ) -> Result<Vec<TopicCount>>;
    /// Adds counted views: `(entry, day, count)` with `day` in days since the Unix epoch. The
    /// website batches views in memory and writes them here in one transaction.
    async fn record_views(&self, views: &[(EntryId, i64, i64)]) -> Result<()>;
    /// The most viewed entries since `since_day`, then the newest to fill up to `limit`.
    async fn hot(&self, since_day: i64, limit: u32) -> Result<Vec<HotEntry>>;
    /// Visible entries whose ids are in `from..to`, by id: a child sitemap's articles (ids only
    /// grow, so a chunk's addresses stay in one child sitemap).
    async fn sitemap_entries(&self, from: i64, to: i64) -> Result<Vec<SitemapEntry>>;
    /// Visible entries with ids below `before` (all when `None`), highest id first, at most
    /// `limit`: the API's cursor walk. Ids only grow, so a walk never meets an entry twice and
    /// never misses one, however many arrive meanwhile.
    async fn entries_before(&self, before: Option<i64>, limit: u32) -> Result<Vec<EntryCard>>;
    /// The largest entry id (0 when none).
    async fn max_entry_id(&self) -> Result<i64>;
    /// Number of stored entries, for health and the demo's readiness check.
    async fn count_entries(&self) -> Result<i64>;
    /// Purges up to `limit` entries published before `before`, oldest first, in one
    /// transaction: their tags, views, related pairs and search rows go with them, the stories
    /// they were in are recomputed (or dropped when emptied), names and keyphrases no entry
    /// carries any more are dropped, and each leaves a tombstone so that it is never imported
    /// again. Returns how many were purged (fewer than `limit`: nothing older is left).
    async fn purge_entries(&self, before: DateTime<Utc>, limit: u32) -> Result<u64>;
    /// Whether this process may run the story desk (the clusterer lives in one process's
    /// memory): the process that holds the desk's lock, taken here and kept while the store
    /// lives (SQLite: a lock file beside the database; PostgreSQL: an advisory lock).
    async fn try_lead_desk(&self) -> Result<bool> {
        Ok(true)
    }
    /// This process's counter of changes to what the site shows (see [`Changes`]): advanced
    /// after every write through this store that changes entries, stories, topics or sources.
    fn changes(&self) -> Changes;
    /// Makes [`Store::changes`] also follow writes by other processes sharing the database,
    /// until the store is dropped. Call once, in a process that serves the site.
    async fn watch_other_processes(&self) -> Result<()>;
}
