//! Stories: the storage side of clustering. The clusterer (in `gazette-story`, driven by the
//! pipeline) decides which entries report the same event; this module stores those decisions
//! and serves the story-level lists the website shows (one card per story, full coverage).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryCard, EntryId, SourceId};

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
    pub story_id: Option<i64>,
}

/// One clustering decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryAssignment {
    pub entry: EntryId,
    pub story: i64,
    pub duplicate_of: Option<EntryId>,
}

/// A story's card: its lead article plus how widely it is covered.
#[derive(Debug, Clone)]
pub struct StoryCard {
    pub card: EntryCard,
    pub story_id: i64,
    pub sources: i64,
    pub entries: i64,
}

/// A story's full coverage.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: i64,
    pub sources: i64,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    pub first_entry: EntryId,
    /// Every article of the story, oldest first, duplicates included.
    pub articles: Vec<EntryCard>,
}

/// Storage for stories. Part of [`crate::Store`].
#[async_trait]
pub trait StoryStore {
    /// Entries not yet clustered, oldest first, at most `limit`.
    async fn unclustered(&self, limit: u32) -> Result<Vec<StoryDoc>>;
    /// Clustered entries published since `since`, oldest first: the clusterer's window, to
    /// rebuild its state at start.
    async fn window_docs(&self, since: DateTime<Utc>) -> Result<Vec<StoryDoc>>;
    /// Writes decisions and recomputes the stories they touch, in one transaction.
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
    /// The story with this id and all its articles.
    async fn story(&self, id: i64) -> Result<Option<Story>>;
    /// The story an entry belongs to, when it has one with more than one article.
    async fn story_of(&self, entry: EntryId) -> Result<Option<Story>>;
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
