//! Retention: entries older than the site keeps are purged in the background.
//!
//! A site that follows a 2,000-outlet wire stores a hundred thousand articles a week; with
//! `retention_days` set, [`Retention::spawn`] purges those published earlier than that, a
//! batch per transaction (the store keeps stories, topics and search consistent and leaves a
//! tombstone per entry, so a feed still listing one does not bring it back). Batches are
//! small and spaced so that the pollers' and the desk's writes go on between them.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use gazette_store::{Store, StoreError};

/// Entries purged per transaction.
pub const PURGE_BATCH: u32 = 500;
/// Pause between two batches, for the other writers.
const BETWEEN_BATCHES: Duration = Duration::from_millis(50);
/// How often the background task looks for entries to purge.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// How long entries are kept.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub days: u32,
}

impl Retention {
    /// Purges every entry published more than `days` ago, batch by batch; returns how many.
    pub async fn purge(&self, store: &dyn Store) -> Result<u64, StoreError> {
        let before = Utc::now() - chrono::Duration::days(i64::from(self.days));
        let mut total = 0;
        loop {
            let n = store.purge_entries(before, PURGE_BATCH).await?;
            total += n;
            if n < u64::from(PURGE_BATCH) {
                return Ok(total);
            }
            tokio::time::sleep(BETWEEN_BATCHES).await;
        }
    }

    /// The background task of a site keeping `days` days ([`Retention::spawn`] every
    /// [`PURGE_EVERY`]), or none when it keeps everything (`days` 0).
    pub fn spawn_if_set(days: u32, store: Arc<dyn Store>) -> Option<tokio::task::JoinHandle<()>> {
        (days > 0).then(|| Retention { days }.spawn(store, PURGE_EVERY))
    }

    /// Purges now and then every `every`, until the task is dropped. Errors are logged and
    /// retried at the next turn.
    pub fn spawn(self, store: Arc<dyn Store>, every: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match self.purge(store.as_ref()).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(entries = n, days = self.days, "old entries purged");
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot purge old entries; retrying later")
                    }
                }
            }
        })
    }
}
