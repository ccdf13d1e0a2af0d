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

/// What the story desk writes for the articles it clustered, in one transaction: its
/// decisions and what they bring. Rounds of the desk append to one another while a backlog is
/// worked through, so that the writes of several thousand articles share a transaction (every
/// index page they touch is written once, not once per batch).
#[derive(Debug, Clone, Default)]
pub struct StoryWrites {
    pub assignments: Vec<StoryAssignment>,
    /// Entries tagged with topics found in the text (names with enough support); existing
    /// tags are kept.
    pub tags: Vec<(EntryId, gazette_model::Topic)>,
    /// Slugs of topics found in the text that turned out too common to be topics: they go,
    /// with their tags (a publisher's section of the same slug stays).
    pub retracted: Vec<String>,
    /// Similar articles of other stories, recorded in both directions (the best score wins).
    pub related: Vec<(EntryId, EntryId, f32)>,
}

impl StoryWrites {
    pub fn is_empty(&self) -> bool {
        self.assignments.is_empty()
            && self.tags.is_empty()
            && self.retracted.is_empty()
            && self.related.is_empty()
    }

    /// Adds later writes after these: for an entry assigned twice the later decision wins, and
    /// a topic retracted later loses the tags given earlier.
    pub fn append(&mut self, later: StoryWrites) {
        self.assignments.extend(later.assignments);
        if !later.retracted.is_empty() {
            let gone: std::collections::HashSet<&str> =
                later.retracted.iter().map(String::as_str).collect();
            self.tags.retain(|(_, t)| !gone.contains(t.slug.as_str()));
        }
        self.tags.extend(later.tags);
        self.retracted.extend(later.retracted);
        self.related.extend(later.related);
    }
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
pub trait StoryStore: Send + Sync {
    /// Entries not yet clustered, oldest first (by published, then id), at most `limit`, after
    /// `after` (the published time and id of the last entry read before, while its decision
    /// is not yet written).
    async fn unclustered(
        &self,
        limit: u32,
        after: Option<(DateTime<Utc>, EntryId)>,
    ) -> Result<Vec<StoryDoc>>;
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
    /// The publication time of the `n`th newest clustered entry published since `since`
    /// (`None` when there are fewer): where a window of at most `n` articles begins, so that
    /// the desk's rebuild reads only what its window keeps.
    async fn window_start(&self, since: DateTime<Utc>, n: u32) -> Result<Option<DateTime<Utc>>>;
    /// Writes the desk's decisions and what they bring in one transaction, recomputing the
    /// stories they touch. An entry an editor placed (`story_pinned`) keeps its story whatever
    /// the clusterer decides. Retractions are applied before tags are added: a tag that a
    /// later retraction undoes is already gone from `tags` ([`StoryWrites::append`]).
    async fn save_story_writes(&self, writes: &StoryWrites) -> Result<()>;
    /// Writes decisions alone (see [`StoryStore::save_story_writes`]).
    async fn assign_stories(&self, assignments: &[StoryAssignment]) -> Result<()> {
        self.save_story_writes(&StoryWrites {
            assignments: assignments.to_vec(),
            ..StoryWrites::default()
        })
        .await
    }
    /// Tags entries with topics alone (see [`StoryWrites::tags`]).
    async fn add_entry_topics(&self, tags: &[(EntryId, gazette_model::Topic)]) -> Result<()> {
        self.save_story_writes(&StoryWrites {
            tags: tags.to_vec(),
            ..StoryWrites::default()
        })
        .await
    }
    /// Removes topics found too common alone (see [`StoryWrites::retracted`]).
    async fn remove_entity_topics(&self, slugs: &[String]) -> Result<()> {
        self.save_story_writes(&StoryWrites {
            retracted: slugs.to_vec(),
            ..StoryWrites::default()
        })
        .await
    }
    /// Records similar articles alone (see [`StoryWrites::related`]).
    async fn set_related(&self, pairs: &[(EntryId, EntryId, f32)]) -> Result<()> {
        self.save_story_writes(&StoryWrites {
            related: pairs.to_vec(),
            ..StoryWrites::default()
        })
        .await
    }
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

/// The rows `set_related` writes: one row per pair, the smaller entry id first (the page reads
/// both columns: `related_by_related` finds the other side), with the best score, in key order
/// (one lock order for every writer; PostgreSQL also refuses to update one row twice in a
/// statement). A pair stored once halves what the story desk writes (about 11 rows an article
/// when both directions were stored).
pub(crate) fn related_rows(pairs: &[(EntryId, EntryId, f32)]) -> Vec<(i64, i64, f32)> {
    let mut best: std::collections::BTreeMap<(i64, i64), f32> = std::collections::BTreeMap::new();
    for (a, b, score) in pairs {
        if a == b {
            continue;
        }
        let key = (a.0.min(b.0), a.0.max(b.0));
        let s = best.entry(key).or_insert(*score);
        *s = s.max(*score);
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

/// The (published, id) key that reads of entries in that order continue after: the
/// previous page's last entry, or before every entry.
pub(crate) fn after_key(after: Option<(DateTime<Utc>, EntryId)>) -> (i64, i64) {
    after.map_or((i64::MIN, i64::MIN), |(t, id)| (t.timestamp(), id.0))
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

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_model::Topic;

    fn topic(slug: &str) -> Topic {
        Topic {
            slug: slug.into(),
            name: slug.into(),
        }
    }

    #[test]
    fn appended_writes_keep_the_later_decision_and_drop_retracted_tags() {
        let assign = |entry, story| StoryAssignment {
            entry: EntryId(entry),
            story: StoryId(story),
            duplicate_of: None,
        };
        let mut w = StoryWrites {
            assignments: vec![assign(1, 1), assign(2, 2)],
            tags: vec![
                (EntryId(1), topic("harbour")),
                (EntryId(2), topic("police")),
            ],
            retracted: Vec::new(),
            related: vec![(EntryId(1), EntryId(2), 0.2)],
        };
        assert!(!w.is_empty());
        w.append(StoryWrites {
            assignments: vec![assign(2, 1)],
            tags: vec![(EntryId(3), topic("harbour"))],
            retracted: vec!["police".into()],
            related: vec![(EntryId(2), EntryId(1), 0.5)],
        });
        assert_eq!(
            assignment_rows(&w.assignments),
            vec![assign(1, 1), assign(2, 1)],
            "entry 2's later decision wins"
        );
        let (_, tags) = tag_rows(&w.tags);
        assert_eq!(tags, vec![(1, "harbour"), (3, "harbour")], "police is gone");
        assert_eq!(w.retracted, vec!["police".to_string()]);
        assert_eq!(
            related_rows(&w.related),
            vec![(1, 2, 0.5)],
            "one row a pair, the best score"
        );
        assert!(StoryWrites::default().is_empty());
    }
}
