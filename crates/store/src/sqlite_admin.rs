//! [`AdminStore`] for SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryId, SourceId, StoryId};
use sqlx::{AssertSqlSafe, Row};

use crate::admin::{
    AdminEntry, AdminStore, AdminTopic, AuditEntry, EntryFilter, Role, SessionUser, Setting,
    StoryEdit, TopicChanges, User, like_pattern,
};
use crate::rows::{ADMIN_ENTRY_SELECT, USER_COLUMNS};
use crate::sqlite::{
    admin_entry_from_row, audit_from_row, from_ts, setting_from_row, ts, user_from_row,
};
use crate::sqlite_stories::refresh_stories;
use crate::{Page, Result, SqliteStore, StoreError};

#[async_trait]
impl AdminStore for SqliteStore {
    async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let row = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING \
             RETURNING id, name, role, created_at, password_changed_at",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(ts(now))
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => user_from_row(&row),
            None => Err(StoreError::DuplicateUser(name.to_string())),
        }
    }

    async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn user_credentials(&self, name: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.name = ?"
        )))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user_from_row(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    async fn remove_user(&self, name: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM users WHERE name = ?")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE name = ? \
             RETURNING id",
        )
        .bind(password_hash)
        .bind(ts(now))
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn create_session(
        &self,
        user: i64,
        token_hash: &str,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user)
        .bind(csrf)
        .bind(ts(now))
        .bind(ts(expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionUser>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, se.csrf, se.expires_at FROM sessions se \
             JOIN users u ON u.id = se.user_id WHERE se.token_hash = ? AND se.expires_at > ?"
        )))
        .bind(token_hash)
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionUser {
                user: user_from_row(&r)?,
                csrf: r.try_get("csrf")?,
                expires_at: from_ts(r.try_get("expires_at")?),
            })
        })
        .transpose()
    }

    async fn end_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn record_audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(ts(now))
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: u32, before: Option<i64>) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, target, detail FROM audit_log \
             WHERE id < ? ORDER BY id DESC LIMIT ?",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn admin_entries(
        &self,
        filter: &EntryFilter,
        page: Page,
    ) -> Result<(Vec<AdminEntry>, bool)> {
        let mut sql = ADMIN_ENTRY_SELECT.clone();
        sql.push_str(" WHERE 1 = 1");
        if filter
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
        {
            sql.push_str(
                " AND (e.title LIKE ? ESCAPE '\\' OR COALESCE(e.edited_title, '') LIKE ? ESCAPE '\\')",
            );
        }
        if filter.source.is_some() {
            sql.push_str(" AND e.source_id = ?");
        }
        if filter.since.is_some() {
            sql.push_str(" AND e.published >= ?");
        }
        if filter.until.is_some() {
            sql.push_str(" AND e.published < ?");
        }
        if filter.hidden_only {
            sql.push_str(" AND e.hidden_at IS NOT NULL");
        }
        sql.push_str(" ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        if let Some(t) = filter.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let p = like_pattern(t);
            q = q.bind(p.clone()).bind(p);
        }
        if let Some(SourceId(s)) = filter.source {
            q = q.bind(s);
        }
        if let Some(t) = filter.since {
            q = q.bind(ts(t));
        }
        if let Some(t) = filter.until {
            q = q.bind(ts(t));
        }
        let rows = q
            .bind(i64::from(page.size) + 1)
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > page.size as usize;
        let entries = rows
            .iter()
            .take(page.size as usize)
            .map(admin_entry_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok((entries, more))
    }

    async fn admin_entry(&self, id: EntryId) -> Result<Option<AdminEntry>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE e.id = ?",
            ADMIN_ENTRY_SELECT.as_str()
        )))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(admin_entry_from_row).transpose()
    }

    async fn set_entry_hidden(
        &self,
        id: EntryId,
        hidden: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let story: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE entries SET hidden_at = CASE WHEN ? THEN COALESCE(hidden_at, ?) END \
             WHERE id = ? RETURNING story_id",
        )
        .bind(hidden)
        .bind(ts(now))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(story) = story else {
            return Ok(false);
        };
        if let Some(story) = story {
            refresh_stories(&mut tx, &[story]).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn edit_entry(
        &self,
        id: EntryId,
        title: Option<&str>,
        summary: Option<&str>,
    ) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let done =
            sqlx::query("UPDATE entries SET edited_title = ?, edited_summary = ? WHERE id = ?")
                .bind(title)
                .bind(summary)
                .bind(id.0)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn move_to_story(
        &self,
        entry: EntryId,
        target: Option<StoryId>,
        now: DateTime<Utc>,
    ) -> Result<Option<StoryId>> {
        let target = target.map(|t| t.0);
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let Some(from): Option<Option<i64>> =
            sqlx::query_scalar("SELECT story_id FROM entries WHERE id = ?")
                .bind(entry.0)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(None);
        };
        let to = match target {
            Some(t) => {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM stories WHERE id = ?")
                    .bind(t)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Ok(None);
                }
                t
            }
            // A story of its own bears the entry's id, unless a story has that number
            // already (only the story it founded can, and its other articles move away below).
            None => entry.0,
        };
        if from == Some(to) && target.is_some() {
            tx.commit().await?;
            return Ok(Some(StoryId(to)));
        }
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM entries WHERE story_id = ? AND id != ? LIMIT 1")
                .bind(to)
                .bind(entry.0)
                .fetch_optional(&mut *tx)
                .await?;
        if target.is_none() && taken.is_some() && from != Some(to) {
            return Ok(None);
        }
        let touched = move_entry(&mut tx, entry.0, from, to, ts(now)).await?;
        refresh_stories(&mut tx, &touched).await?;
        tx.commit().await?;
        Ok(Some(StoryId(to)))
    }

    async fn merge_stories(
        &self,
        from: StoryId,
        into: StoryId,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let (from, into) = (from.0, into.0);
        if from == into {
            return Ok(false);
        }
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stories WHERE id IN (?, ?)")
            .bind(from)
            .bind(into)
            .fetch_one(&mut *tx)
            .await?;
        if found != 2 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO story_edits (entry_id, story_id, moved, at) \
             SELECT id, ?, 1, ? FROM entries WHERE story_id = ?",
        )
        .bind(into)
        .bind(ts(now))
        .bind(from)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE entries SET story_id = ?, story_pinned = 1, story_lead = 0 WHERE story_id = ?",
        )
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        refresh_stories(&mut tx, &[from, into]).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_story_lead(&self, story: StoryId, entry: EntryId) -> Result<bool> {
        let story = story.0;
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let member: Option<i64> =
            sqlx::query_scalar("SELECT id FROM entries WHERE id = ? AND story_id = ?")
                .bind(entry.0)
                .bind(story)
                .fetch_optional(&mut *tx)
                .await?;
        if member.is_none() {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE entries SET story_lead = CASE WHEN id = ? THEN 1 ELSE 0 END \
             WHERE story_id = ? AND (story_lead = 1 OR id = ?)",
        )
        .bind(entry.0)
        .bind(story)
        .bind(entry.0)
        .execute(&mut *tx)
        .await?;
        refresh_stories(&mut tx, &[story]).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn story_lead(&self, story: StoryId) -> Result<Option<EntryId>> {
        let story = story.0;
        let lead: Option<i64> = sqlx::query_scalar("SELECT lead_entry FROM stories WHERE id = ?")
            .bind(story)
            .fetch_optional(&self.pool)
            .await?;
        Ok(lead.map(EntryId))
    }

    async fn story_edits_after(&self, seq: i64, limit: u32) -> Result<Vec<StoryEdit>> {
        let rows = sqlx::query(
            "SELECT seq, entry_id, story_id, moved FROM story_edits WHERE seq > ? \
             ORDER BY seq LIMIT ?",
        )
        .bind(seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoryEdit {
                    seq: r.try_get("seq")?,
                    entry: EntryId(r.try_get("entry_id")?),
                    story: StoryId(r.try_get("story_id")?),
                    moved: r.try_get::<i64, _>("moved")? != 0,
                })
            })
            .collect()
    }

    async fn last_story_edit(&self) -> Result<i64> {
        let n: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM story_edits")
            .fetch_one(&self.pool)
            .await?;
        Ok(n.unwrap_or(0))
    }

    async fn feature_story(
        &self,
        story: StoryId,
        slot: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let story = story.0;
        let _changed = self.changes.bump_when_done();
        let done = sqlx::query(
            "INSERT INTO featured (story_id, slot, featured_at, featured_by) \
             SELECT id, ?, ?, ? FROM stories WHERE id = ? \
             ON CONFLICT (slot, story_id) DO UPDATE SET featured_at = excluded.featured_at, \
             featured_by = excluded.featured_by",
        )
        .bind(slot)
        .bind(ts(now))
        .bind(actor)
        .bind(story)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn unfeature_story(&self, story: StoryId, slot: &str) -> Result<bool> {
        let story = story.0;
        let _changed = self.changes.bump_when_done();
        let done = sqlx::query("DELETE FROM featured WHERE story_id = ? AND slot = ?")
            .bind(story)
            .bind(slot)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn featured(&self) -> Result<Vec<(String, crate::StoryCard)>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT f.slot, c.* FROM featured f JOIN ({}) c ON c.story_id = f.story_id \
             ORDER BY f.featured_at DESC LIMIT 100",
            crate::rows::STORY_CARDS
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("slot")?, crate::sqlite::story_card(r)?)))
            .collect()
    }

    async fn admin_topics(
        &self,
        name: Option<&str>,
        page: Page,
    ) -> Result<(Vec<AdminTopic>, bool)> {
        let pattern = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(like_pattern);
        let rows = sqlx::query(
            "SELECT t.slug, t.name, t.kind, t.hidden_at, m.slug AS merged_slug, t.nav_position, \
             (SELECT COUNT(*) FROM entry_topics et WHERE et.topic_id = t.id) AS articles \
             FROM topics t LEFT JOIN topics m ON m.id = t.merged_into \
             WHERE (?1 IS NULL OR t.name LIKE ?1 ESCAPE '\\' OR t.slug LIKE ?1 ESCAPE '\\') \
             ORDER BY (t.nav_position IS NULL), t.nav_position, (t.kind != 'section'), \
             (t.merged_into IS NOT NULL), t.name LIMIT ?2 OFFSET ?3",
        )
        .bind(pattern)
        .bind(i64::from(page.size) + 1)
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() > page.size as usize;
        let topics = rows
            .iter()
            .take(page.size as usize)
            .map(|r| {
                Ok(AdminTopic {
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    hidden: r.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
                    merged_into: r.try_get("merged_slug")?,
                    nav_position: r.try_get::<Option<i64>, _>("nav_position")?,
                    articles: r.try_get("articles")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((topics, more))
    }

    async fn update_topic(
        &self,
        slug: &str,
        changes: &TopicChanges,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let done = sqlx::query(
            "UPDATE topics SET name = COALESCE(?1, name), \
             hidden_at = CASE WHEN ?2 IS NULL THEN hidden_at WHEN ?2 THEN COALESCE(hidden_at, ?3) END, \
             nav_position = CASE WHEN ?4 THEN ?5 ELSE nav_position END WHERE slug = ?6",
        )
        .bind(changes.name.as_deref())
        .bind(changes.hidden)
        .bind(ts(now))
        .bind(changes.nav_position.is_some())
        .bind(changes.nav_position.flatten())
        .bind(slug)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn merge_topics(&self, from: &str, into: &str) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let from_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM topics WHERE slug = ? AND merged_into IS NULL")
                .bind(from)
                .fetch_optional(&mut *tx)
                .await?;
        let into_id: Option<i64> =
            sqlx::query_scalar("SELECT COALESCE(merged_into, id) FROM topics WHERE slug = ?")
                .bind(into)
                .fetch_optional(&mut *tx)
                .await?;
        let (Some(from_id), Some(into_id)) = (from_id, into_id) else {
            return Ok(false);
        };
        if from_id == into_id {
            return Ok(false);
        }
        sqlx::query(
            "INSERT OR IGNORE INTO entry_topics (entry_id, topic_id, published) \
             SELECT entry_id, ?, published FROM entry_topics WHERE topic_id = ?",
        )
        .bind(into_id)
        .bind(from_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM entry_topics WHERE topic_id = ?")
            .bind(from_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(crate::sqlite::COUNT_CHANGE)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE topics SET merged_into = ?1, nav_position = NULL \
             WHERE id = ?2 OR merged_into = ?2",
        )
        .bind(into_id)
        .bind(from_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn nav_topics(&self) -> Result<Vec<gazette_model::Topic>> {
        let rows = sqlx::query(
            "SELECT slug, name FROM topics WHERE nav_position IS NOT NULL AND hidden_at IS NULL \
             AND merged_into IS NULL ORDER BY nav_position, name LIMIT 50",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(gazette_model::Topic {
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    async fn settings(&self) -> Result<Vec<Setting>> {
        let rows =
            sqlx::query("SELECT key, value, updated_at, updated_by FROM settings ORDER BY key")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(setting_from_row).collect()
    }

    async fn save_settings(
        &self,
        values: &[(String, Option<String>)],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let _changed = self.changes.bump_when_done();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for (key, value) in values {
            match value {
                Some(value) => {
                    sqlx::query(
                        "INSERT INTO settings (key, value, updated_at, updated_by) \
                         VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET \
                         value = excluded.value, updated_at = excluded.updated_at, \
                         updated_by = excluded.updated_by WHERE settings.value != excluded.value",
                    )
                    .bind(key)
                    .bind(value)
                    .bind(ts(now))
                    .bind(actor)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM settings WHERE key = ?")
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn retire_source(&self, id: SourceId, retired: bool, now: DateTime<Utc>) -> Result<bool> {
        let _changed = self.changes.bump_when_done();
        let done = sqlx::query(
            "UPDATE sources SET retired_at = CASE WHEN ? THEN COALESCE(retired_at, ?) END, \
             next_poll = CASE WHEN ? THEN next_poll ELSE ? END WHERE id = ?",
        )
        .bind(retired)
        .bind(ts(now))
        .bind(retired)
        .bind(ts(now))
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

/// The story changes an editor's move makes, inside the caller's transaction: `entry` moves to
/// `to` (pinned, no longer a lead); when it was its story's first article (the story bears its
/// id), the articles it leaves behind take the smallest of their own ids. Returns the stories
/// to recompute.
async fn move_entry(
    tx: &mut sqlx::SqliteConnection,
    entry: i64,
    from: Option<i64>,
    to: i64,
    now: i64,
) -> Result<Vec<i64>> {
    let mut touched = vec![to];
    if let Some(from) = from {
        touched.push(from);
        if from == entry {
            let rest: Option<i64> =
                sqlx::query_scalar("SELECT MIN(id) FROM entries WHERE story_id = ? AND id != ?")
                    .bind(from)
                    .bind(entry)
                    .fetch_one(&mut *tx)
                    .await?;
            if let Some(rest) = rest {
                sqlx::query(
                    "INSERT INTO story_edits (entry_id, story_id, moved, at) \
                     SELECT id, ?, 0, ? FROM entries WHERE story_id = ? AND id != ?",
                )
                .bind(rest)
                .bind(now)
                .bind(from)
                .bind(entry)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE entries SET story_id = ? WHERE story_id = ? AND id != ?")
                    .bind(rest)
                    .bind(from)
                    .bind(entry)
                    .execute(&mut *tx)
                    .await?;
                touched.push(rest);
            }
        }
    }
    sqlx::query("UPDATE entries SET story_id = ?, story_pinned = 1, story_lead = 0 WHERE id = ?")
        .bind(to)
        .bind(entry)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO story_edits (entry_id, story_id, moved, at) VALUES (?, ?, 1, ?)")
        .bind(entry)
        .bind(to)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    touched.sort_unstable();
    touched.dedup();
    Ok(touched)
}
