//! [`SubscriptionStore`] for PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gazette_model::SourceId;
use sqlx::AssertSqlSafe;

use crate::postgres::subscription_from_row;
use crate::rows::SUBSCRIPTION_COLUMNS;
use crate::sqlite::ts;
use crate::websub::{Subscription, SubscriptionStore};
use crate::{PgStore, Result};

#[async_trait]
impl SubscriptionStore for PgStore {
    async fn subscription(&self, source: SourceId) -> Result<Option<Subscription>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM websub_subscriptions w WHERE w.source_id = $1"
        )))
        .bind(source.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(subscription_from_row).transpose()
    }

    async fn subscription_by_token(&self, token: &str) -> Result<Option<Subscription>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM websub_subscriptions w WHERE w.token = $1"
        )))
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(subscription_from_row).transpose()
    }

    async fn save_subscription(&self, s: &Subscription) -> Result<()> {
        sqlx::query(
            "INSERT INTO websub_subscriptions (source_id, hub, topic, token, secret, state, \
             requested_at, lease_until, renew_at, failures, last_push_at, pushes, error) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (source_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, \
             token = excluded.token, secret = excluded.secret, state = excluded.state, \
             requested_at = excluded.requested_at, lease_until = excluded.lease_until, \
             renew_at = excluded.renew_at, failures = excluded.failures, \
             last_push_at = excluded.last_push_at, pushes = excluded.pushes, error = excluded.error",
        )
        .bind(s.source.0)
        .bind(&s.hub)
        .bind(&s.topic)
        .bind(&s.token)
        .bind(&s.secret)
        .bind(s.state.as_str())
        .bind(ts(s.requested_at))
        .bind(s.lease_until.map(ts))
        .bind(ts(s.renew_at))
        .bind(s.failures)
        .bind(s.last_push_at.map(ts))
        .bind(s.pushes)
        .bind(&s.error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn remove_subscription(&self, token: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM websub_subscriptions WHERE token = $1")
            .bind(token)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn subscriptions_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<(Subscription, bool)>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS}, s.retired_at IS NOT NULL AS retired \
             FROM websub_subscriptions w JOIN sources s ON s.id = w.source_id \
             WHERE w.renew_at <= $1 OR (s.retired_at IS NOT NULL AND w.state <> 'unsubscribing') \
             ORDER BY w.renew_at, w.source_id LIMIT $2"
        )))
        .bind(ts(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                use sqlx::Row;
                Ok((subscription_from_row(row)?, row.try_get("retired")?))
            })
            .collect()
    }

    async fn record_push(&self, token: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE websub_subscriptions SET pushes = pushes + 1, last_push_at = $1 \
             WHERE token = $2",
        )
        .bind(ts(now))
        .bind(token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn subscriptions(&self) -> Result<Vec<Subscription>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM websub_subscriptions w ORDER BY w.source_id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(subscription_from_row).collect()
    }
}
