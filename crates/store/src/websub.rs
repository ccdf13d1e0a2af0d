//! WebSub subscriptions, the subscriber's side: one per source whose feed names a hub. Part of
//! [`crate::Store`].
//!
//! A subscription is keyed by its source; `token` is the secret last segment of the callback
//! URL the hub calls (`/websub/{token}`), `secret` the key the hub signs pushed content with.
//! Both stay the same across renewals and change when the hub or the topic does.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::SourceId;

use crate::Result;

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionState {
    /// Asked for; the hub has not verified it yet.
    Requested,
    /// Verified by the hub: pushes are taken until `lease_until`, and renewed before.
    Active,
    /// The hub refused it (`hub.mode=denied`); asked again after a while.
    Denied,
    /// Its source is retired: an unsubscription was asked for.
    Unsubscribing,
}

impl SubscriptionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Requested => "requested",
            SubscriptionState::Active => "active",
            SubscriptionState::Denied => "denied",
            SubscriptionState::Unsubscribing => "unsubscribing",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "requested" => SubscriptionState::Requested,
            "active" => SubscriptionState::Active,
            "denied" => SubscriptionState::Denied,
            "unsubscribing" => SubscriptionState::Unsubscribing,
            _ => return None,
        })
    }
}

/// One source's subscription at its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub source: SourceId,
    pub hub: String,
    /// The feed URL the hub knows the feed by (its `rel="self"`).
    pub topic: String,
    pub token: String,
    pub secret: String,
    pub state: SubscriptionState,
    /// The last request sent to the hub.
    pub requested_at: DateTime<Utc>,
    /// The end of the lease the hub granted.
    pub lease_until: Option<DateTime<Utc>>,
    /// When the subscription is next looked at: renewed, asked again, or given up.
    pub renew_at: DateTime<Utc>,
    /// Requests in a row that the hub refused or did not verify.
    pub failures: i64,
    pub last_push_at: Option<DateTime<Utc>>,
    /// Pushes taken (signed rightly) since the subscription began.
    pub pushes: i64,
    /// The last thing that went wrong: a refused request, a denial, a wrongly signed push.
    pub error: Option<String>,
}

impl Subscription {
    /// One line for people (the admin, `gazette source list`), times written by `time`.
    pub fn describe(&self, time: impl Fn(DateTime<Utc>) -> String) -> String {
        let mut line = match self.state {
            SubscriptionState::Active => format!(
                "pushed by {} until {}; {} pushes{}",
                self.hub,
                self.lease_until.map_or_else(|| "?".into(), &time),
                self.pushes,
                self.last_push_at
                    .map(|t| format!(", the last {}", time(t)))
                    .unwrap_or_default()
            ),
            SubscriptionState::Requested => format!(
                "asked {} on {}; not verified yet (asked again {})",
                self.hub,
                time(self.requested_at),
                time(self.renew_at)
            ),
            SubscriptionState::Denied => format!(
                "refused by {} (asked again {})",
                self.hub,
                time(self.renew_at)
            ),
            SubscriptionState::Unsubscribing => format!("being unsubscribed at {}", self.hub),
        };
        if let Some(e) = &self.error {
            line.push_str("; last problem: ");
            line.push_str(e);
        }
        line
    }
}

/// The subscriptions' storage.
#[async_trait]
pub trait SubscriptionStore: Send + Sync {
    async fn subscription(&self, source: SourceId) -> Result<Option<Subscription>>;
    async fn subscription_by_token(&self, token: &str) -> Result<Option<Subscription>>;
    /// Stores the subscription whole, replacing its source's.
    async fn save_subscription(&self, s: &Subscription) -> Result<()>;
    /// Forgets the subscription with this token; whether there was one.
    async fn remove_subscription(&self, token: &str) -> Result<bool>;
    /// Up to `limit` subscriptions whose `renew_at` has come, or whose source was retired
    /// and that are not being unsubscribed yet, earliest first, each with whether its source
    /// is retired.
    async fn subscriptions_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<(Subscription, bool)>>;
    /// Counts a push taken on the subscription with this token.
    async fn record_push(&self, token: &str, now: DateTime<Utc>) -> Result<()>;
    /// Every subscription, by source (for the admin and `gazette source list`).
    async fn subscriptions(&self) -> Result<Vec<Subscription>>;
}
