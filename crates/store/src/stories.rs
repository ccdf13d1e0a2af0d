//! Stories: the storage side of clustering. The clusterer (in `gazette-story`, driven by the
//! pipeline) decides which entries report the same event; this module stores those decisions
//! and serves the story-level lists the website shows (one card per story, full coverage).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryCard, EntryId, SourceId, StoryId};

use crate::Result;

/// An entry as the clusterer needs it.
#[derive(Debug, Clone)]
pub struct StoryDoc {
    pub id: EntryId,
    pub source_id: SourceId,
    pub title: String,
    pub text: String,
    pub url: Option<String>,
    pub published: DateTime<Utc>,
    /// The story already stored for the entry, if any.
    pub story_id: Option<StoryId>,
    /// An editor placed the entry in its story: the clusterer keeps that story apart.
    pub pinned: bool,
}

/// One clustering decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryAssignment {
    pub entry: EntryId,
    pub story: StoryId,
    pub duplicate_of: Option<EntryId>,
}

/// A story's card: its lead article plus how widely it is covered.
#[derive(Debug, Clone)]
pub struct StoryCard {
    pub card: EntryCard,
    pub story_id: StoryId,
    pub sources: i64,
    /// How many articles the story has.
    pub articles: i64,
}

/// A story's full coverage.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: StoryId,
    pub sources: i64,
    /// How many articles the story has in all (`articles` may hold fewer).
    pub article_count: i64,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    pub first_entry: EntryId,
    /// The story's newest articles (as many as asked for) and its first report, oldest first,
    /// duplicates included.
    pub articles: Vec<EntryCard>,
}

/// Storage for stories. Part of [`crate::Store`].
#[async_trait]
pub trait StoryStore {
    /// Entries not yet clustered, oldest first, at most `limit`.
    async fn unclustered(&self, limit: u32) -> Result<Vec<StoryDoc>>;
    /// How many entries have no story yet, counted up to `limit`.
    async fn count_unclustered(&self, limit: u32) -> Result<u64>;
    /// Clustered entries published since `since`, oldest first (by published, then id), at
    /// most `limit`, after `after` (the published time and id of the previous page's last
    /// entry): the clusterer's window, read a page at a time to rebuild its state at start.
    async fn window_docs(
        &self,
        since: DateTime<Utc>,
        after: Option<(DateTime<Utc>, EntryId)>,
        limit: u32,
    ) -> Result<Vec<StoryDoc>>;
    /// Writes decisions and recomputes the stories they touch, in one transaction. An entry an
    /// editor placed (`story_pinned`) keeps its story whatever the clusterer decides.
    async fn assign_stories(&self, assignments: &[StoryAssignment]) -> Result<()>;
    /// Tags entries with topics (named entities with enough support); existing tags are kept.
    async fn add_entry_topics(&self, tags: &[(EntryId, gazette_model::Topic)]) -> Result<()>;
    /// Removes topics found in the text (`kind = 'entity'`) that turned out too common to be
    /// topics, with their tags; a publisher's section of the same slug stays.
    async fn remove_entity_topics(&self, slugs: &[String]) -> Result<()>;
    /// Records similar articles of other stories, in both directions (the best score wins).
    async fn set_related(&self, pairs: &[(EntryId, EntryId, f32)]) -> Result<()>;
    /// The most similar other stories of an entry, published since `since`: one card per story,
    /// never the entry's own story or its duplicates. The clusterer's similar articles first
    /// (best score first), then, to fill `limit`, stories sharing the most topics with it.
    async fn related_stories(
        &self,
        entry: EntryId,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EntryCard>>;
    /// One card per story, most recently updated first.
    async fn latest_stories(&self, page: crate::Page) -> Result<(Vec<StoryCard>, bool)>;
    /// The story with this id, with its newest `limit` articles and its first report.
    async fn story(&self, id: StoryId, limit: u32) -> Result<Option<Story>>;
    /// The story an entry belongs to, when it has one with more than one article, with its
    /// newest `limit` articles and its first report.
    async fn story_of(&self, entry: EntryId, limit: u32) -> Result<Option<Story>>;
    /// Stories with articles published since `since`, with their views since `since_day`
    /// (days since the epoch), for ranking "Hot this week". At most `limit` candidates, most
    /// recently updated first.
    async fn story_candidates(
        &self,
        since: DateTime<Utc>,
        since_day: i64,
        limit: u32,
    ) -> Result<Vec<(StoryCard, i64)>>;
}

/// The rows `set_related` writes: both directions of every pair, one row per direction with
/// the best score, in key order (one lock order for every writer; PostgreSQL also refuses to
/// update one row twice in a statement).
pub(crate) fn related_rows(pairs: &[(EntryId, EntryId, f32)]) -> Vec<(i64, i64, f32)> {
    let mut best: std::collections::BTreeMap<(i64, i64), f32> = std::collections::BTreeMap::new();
    for (a, b, score) in pairs {
        for key in [(a.0, b.0), (b.0, a.0)] {
            let s = best.entry(key).or_insert(*score);
            *s = s.max(*score);
        }
    }
    best.into_iter().map(|((a, b), s)| (a, b, s)).collect()
}

/// Articles per shared topic that related stories are looked for among: the newest of the
/// window. A section shares its name with thousands of articles; counting them all made an
/// article page cost tens of milliseconds at 100,000 articles.
pub(crate) const RECENT_PER_TOPIC: u32 = 200;

/// The distinct topics of `add_entry_topics` in slug order, and its distinct (entry, slug)
/// tags in key order.
pub(crate) fn tag_rows(
    tags: &[(EntryId, gazette_model::Topic)],
) -> (Vec<&gazette_model::Topic>, Vec<(i64, &str)>) {
    let mut topics: Vec<&gazette_model::Topic> = tags.iter().map(|(_, t)| t).collect();
    topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    topics.dedup_by(|a, b| a.slug == b.slug);
    let mut rows: Vec<(i64, &str)> = tags.iter().map(|(e, t)| (e.0, t.slug.as_str())).collect();
    rows.sort_unstable();
    rows.dedup();
    (topics, rows)
}

/// The assignments in entry order, the last decision for an entry winning.
pub(crate) fn assignment_rows(assignments: &[StoryAssignment]) -> Vec<StoryAssignment> {
    let mut by_entry = std::collections::BTreeMap::new();
    for a in assignments {
        by_entry.insert(a.entry.0, *a);
    }
    by_entry.into_values().collect()
}

/// A story's articles as read (newest first, the first report possibly last), oldest first.
pub(crate) fn oldest_first(
    cards: impl Iterator<Item = Result<EntryCard>>,
) -> Result<Vec<EntryCard>> {
    let mut cards = cards.collect::<Result<Vec<_>>>()?;
    cards.sort_by_key(|c| (c.published, c.id.0));
    cards.dedup_by_key(|c| c.id);
    Ok(cards)
}
