//! The newsroom admin's storage: accounts and their sessions, the audit log, site settings
//! edited in the browser, and editors' decisions on entries (hidden, headline and dek
//! rewritten). Part of [`crate::Store`].
//!
//! Passwords arrive here already hashed and session tokens as their SHA-256: this crate never
//! sees a secret a reader of the database could use.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::{EntryCard, EntryId, SourceId, StoryId};

use crate::{Page, Result};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything: sources, settings, accounts, and what editors do.
    Admin,
    /// Articles, stories and topics only.
    Editor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            _ => None,
        }
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
}

/// A live session: its account and the token its forms must carry.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// One line of the audit log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The account's name (kept as written: the line stays when the account goes).
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// Which entries the admin's list shows.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Words of the headline (the feed's or the editor's), case-insensitive.
    pub title: Option<String>,
    pub source: Option<SourceId>,
    /// Published at or after.
    pub since: Option<DateTime<Utc>>,
    /// Published before.
    pub until: Option<DateTime<Utc>>,
    pub hidden_only: bool,
}

/// An entry as editors see it: what the site shows and what the feed said.
#[derive(Debug, Clone)]
pub struct AdminEntry {
    /// The card as the site shows it (the editor's headline and dek when set).
    pub card: EntryCard,
    pub feed_title: String,
    pub feed_summary: Option<String>,
    pub edited_title: Option<String>,
    pub edited_summary: Option<String>,
    pub hidden_at: Option<DateTime<Utc>>,
    pub story_id: Option<StoryId>,
}

/// An editor's change to a story, for the story desk to apply to its clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryEdit {
    pub seq: i64,
    pub entry: EntryId,
    pub story: StoryId,
    /// The editor moved the entry (the desk moves it and keeps its story apart); else the
    /// entry only took a new story number (its story's first article was moved out).
    pub moved: bool,
}

/// A topic as editors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTopic {
    pub slug: String,
    pub name: String,
    /// `section` (publishers' categories, source topics) or `entity` (found in the text).
    pub kind: String,
    pub hidden: bool,
    /// The slug of the topic it was merged into.
    pub merged_into: Option<String>,
    pub nav_position: Option<i64>,
    /// Articles tagged with it.
    pub articles: i64,
}

/// What an editor changes of a topic; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TopicChanges {
    pub name: Option<String>,
    pub hidden: Option<bool>,
    /// `Some(None)` takes it out of the chosen navigation.
    pub nav_position: Option<Option<i64>>,
}

/// A site setting stored in the database (it wins over the file and the environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// Storage for the admin. Part of [`crate::Store`].
#[async_trait]
pub trait AdminStore {
    /// Creates an account; [`crate::StoreError::DuplicateUser`] when the name is taken.
    async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User>;
    /// Every account, by name.
    async fn users(&self) -> Result<Vec<User>>;
    /// An account and its password hash, for logging in.
    async fn user_credentials(&self, name: &str) -> Result<Option<(User, String)>>;
    /// Deletes an account and its sessions. Returns false when there was none.
    async fn remove_user(&self, name: &str) -> Result<bool>;
    /// Replaces an account's password hash and ends all its sessions. Returns false when there
    /// is no such account.
    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool>;

    /// Starts a session (found later by the SHA-256 of its cookie); expired sessions are
    /// deleted on the way.
    async fn create_session(
        &self,
        user: i64,
        token_hash: &str,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()>;
    /// The live session with this token hash, if it has not expired.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionUser>>;
    /// Ends a session (logout).
    async fn end_session(&self, token_hash: &str) -> Result<()>;

    /// Adds a line to the audit log.
    async fn record_audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The newest lines of the audit log, before line `before` when given.
    async fn audit_log(&self, limit: u32, before: Option<i64>) -> Result<Vec<AuditEntry>>;

    /// Entries for editors, newest first, hidden ones included.
    async fn admin_entries(
        &self,
        filter: &EntryFilter,
        page: Page,
    ) -> Result<(Vec<AdminEntry>, bool)>;
    async fn admin_entry(&self, id: EntryId) -> Result<Option<AdminEntry>>;
    /// Hides an entry from every public page, feed and API answer, or shows it again; its
    /// story is recomputed without it (a story left with no visible article disappears).
    /// Returns false when there is no such entry.
    async fn set_entry_hidden(&self, id: EntryId, hidden: bool, now: DateTime<Utc>)
    -> Result<bool>;
    /// Sets the headline and dek the site shows instead of the feed's; `None` goes back to the
    /// feed's. Returns false when there is no such entry.
    async fn edit_entry(
        &self,
        id: EntryId,
        title: Option<&str>,
        summary: Option<&str>,
    ) -> Result<bool>;

    /// Stops following a source while keeping its articles (it is never polled again), or
    /// follows it again (due at once). Returns false when there is no such source.
    async fn retire_source(&self, id: SourceId, retired: bool, now: DateTime<Utc>) -> Result<bool>;

    /// Moves an entry into story `target`, or into a story of its own (`None`), as an editor
    /// decides: the entry is pinned there (the clusterer keeps its story apart), the stories
    /// it left and joined are recomputed, and the desk is told ([`StoryEdit`]). Returns the
    /// story it is now in; `None` when there is no such entry or target story.
    async fn move_to_story(
        &self,
        entry: EntryId,
        target: Option<StoryId>,
        now: DateTime<Utc>,
    ) -> Result<Option<StoryId>>;
    /// Moves every entry of story `from` into story `into` (pinned there). Returns false when
    /// either story does not exist or they are the same.
    async fn merge_stories(&self, from: StoryId, into: StoryId, now: DateTime<Utc>)
    -> Result<bool>;
    /// Makes an entry its story's lead (shown on the story's card) until another is chosen
    /// or it leaves the story. Returns false when the entry is not in that story.
    async fn set_story_lead(&self, story: StoryId, entry: EntryId) -> Result<bool>;
    /// The article leading a story (its card on the front page).
    async fn story_lead(&self, story: StoryId) -> Result<Option<EntryId>>;
    /// Editors' story changes after `seq`, oldest first, at most `limit`.
    async fn story_edits_after(&self, seq: i64, limit: u32) -> Result<Vec<StoryEdit>>;
    /// The last story change's number (0 when none).
    async fn last_story_edit(&self) -> Result<i64>;

    /// Features a story in a slot (`lead`: the front page's lead; else a topic's slug: first
    /// in that section). Returns false when there is no such story.
    async fn feature_story(
        &self,
        story: StoryId,
        slot: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Stops featuring a story in a slot. Returns false when it was not featured there.
    async fn unfeature_story(&self, story: StoryId, slot: &str) -> Result<bool>;
    /// The featured stories that still exist, with their slots, most recently featured first.
    async fn featured(&self) -> Result<Vec<(String, crate::StoryCard)>>;

    /// Topics for editors: those in the chosen navigation first (in its order), then
    /// sections, then the rest, by name; `name` filters by words of the name or slug.
    async fn admin_topics(&self, name: Option<&str>, page: Page)
    -> Result<(Vec<AdminTopic>, bool)>;
    /// Renames, hides or shows a topic, or places it in the navigation. Returns false when
    /// there is no such topic.
    async fn update_topic(
        &self,
        slug: &str,
        changes: &TopicChanges,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Merges topic `from` into `into`: its articles are tagged `into` instead, its address
    /// and later tags of its slug go to `into`. Returns false when either is missing, or they
    /// are the same topic.
    async fn merge_topics(&self, from: &str, into: &str) -> Result<bool>;
    /// The navigation editors chose (topics with a position, not hidden, in order); empty
    /// when they chose none (the busiest sections are shown then).
    async fn nav_topics(&self) -> Result<Vec<gazette_model::Topic>>;

    /// Every setting stored in the database.
    async fn settings(&self) -> Result<Vec<Setting>>;
    /// Stores settings (`None` deletes one, so that the file or environment applies again),
    /// in one transaction.
    async fn save_settings(
        &self,
        values: &[(String, Option<String>)],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()>;
}

/// The `LIKE` pattern for words of a headline: `%` and `_` typed by the user match themselves.
pub(crate) fn like_pattern(words: &str) -> String {
    let mut p = String::from("%");
    for c in words.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// What a stored account role reads as (an unknown one gets the smaller rights).
pub(crate) fn role_of(s: &str) -> Role {
    Role::parse(s).unwrap_or(Role::Editor)
}
