//! What both stores share: the column lists of their queries and the reading of rows into the
//! model. The two schemas have the same column names and types; only the row type differs, so
//! the readers are written once, in a macro that each store expands for its own row type.

/// A source with its number of entries.
pub(crate) const SOURCE_COLUMNS: &str = "s.id, s.url, s.name, s.site_url, s.topic, \
     s.extract_mode, s.etag, s.last_modified, s.last_success, s.last_error, \
     s.consecutive_failures, s.next_poll, s.created_at, s.retired_at, \
     (SELECT COUNT(*) FROM entries e WHERE e.source_id = s.id) AS entry_count, \
     (SELECT w.lease_until FROM websub_subscriptions w WHERE w.source_id = s.id \
      AND w.state = 'active') AS pushed_until";

/// An entry card (`entries e` joined with `sources s`).
/// An editor's headline and dek replace the feed's (`edited_title`, `edited_summary`).
pub(crate) const CARD_COLUMNS: &str = "e.id, e.source_id, s.name AS source_name, e.url, \
     COALESCE(e.edited_title, e.title) AS title, COALESCE(e.edited_summary, e.summary) AS summary, \
     e.author, e.published, e.image_url";

/// What the story desk reads of an entry: the page's own address before the feed's link.
pub(crate) const DOC: &str = "SELECT id, source_id, title, COALESCE(content_text, summary) AS \
     text, COALESCE(canonical_url, url) AS url, published, story_id, story_pinned FROM entries";

/// Story cards: stories joined with their lead entry.
pub(crate) const STORY_CARDS: &str = "SELECT e.id, e.source_id, s.name AS source_name, e.url, \
     COALESCE(e.edited_title, e.title) AS title, COALESCE(e.edited_summary, e.summary) AS summary, \
     e.author, e.published, e.image_url, st.id AS story_id, \
     st.sources AS story_sources, st.entries AS story_entries FROM stories st \
     JOIN entries e ON e.id = st.lead_entry JOIN sources s ON s.id = e.source_id";

/// A WebSub subscription (`websub_subscriptions w`).
pub(crate) const SUBSCRIPTION_COLUMNS: &str = "w.source_id, w.hub, w.topic, w.token, w.secret, \
     w.state, w.requested_at, w.lease_until, w.renew_at, w.failures, w.last_push_at, w.pushes, \
     w.error";

/// An admin account (`users u`).
pub(crate) const USER_COLUMNS: &str = "u.id, u.name, u.role, u.created_at, u.password_changed_at";

/// The admin's entry rows: the card as shown, plus the feed's own words and the decisions.
pub(crate) static ADMIN_ENTRY_SELECT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| {
        format!(
            "SELECT {CARD_COLUMNS}, e.title AS feed_title, e.summary AS feed_summary, \
         e.edited_title, e.edited_summary, e.hidden_at, e.story_id \
         FROM entries e JOIN sources s ON s.id = e.source_id"
        )
    });

/// Defines `source_from_row`, `card_from_row`, `listing`, `story_card` and `doc` for one
/// database's row type.
macro_rules! row_readers {
    ($row:ty) => {
        pub(crate) fn source_from_row(row: &$row) -> $crate::Result<gazette_model::Source> {
            use sqlx::Row;
            let mode: String = row.try_get("extract_mode")?;
            Ok(gazette_model::Source {
                id: gazette_model::SourceId(row.try_get("id")?),
                url: row.try_get("url")?,
                name: row.try_get("name")?,
                site_url: row.try_get("site_url")?,
                topic: row.try_get("topic")?,
                extract_mode: gazette_model::ExtractMode::parse(&mode).unwrap_or_default(),
                etag: row.try_get("etag")?,
                last_modified: row.try_get("last_modified")?,
                last_success: $crate::sqlite::opt_ts(row.try_get("last_success")?),
                last_error: row.try_get("last_error")?,
                consecutive_failures: row.try_get("consecutive_failures")?,
                next_poll: $crate::sqlite::from_ts(row.try_get("next_poll")?),
                created_at: $crate::sqlite::from_ts(row.try_get("created_at")?),
                entries: row.try_get("entry_count")?,
                retired_at: $crate::sqlite::opt_ts(row.try_get("retired_at")?),
                pushed_until: $crate::sqlite::opt_ts(row.try_get("pushed_until")?),
            })
        }

        pub(crate) fn subscription_from_row(
            row: &$row,
        ) -> $crate::Result<$crate::websub::Subscription> {
            use sqlx::Row;
            let state: String = row.try_get("state")?;
            Ok($crate::websub::Subscription {
                source: gazette_model::SourceId(row.try_get("source_id")?),
                hub: row.try_get("hub")?,
                topic: row.try_get("topic")?,
                token: row.try_get("token")?,
                secret: row.try_get("secret")?,
                state: $crate::websub::SubscriptionState::parse(&state)
                    .unwrap_or($crate::websub::SubscriptionState::Requested),
                requested_at: $crate::sqlite::from_ts(row.try_get("requested_at")?),
                lease_until: $crate::sqlite::opt_ts(row.try_get("lease_until")?),
                renew_at: $crate::sqlite::from_ts(row.try_get("renew_at")?),
                failures: row.try_get("failures")?,
                last_push_at: $crate::sqlite::opt_ts(row.try_get("last_push_at")?),
                pushes: row.try_get("pushes")?,
                error: row.try_get("error")?,
            })
        }

        pub(crate) fn card_from_row(row: &$row) -> $crate::Result<gazette_model::EntryCard> {
            use sqlx::Row;
            Ok(gazette_model::EntryCard {
                id: gazette_model::EntryId(row.try_get("id")?),
                source_id: gazette_model::SourceId(row.try_get("source_id")?),
                source_name: row.try_get("source_name")?,
                url: row.try_get("url")?,
                title: row.try_get("title")?,
                summary: row.try_get("summary")?,
                author: row.try_get("author")?,
                published: $crate::sqlite::from_ts(row.try_get("published")?),
                image_url: row.try_get("image_url")?,
            })
        }

        /// Turns `size + 1` fetched rows into a page of `size` cards and a "has more" flag.
        pub(crate) fn listing(
            rows: &[$row],
            page: $crate::Page,
        ) -> $crate::Result<$crate::Listing> {
            let mut cards = rows
                .iter()
                .map(card_from_row)
                .collect::<$crate::Result<Vec<_>>>()?;
            let has_more = cards.len() > page.size as usize;
            cards.truncate(page.size as usize);
            Ok($crate::Listing { cards, has_more })
        }

        pub(crate) fn story_card(row: &$row) -> $crate::Result<$crate::StoryCard> {
            use sqlx::Row;
            Ok($crate::StoryCard {
                card: card_from_row(row)?,
                story_id: gazette_model::StoryId(row.try_get("story_id")?),
                sources: row.try_get("story_sources")?,
                articles: row.try_get("story_entries")?,
            })
        }

        pub(crate) fn user_from_row(row: &$row) -> $crate::Result<$crate::User> {
            use sqlx::Row;
            Ok($crate::User {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                role: $crate::admin::role_of(&row.try_get::<String, _>("role")?),
                created_at: $crate::sqlite::from_ts(row.try_get("created_at")?),
                password_changed_at: $crate::sqlite::from_ts(row.try_get("password_changed_at")?),
            })
        }

        pub(crate) fn admin_entry_from_row(row: &$row) -> $crate::Result<$crate::AdminEntry> {
            use sqlx::Row;
            Ok($crate::AdminEntry {
                card: card_from_row(row)?,
                feed_title: row.try_get("feed_title")?,
                feed_summary: row.try_get("feed_summary")?,
                edited_title: row.try_get("edited_title")?,
                edited_summary: row.try_get("edited_summary")?,
                hidden_at: $crate::sqlite::opt_ts(row.try_get("hidden_at")?),
                story_id: row
                    .try_get::<Option<i64>, _>("story_id")?
                    .map(gazette_model::StoryId),
            })
        }

        pub(crate) fn audit_from_row(row: &$row) -> $crate::Result<$crate::AuditEntry> {
            use sqlx::Row;
            Ok($crate::AuditEntry {
                id: row.try_get("id")?,
                at: $crate::sqlite::from_ts(row.try_get("at")?),
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                target: row.try_get("target")?,
                detail: row.try_get("detail")?,
            })
        }

        pub(crate) fn setting_from_row(row: &$row) -> $crate::Result<$crate::Setting> {
            use sqlx::Row;
            Ok($crate::Setting {
                key: row.try_get("key")?,
                value: row.try_get("value")?,
                updated_at: $crate::sqlite::from_ts(row.try_get("updated_at")?),
                updated_by: row.try_get("updated_by")?,
            })
        }

        pub(crate) fn doc(row: &$row) -> $crate::Result<$crate::StoryDoc> {
            use sqlx::Row;
            Ok($crate::StoryDoc {
                id: gazette_model::EntryId(row.try_get("id")?),
                source_id: gazette_model::SourceId(row.try_get("source_id")?),
                title: row.try_get("title")?,
                text: row
                    .try_get::<Option<String>, _>("text")?
                    .unwrap_or_default(),
                url: row.try_get("url")?,
                published: $crate::sqlite::from_ts(row.try_get("published")?),
                story_id: row
                    .try_get::<Option<i64>, _>("story_id")?
                    .map(gazette_model::StoryId),
                pinned: row.try_get::<i32, _>("story_pinned")? != 0,
            })
        }
    };
}
pub(crate) use row_readers;
