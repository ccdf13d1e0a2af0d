//! The pipeline: the only place that sequences fetch → parse → extract → enrich → store.
//!
//! [`Pipeline::poll_due`] polls every due source (a bounded number at a time), and
//! [`Pipeline::spawn_scheduler`] does so on a schedule while the server runs. One poll of one
//! source is a pure function of what the network returns plus one storage transaction at the
//! end, so a crash at any moment loses nothing that was stored and duplicates nothing.
//!
//! Errors of one source never stop another: they are recorded on the source (shown by
//! `gazette source list`) and the source is retried with exponential back-off.

mod ingest;
mod metrics;
mod schedule;
mod sitemap;
mod stories;
mod subscribe;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use gazette_fetch::Fetcher;
use gazette_model::Source;
use gazette_store::Store;

pub use ingest::{PollReport, is_partial};
pub use metrics::{PollMetrics, PollMetricsSnapshot};
pub use schedule::{Schedule, next_poll_after_failure, next_poll_after_success};
pub use stories::StoryDesk;
pub use subscribe::{FoundFeed, SubscribeError, find_feed};

/// How the pipeline polls and ingests.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// Sources polled at the same time.
    pub concurrent_sources: usize,
    /// Article pages fetched at the same time for one source (the fetcher's per-host limits
    /// still apply).
    pub concurrent_pages: usize,
    /// Bounds of the adaptive polling interval.
    pub schedule: Schedule,
    /// Extracted text below this quality is not used; the feed's own content is shown instead.
    pub min_extract_quality: f32,
    /// The longest one source's poll may take, pages included.
    pub poll_timeout: Duration,
    /// The most entries taken from one feed document (newest first as the feed orders them).
    pub max_entries_per_poll: usize,
    /// Consecutive successful polls that must see the same permanent redirect before the
    /// source's stored URL follows it.
    pub redirect_confirmations: u32,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            concurrent_sources: 8,
            concurrent_pages: 4,
            schedule: Schedule::default(),
            min_extract_quality: 0.3,
            poll_timeout: Duration::from_secs(600),
            max_entries_per_poll: 200,
            redirect_confirmations: 3,
        }
    }
}

/// The ingesting half of Gazette. Cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    store: Arc<dyn Store>,
    fetcher: Fetcher,
    cfg: Arc<PipelineConfig>,
    metrics: Arc<PollMetrics>,
}

/// Totals of one round of polling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sources: usize,
    pub failed: usize,
    pub not_modified: usize,
    pub inserted: usize,
    pub updated: usize,
}

impl Pipeline {
    pub fn new(store: Arc<dyn Store>, fetcher: Fetcher, cfg: PipelineConfig) -> Self {
        Pipeline {
            store,
            fetcher,
            cfg: Arc::new(cfg),
            metrics: Arc::default(),
        }
    }

    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// Counters of the polls made by this pipeline and its clones; the fetches themselves
    /// are counted by [`Fetcher::metrics`].
    pub fn metrics(&self) -> &PollMetrics {
        &self.metrics
    }

    /// Polls every due source once (every source when `force`), `concurrent_sources` at a
    /// time, and returns the totals. Failures are recorded on their sources, not returned.
    pub async fn poll_due(&self, force: bool) -> Result<RoundReport, gazette_store::StoreError> {
        let sources = if force {
            self.store.list_sources().await?
        } else {
            self.store.due_sources(Utc::now()).await?
        };
        let mut round = RoundReport {
            sources: sources.len(),
            ..RoundReport::default()
        };
        let mut reports = futures_util::stream::iter(sources)
            .map(|s| {
                let this = self.clone();
                async move { this.poll_source(&s).await }
            })
            .buffer_unordered(self.cfg.concurrent_sources.max(1));
        while let Some(report) = reports.next().await {
            match report {
                Ok(r) => {
                    round.failed += usize::from(r.error.is_some());
                    round.not_modified += usize::from(r.not_modified);
                    round.inserted += r.inserted;
                    round.updated += r.updated;
                }
                Err(e) => {
                    round.failed += 1;
                    tracing::error!(error = %e, "could not store a poll");
                }
            }
        }
        Ok(round)
    }

    /// Polls one source and stores the outcome (entries or error) in one transaction.
    pub async fn poll_source(
        &self,
        source: &Source,
    ) -> Result<PollReport, gazette_store::StoreError> {
        ingest::poll_source(self, source).await
    }

    /// Polls due sources every `tick` until the returned task is aborted.
    pub fn spawn_scheduler(&self, tick: Duration) -> tokio::task::JoinHandle<()> {
        let pipeline = self.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                match pipeline.poll_due(false).await {
                    Ok(r) if r.sources > 0 => tracing::info!(
                        sources = r.sources,
                        failed = r.failed,
                        not_modified = r.not_modified,
                        inserted = r.inserted,
                        updated = r.updated,
                        "poll round done"
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "poll round could not read sources"),
                }
            }
        })
    }
}
