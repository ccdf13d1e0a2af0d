//! [`StoryStore`] for SQLite.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryCard, EntryId, StoryId};
use sqlx::{AssertSqlSafe, Row};

use crate::rows::DOC;
use crate::sqlite::{COUNT_CHANGE, card_from_row as card, doc, from_ts, story_card};
use crate::stories::{
    Story, StoryAssignment, StoryCard, StoryDoc, StoryStore, StoryWrites, after_key,
    assignment_rows, related_rows, tag_rows,
};
use crate::{Page, Result, SqliteStore, built_query};

/// Rows per multi-row statement: three parameters each, far below SQLite's limit.
const CHUNK: usize = 300;

/// The story statements behind page renders (see `crate::sqlite::hot`).
pub(crate) mod hot {
    use std::sync::LazyLock;

    use crate::rows::{CARD_COLUMNS as CARD, STORY_CARDS};
    use crate::stories::RECENT_PER_TOPIC;

    type Sql = LazyLock<String>;

    // Candidates: the clusterer's similar articles (score in 0..1, ranked first), then articles
    // sharing topics (ranked by how many, among each topic's newest). Each story is represented
    // by its best candidate (SQLite takes the other columns from the row that has the MAX).
    pub(crate) static RELATED: Sql = LazyLock::new(|| {
        format!(
            "WITH cand AS ( \
               SELECT related_id AS id, 1000000.0 + score AS rank FROM related \
                WHERE entry_id = ?1 \
               UNION ALL \
               SELECT entry_id AS id, 1000000.0 + score AS rank FROM related \
                WHERE related_id = ?1 \
               UNION ALL \
               SELECT other.entry_id AS id, COUNT(*) AS rank FROM entry_topics mine \
                 JOIN entry_topics other ON other.rowid IN \
                   (SELECT o.rowid FROM entry_topics o WHERE o.topic_id = mine.topic_id \
                     AND o.published >= ?2 AND o.entry_id != mine.entry_id \
                    ORDER BY o.published DESC LIMIT {RECENT_PER_TOPIC}) \
                WHERE mine.entry_id = ?1 GROUP BY other.entry_id) \
             SELECT {CARD}, MAX(c.rank) AS best FROM cand c \
             JOIN entries e ON e.id = c.id JOIN sources s ON s.id = e.source_id \
             WHERE e.published >= ?2 AND e.duplicate_of IS NULL AND e.hidden_at IS NULL \
               AND COALESCE(e.story_id, -e.id) != \
                   (SELECT COALESCE(story_id, -id) FROM entries WHERE id = ?1) \
             GROUP BY COALESCE(e.story_id, -e.id) ORDER BY best DESC, e.published DESC LIMIT ?3"
        )
    });
    pub(crate) static LATEST_STORIES: Sql = LazyLock::new(|| {
        format!("{STORY_CARDS} ORDER BY st.last_published DESC, st.id DESC LIMIT ? OFFSET ?")
    });
    pub(crate) const STORY: &str = "SELECT * FROM stories WHERE id = ?";
    // A story's newest articles, and its first report wherever it falls.
    pub(crate) static STORY_ARTICLES: Sql = LazyLock::new(|| {
        format!(
            "SELECT * FROM (SELECT {CARD} FROM entries e JOIN sources s ON s.id = e.source_id \
               WHERE e.story_id = ?1 AND e.hidden_at IS NULL ORDER BY e.published DESC, e.id DESC LIMIT ?2) \
             UNION SELECT {CARD} FROM entries e JOIN sources s ON s.id = e.source_id \
               WHERE e.id = ?3 AND e.story_id = ?1 AND e.hidden_at IS NULL"
        )
    });
    pub(crate) const STORY_OF: &str = "SELECT story_id FROM entries WHERE id = ?";
    pub(crate) static STORY_CANDIDATES: Sql = LazyLock::new(|| {
        format!(
            "SELECT * FROM ({STORY_CARDS} WHERE st.last_published >= ?) c \
             LEFT JOIN (SELECT en.story_id AS sid, SUM(v.count) AS views FROM views v \
                        JOIN entries en ON en.id = v.entry_id WHERE v.day >= ? GROUP BY en.story_id) w \
             ON w.sid = c.story_id ORDER BY c.published DESC LIMIT ?"
        )
    });
}

/// Recomputes the given stories from their entries inside the caller's transaction (lead,
/// first report, counts, dates), dropping those left with no entry.
pub(crate) async fn refresh_stories(
    tx: &mut sqlx::SqliteConnection,
    stories: &[i64],
) -> Result<()> {
    for chunk in stories.chunks(CHUNK) {
        let ids = vec!["?"; chunk.len()].join(",");
        let mut q = built_query(format!(
            "DELETE FROM stories WHERE id IN ({ids}) \
             AND NOT EXISTS (SELECT 1 FROM entries WHERE story_id = stories.id AND hidden_at IS NULL)"
        ));
        for id in chunk {
            q = q.bind(id);
        }
        q.execute(&mut *tx).await?;
        let mut q = built_query(format!(
            "INSERT OR REPLACE INTO stories \
             (id, lead_entry, first_entry, entries, sources, first_published, last_published) \
             SELECT e.story_id, \
               COALESCE((SELECT id FROM entries l WHERE l.story_id = e.story_id \
                         AND l.duplicate_of IS NULL AND l.hidden_at IS NULL \
                         ORDER BY l.story_lead DESC, l.published DESC, l.id DESC LIMIT 1), MIN(e.id)), \
               (SELECT id FROM entries f WHERE f.story_id = e.story_id AND f.hidden_at IS NULL \
                ORDER BY f.published, f.id LIMIT 1), \
               COUNT(*), COUNT(DISTINCT e.source_id), MIN(e.published), MAX(e.published) \
             FROM entries e WHERE e.story_id IN ({ids}) AND e.hidden_at IS NULL \
             GROUP BY e.story_id"
        ));
        for id in chunk {
            q = q.bind(id);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Writes decisions (in entry order) and recomputes the stories they touch.
async fn assign(tx: &mut sqlx::SqliteConnection, rows: &[StoryAssignment]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut touched = BTreeSet::new();
    for chunk in rows.chunks(CHUNK) {
        let ids = vec!["?"; chunk.len()].join(",");
        let mut q = built_query(format!(
            "SELECT story_id FROM entries WHERE id IN ({ids}) AND story_id IS NOT NULL"
        ));
        for a in chunk {
            q = q.bind(a.entry.0);
        }
        for row in q.fetch_all(&mut *tx).await? {
            touched.insert(row.try_get::<i64, _>("story_id")?);
        }
        let values = vec!["(?, ?, ?)"; chunk.len()].join(", ");
        let mut q = built_query(format!(
            "UPDATE entries SET story_id = v.column2, duplicate_of = v.column3 \
             FROM (VALUES {values}) AS v WHERE entries.id = v.column1 \
             AND (entries.story_pinned = 0 OR entries.story_id IS NULL)"
        ));
        for a in chunk {
            q = q
                .bind(a.entry.0)
                .bind(a.story.0)
                .bind(a.duplicate_of.map(|d| d.0));
            touched.insert(a.story.0);
        }
        q.execute(&mut *tx).await?;
    }
    let touched: Vec<i64> = touched.into_iter().collect();
    refresh_stories(tx, &touched).await
}

/// Removes topics found in the text that turned out too common, with their tags.
async fn retract(tx: &mut sqlx::SqliteConnection, slugs: &[String]) -> Result<()> {
    for slug in slugs {
        sqlx::query(
            "DELETE FROM entry_topics WHERE topic_id IN \
             (SELECT id FROM topics WHERE slug = ? AND kind = 'entity' AND hidden_at IS NULL \
              AND merged_into IS NULL AND nav_position IS NULL)",
        )
        .bind(slug)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM topics WHERE slug = ? AND kind = 'entity' AND hidden_at IS NULL \
             AND merged_into IS NULL AND nav_position IS NULL",
        )
        .bind(slug)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Creates the topics (a name that is already a section stays one) and tags the entries.
async fn tag(
    tx: &mut sqlx::SqliteConnection,
    topics: &[&gazette_model::Topic],
    rows: &[(i64, &str)],
) -> Result<()> {
    for chunk in topics.chunks(CHUNK) {
        let values = vec!["(?, ?, 'entity')"; chunk.len()].join(", ");
        let mut q = built_query(format!(
            "INSERT INTO topics (slug, name, kind) VALUES {values} \
             ON CONFLICT (slug) DO NOTHING"
        ));
        for t in chunk {
            q = q.bind(&t.slug).bind(&t.name);
        }
        q.execute(&mut *tx).await?;
    }
    for chunk in rows.chunks(CHUNK) {
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let mut q = built_query(format!(
            "INSERT OR IGNORE INTO entry_topics (entry_id, topic_id, published) \
             SELECT e.id, COALESCE(t.merged_into, t.id), e.published FROM (VALUES {values}) AS v \
             JOIN entries e ON e.id = v.column1 JOIN topics t ON t.slug = v.column2"
        ));
        for (entry, slug) in chunk {
            q = q.bind(entry).bind(*slug);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Records similar articles (rows from `related_rows`), the best score winning.
async fn relate(tx: &mut sqlx::SqliteConnection, rows: &[(i64, i64, f32)]) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let values = vec!["(?, ?, ?)"; chunk.len()].join(", ");
        let mut q = built_query(format!(
            "INSERT INTO related (entry_id, related_id, score) \
             SELECT v.column1, v.column2, v.column3 FROM (VALUES {values}) AS v \
             WHERE EXISTS (SELECT 1 FROM entries WHERE id = v.column1) \
               AND EXISTS (SELECT 1 FROM entries WHERE id = v.column2) \
             ON CONFLICT (entry_id, related_id) DO UPDATE SET score = MAX(score, excluded.score)"
        ));
        for (a, b, score) in chunk {
            q = q.bind(a).bind(b).bind(f64::from(*score));
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

#[async_trait]
impl StoryStore for SqliteStore {
    async fn unclustered(
        &self,
        limit: u32,
        after: Option<(DateTime<Utc>, EntryId)>,
    ) -> Result<Vec<StoryDoc>> {
        let (after_published, after_id) = after_key(after);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{DOC} WHERE story_id IS NULL AND (published, id) > (?1, ?2) \
             ORDER BY published, id LIMIT ?3"
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
            "SELECT COUNT(*) FROM (SELECT 1 FROM entries WHERE story_id IS NULL LIMIT ?) AS p",
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
            "{DOC} WHERE story_id IS NOT NULL AND published >= ?1 AND (published, id) > (?2, ?3) ORDER BY published, id LIMIT ?4"
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
            "SELECT published FROM entries WHERE story_id IS NOT NULL AND published >= ?1 \
             ORDER BY published DESC, id DESC LIMIT 1 OFFSET ?2",
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
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            assign(&mut tx, &assignments).await?;
            retract(&mut tx, &writes.retracted).await?;
            tag(&mut tx, &topics, &tags).await?;
            relate(&mut tx, &related).await?;
            if !(writes.retracted.is_empty() && tags.is_empty() && related.is_empty()) {
                // Tags and related articles count as one change a transaction (0019).
                sqlx::query(COUNT_CHANGE).execute(&mut *tx).await?;
            }
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
