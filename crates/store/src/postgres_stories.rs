//! [`StoryStore`] for PostgreSQL: the statements of `sqlite_stories.rs` in PostgreSQL's
//! dialect (numbered parameters, `DISTINCT ON` where SQLite takes bare columns beside `MAX`).

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryCard, EntryId, StoryId};
use sqlx::{AssertSqlSafe, Row};

use crate::postgres::{card_from_row as card, doc, story_card};
use crate::rows::DOC;
use crate::sqlite::from_ts;
use crate::stories::{
    Story, StoryAssignment, StoryCard, StoryDoc, StoryStore, StoryWrites, after_key,
    assignment_rows, related_rows, tag_rows,
};
use crate::{Page, PgStore, Result};

/// The story statements behind page renders (see `crate::postgres::hot`).
pub(crate) mod hot {
    use std::sync::LazyLock;

    use crate::rows::{CARD_COLUMNS as CARD, STORY_CARDS};
    use crate::stories::RECENT_PER_TOPIC;

    type Sql = LazyLock<String>;

    // As in SQLite: the clusterer's similar articles first, then shared topics; each story by
    // its best candidate (DISTINCT ON keeps the first row of each story).
    pub(crate) static RELATED: Sql = LazyLock::new(|| {
        format!(
            "WITH cand AS ( \
               SELECT related_id AS id, 1000000.0 + score AS rank FROM related \
                WHERE entry_id = $1 \
               UNION ALL \
               SELECT entry_id AS id, 1000000.0 + score AS rank FROM related \
                WHERE related_id = $1 \
               UNION ALL \
               SELECT other.entry_id AS id, COUNT(*)::DOUBLE PRECISION AS rank \
                 FROM entry_topics mine \
                 CROSS JOIN LATERAL (SELECT entry_id FROM entry_topics o \
                   WHERE o.topic_id = mine.topic_id AND o.published >= $2 \
                     AND o.entry_id != mine.entry_id \
                   ORDER BY o.published DESC LIMIT {RECENT_PER_TOPIC}) other \
                WHERE mine.entry_id = $1 GROUP BY other.entry_id), \
             best AS ( \
               SELECT DISTINCT ON (COALESCE(e.story_id, -e.id)) {CARD}, c.rank AS best \
               FROM cand c JOIN entries e ON e.id = c.id JOIN sources s ON s.id = e.source_id \
               WHERE e.published >= $2 AND e.duplicate_of IS NULL AND e.hidden_at IS NULL \
                 AND COALESCE(e.story_id, -e.id) != \
                     (SELECT COALESCE(story_id, -id) FROM entries WHERE id = $1) \
               ORDER BY COALESCE(e.story_id, -e.id), c.rank DESC, e.published DESC) \
             SELECT * FROM best ORDER BY best DESC, published DESC LIMIT $3"
        )
    });
    pub(crate) static LATEST_STORIES: Sql = LazyLock::new(|| {
        format!("{STORY_CARDS} ORDER BY st.last_published DESC, st.id DESC LIMIT $1 OFFSET $2")
    });
    pub(crate) const STORY: &str = "SELECT sources, entries, first_published, last_published, \
         first_entry FROM stories WHERE id = $1";
    // A story's newest articles, and its first report wherever it falls.
    pub(crate) static STORY_ARTICLES: Sql = LazyLock::new(|| {
        format!(
            "(SELECT {CARD} FROM entries e JOIN sources s ON s.id = e.source_id \
               WHERE e.story_id = $1 AND e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT $2) \
             UNION SELECT {CARD} FROM entries e JOIN sources s ON s.id = e.source_id \
               WHERE e.id = $3 AND e.story_id = $1 AND e.hidden_at IS NULL"
        )
    });
    pub(crate) const STORY_OF: &str = "SELECT story_id FROM entries WHERE id = $1";
    pub(crate) static STORY_CANDIDATES: Sql = LazyLock::new(|| {
        format!(
            "SELECT c.*, w.views::BIGINT AS views FROM ({STORY_CARDS} WHERE st.last_published >= $1) c \
             LEFT JOIN (SELECT en.story_id AS sid, SUM(v.count) AS views FROM views v \
                        JOIN entries en ON en.id = v.entry_id WHERE v.day >= $2 GROUP BY en.story_id) w \
             ON w.sid = c.story_id ORDER BY c.published DESC LIMIT $3"
        )
    });
}

/// Recomputes the given stories from their entries inside the caller's transaction (lead,
/// first report, counts, dates), dropping those left with no entry.
pub(crate) async fn refresh_stories(tx: &mut sqlx::PgConnection, stories: &[i64]) -> Result<()> {
    sqlx::query(
        "DELETE FROM stories WHERE id = ANY($1) \
         AND NOT EXISTS (SELECT 1 FROM entries WHERE story_id = stories.id AND hidden_at IS NULL)",
    )
    .bind(stories)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO stories \
         (id, lead_entry, first_entry, entries, sources, first_published, last_published) \
         SELECT e.story_id, \
           COALESCE((SELECT id FROM entries l WHERE l.story_id = e.story_id \
                     AND l.duplicate_of IS NULL AND l.hidden_at IS NULL \
                     ORDER BY l.story_lead DESC, l.published DESC, l.id DESC LIMIT 1), MIN(e.id)), \
           (SELECT id FROM entries f WHERE f.story_id = e.story_id AND f.hidden_at IS NULL \
            ORDER BY f.published, f.id LIMIT 1), \
           COUNT(*), COUNT(DISTINCT e.source_id), MIN(e.published), MAX(e.published) \
         FROM entries e WHERE e.story_id = ANY($1) AND e.hidden_at IS NULL GROUP BY e.story_id \
         ON CONFLICT (id) DO UPDATE SET lead_entry = excluded.lead_entry, \
           first_entry = excluded.first_entry, entries = excluded.entries, \
           sources = excluded.sources, first_published = excluded.first_published, \
           last_published = excluded.last_published",
    )
    .bind(stories)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Writes decisions (in entry order) and recomputes the stories they touch.
async fn assign(tx: &mut sqlx::PgConnection, rows: &[StoryAssignment]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = rows.iter().map(|a| a.entry.0).collect();
    let stories: Vec<i64> = rows.iter().map(|a| a.story.0).collect();
    let dups: Vec<Option<i64>> = rows.iter().map(|a| a.duplicate_of.map(|d| d.0)).collect();
    // Rows locked in id order (the ORDER BY of the locking read), like every writer.
    let old: Vec<Option<i64>> = sqlx::query_scalar(
        "SELECT story_id FROM entries WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    )
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    let mut touched: BTreeSet<i64> = old.into_iter().flatten().collect();
    touched.extend(stories.iter().copied());
    sqlx::query(
        "UPDATE entries e SET story_id = v.story, duplicate_of = v.dup \
         FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::BIGINT[]) AS v(id, story, dup) \
         WHERE e.id = v.id AND (e.story_pinned = 0 OR e.story_id IS NULL)",
    )
    .bind(&ids)
    .bind(&stories)
    .bind(&dups)
    .execute(&mut *tx)
    .await?;
    let touched: Vec<i64> = touched.into_iter().collect();
    refresh_stories(tx, &touched).await
}

/// Creates the topics of new tags (a name that is already a section stays one).
async fn create_topics(
    tx: &mut sqlx::PgConnection,
    topics: &[&gazette_model::Topic],
) -> Result<()> {
    if topics.is_empty() {
        return Ok(());
    }
    let slugs: Vec<&str> = topics.iter().map(|t| t.slug.as_str()).collect();
    let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
    sqlx::query(
        "INSERT INTO topics (slug, name, kind) \
         SELECT s, n, 'entity' FROM UNNEST($1::TEXT[], $2::TEXT[]) AS v(s, n) \
         ON CONFLICT (slug) DO NOTHING",
    )
    .bind(&slugs)
    .bind(&names)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Removes topics found in the text that turned out too common, with their tags.
async fn retract(tx: &mut sqlx::PgConnection, slugs: &[String]) -> Result<()> {
    if slugs.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "DELETE FROM entry_topics WHERE topic_id IN \
         (SELECT id FROM topics WHERE slug = ANY($1) AND kind = 'entity' AND hidden_at IS NULL \
         AND merged_into IS NULL AND nav_position IS NULL)",
    )
    .bind(slugs)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM topics WHERE slug = ANY($1) AND kind = 'entity' AND hidden_at IS NULL \
         AND merged_into IS NULL AND nav_position IS NULL",
    )
    .bind(slugs)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Tags entries with topics (created by [`create_topics`]); existing tags are kept.
async fn tag(tx: &mut sqlx::PgConnection, rows: &[(i64, &str)]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let entries: Vec<i64> = rows.iter().map(|(e, _)| *e).collect();
    let slugs: Vec<&str> = rows.iter().map(|(_, s)| *s).collect();
    sqlx::query(
        "INSERT INTO entry_topics (entry_id, topic_id, published) \
         SELECT e.id, COALESCE(t.merged_into, t.id), e.published FROM UNNEST($1::BIGINT[], $2::TEXT[]) AS v(entry, slug) \
         JOIN entries e ON e.id = v.entry JOIN topics t ON t.slug = v.slug \
         ON CONFLICT DO NOTHING",
    )
    .bind(&entries)
    .bind(&slugs)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records similar articles (rows from `related_rows`), the best score winning.
async fn relate(tx: &mut sqlx::PgConnection, rows: &[(i64, i64, f32)]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let from: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let to: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let scores: Vec<f32> = rows.iter().map(|r| r.2).collect();
    sqlx::query(
        "INSERT INTO related (entry_id, related_id, score) \
         SELECT v.a, v.b, v.s FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::REAL[]) \
           AS v(a, b, s) \
         WHERE EXISTS (SELECT 1 FROM entries WHERE id = v.a) \
           AND EXISTS (SELECT 1 FROM entries WHERE id = v.b) \
         ON CONFLICT (entry_id, related_id) \
         DO UPDATE SET score = GREATEST(related.score, excluded.score)",
    )
    .bind(&from)
    .bind(&to)
    .bind(&scores)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[async_trait]
impl StoryStore for PgStore {
    async fn unclustered(
        &self,
        limit: u32,
        after: Option<(DateTime<Utc>, EntryId)>,
    ) -> Result<Vec<StoryDoc>> {
        let (after_published, after_id) = after_key(after);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{DOC} WHERE story_id IS NULL AND (published, id) > ($1, $2) \
             ORDER BY published, id LIMIT $3"
        )))
        .bind(after_published)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(doc).collect()
    }

    async fn count_unclustered(&self, limit: u32) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM entries WHERE story_id IS NULL LIMIT $1) AS p",
        )
        .bind(i64::from(limit))
        .fetch_one(&self.pool)
        .await?;
        Ok(n.max(0) as u64)
    }

    async fn window_docs(
        &self,
        since: DateTime<Utc>,
        after: Option<(DateTime<Utc>, EntryId)>,
        limit: u32,
    ) -> Result<Vec<StoryDoc>> {
        let (after_published, after_id) = after_key(after);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{DOC} WHERE story_id IS NOT NULL AND published >= $1 AND (published, id) > ($2, $3) ORDER BY published, id LIMIT $4"
        )))
        .bind(since.timestamp())
        .bind(after_published)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(doc).collect()
    }

    async fn window_start(&self, since: DateTime<Utc>, n: u32) -> Result<Option<DateTime<Utc>>> {
        let published: Option<i64> = sqlx::query_scalar(
            "SELECT published FROM entries WHERE story_id IS NOT NULL AND published >= $1 \
             ORDER BY published DESC, id DESC LIMIT 1 OFFSET $2",
        )
        .bind(since.timestamp())
        .bind(i64::from(n.max(1)) - 1)
        .fetch_optional(&self.pool)
        .await?;
        Ok(published.map(from_ts))
    }

    async fn save_story_writes(&self, writes: &StoryWrites) -> Result<()> {
        if writes.is_empty() {
            return Ok(());
        }
        let _changed = self.changes.bump_when_done();
        let assignments = assignment_rows(&writes.assignments);
        let (topics, tags) = tag_rows(&writes.tags);
        let related = related_rows(&writes.related);
        crate::retrying(|| async {
            let mut tx = self.pool.begin().await?;
            // Locks in the order every writer takes them: topics, then entries (in id order),
            // then the rows that hang on entries.
            create_topics(&mut tx, &topics).await?;
            assign(&mut tx, &assignments).await?;
            retract(&mut tx, &writes.retracted).await?;
            tag(&mut tx, &tags).await?;
            relate(&mut tx, &related).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    async fn related_stories(
        &self,
        entry: EntryId,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EntryCard>> {
        let rows = sqlx::query(AssertSqlSafe(hot::RELATED.as_str()))
            .bind(entry.0)
            .bind(since.timestamp())
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(card).collect()
    }

    async fn latest_stories(&self, page: Page) -> Result<(Vec<StoryCard>, bool)> {
        let rows = sqlx::query(AssertSqlSafe(hot::LATEST_STORIES.as_str()))
            .bind(i64::from(page.size) + 1)
            .bind(i64::from(page.number - 1) * i64::from(page.size))
            .fetch_all(&self.pool)
            .await?;
        let mut cards = rows.iter().map(story_card).collect::<Result<Vec<_>>>()?;
        let more = cards.len() > page.size as usize;
        cards.truncate(page.size as usize);
        Ok((cards, more))
    }

    async fn story(&self, id: StoryId, limit: u32) -> Result<Option<Story>> {
        let story_id = id;
        let id = id.0;
        let Some(row) = sqlx::query(hot::STORY)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let first_entry = EntryId(row.try_get("first_entry")?);
        let rows = sqlx::query(AssertSqlSafe(hot::STORY_ARTICLES.as_str()))
            .bind(id)
            .bind(i64::from(limit))
            .bind(first_entry.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(Some(Story {
            id: story_id,
            sources: row.try_get("sources")?,
            article_count: row.try_get("entries")?,
            first_published: from_ts(row.try_get("first_published")?),
            last_published: from_ts(row.try_get("last_published")?),
            first_entry,
            articles: crate::stories::oldest_first(rows.iter().map(card))?,
        }))
    }

    async fn story_of(&self, entry: EntryId, limit: u32) -> Result<Option<Story>> {
        let story: Option<Option<i64>> = sqlx::query_scalar(hot::STORY_OF)
            .bind(entry.0)
            .fetch_optional(&self.pool)
            .await?;
        match story.flatten() {
            Some(id) => Ok(self
                .story(StoryId(id), limit)
                .await?
                .filter(|s| s.article_count > 1)),
            None => Ok(None),
        }
    }

    async fn story_candidates(
        &self,
        since: DateTime<Utc>,
        since_day: i64,
        limit: u32,
    ) -> Result<Vec<(StoryCard, i64)>> {
        let rows = sqlx::query(AssertSqlSafe(hot::STORY_CANDIDATES.as_str()))
            .bind(since.timestamp())
            .bind(since_day)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    story_card(r)?,
                    r.try_get::<Option<i64>, _>("views")?.unwrap_or(0),
                ))
            })
            .collect()
    }
}
