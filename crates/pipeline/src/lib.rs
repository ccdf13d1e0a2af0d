//! The pipeline: the only place that sequences fetch → parse → extract → enrich → store.
//!
//! [`Pipeline::poll_due`] runs a round: the frontier (`frontier.rs`) claims due sources a
//! bounded number at a time and starts their polls host by host; every request waits for its
//! host's turn holding nothing global, then for one of the fetcher's global slots. CPU work
//! (parsing, extraction) runs on a pool sized to the cores (`cpu.rs`), and the pages waiting
//! for it are bounded by a gate; entries go to one writer that batches the polls of all
//! sources into shared transactions (`writer.rs`). [`Pipeline::spawn_scheduler`] runs rounds
//! on a schedule while the server runs, and [`Pipeline::poll_and_cluster`] is `poll --once`:
//! a round with the story desk clustering beside it.
//!
//! One poll is a function of what the network returns plus its writes: entries are stored
//! whole and once, and the source's validators only move once every entry of the feed
//! revision is stored, so a crash at any moment loses nothing (the revision is read again)
//! and duplicates nothing. Errors of one source never stop another: they are recorded on the
//! source (shown by `gazette source list`) and the source is retried with exponential back-off.

mod cpu;
mod frontier;
mod ingest;
mod merge;
mod metrics;
mod retention;
mod schedule;
mod sitemap;
mod stop;
mod stories;
mod subscribe;
mod websub;
mod writer;

use std::sync::Arc;
use std::time::Duration;

use gazette_fetch::Fetcher;
use gazette_model::Source;
use gazette_store::Store;
use tokio::sync::Semaphore;

pub use ingest::PollReport;
pub use merge::is_partial;
pub use metrics::{PollMetrics, PollMetricsSnapshot};
pub use retention::{PURGE_BATCH, PURGE_EVERY, Retention};
pub use schedule::{Schedule, next_poll_after_failure, next_poll_after_success};
pub use stop::{Stop, finish_within};
pub use stories::StoryDesk;
pub use subscribe::{
    FollowError, Followed, FoundFeed, ImportError, ImportReport, SubscribeError, find_feed, follow,
    import_opml,
};
pub use websub::{FALLBACK_POLL, Intent, IntentAnswer, MAX_PUSH_BYTES, PushAnswer};

/// How the pipeline polls and ingests.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// Sources in progress at once (feed read, pages pending). A source waiting for its
    /// host's turn holds no request slot, only its pending items.
    pub concurrent_sources: usize,
    /// Article pages fetched at the same time for one source (the fetcher's per-host limits
    /// still apply).
    pub concurrent_pages: usize,
    /// Article pages in hand at once across all sources: from the page's request to the end
    /// of its extraction. Bounds the bodies waiting for the CPU.
    pub pages_in_hand: usize,
    /// Workers of the CPU pool (parsing, extraction); `0` is one per core.
    pub cpu_threads: usize,
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
    /// The site's public URL, whose `/websub/{token}` takes WebSub callbacks: feeds naming a
    /// hub are subscribed to there. `None`: no subscriptions.
    pub websub_site: Option<String>,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            concurrent_sources: 1000,
            concurrent_pages: 2,
            pages_in_hand: 256,
            cpu_threads: 0,
            schedule: Schedule::default(),
            min_extract_quality: 0.3,
            poll_timeout: Duration::from_secs(600),
            max_entries_per_poll: 200,
            redirect_confirmations: 3,
            websub_site: None,
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
    cpu: cpu::CpuPool,
    /// Slots of [`PipelineConfig::pages_in_hand`].
    pages_gate: Arc<Semaphore>,
    /// Slots of [`FEEDS_IN_HAND`].
    feeds_gate: Arc<Semaphore>,
    /// Set when the process stops: no new round, no new claim.
    stop: Stop,
    /// Slots for pushed feeds being read and stored.
    pushes_gate: Arc<Semaphore>,
}

/// Feed documents in hand at once, from their request until their items are read (parsed,
/// compared with the store, packed): a round starts a thousand sources at once, and without
/// it their thousand feeds arrived together and waited for the CPU pool, bodies and all. A
/// slot is taken when the host's turn comes, so waiting for a polite host holds none; but it
/// is held while the server answers, so the gate also bounds feed requests in flight: it is
/// as wide as the fetcher's default limit of requests in flight (`fetch.max_in_flight`), so
/// that a round of 304s, bound by latency, is not slowed (with 64, `bench_poll`'s round of
/// 2,000 answers at 20–80 ms took 1.72 s instead of 0.52 s).
const FEEDS_IN_HAND: usize = 256;

/// How long `poll --once` waits for another process's story desk to cluster its entries.
const DESK_WAIT: Duration = Duration::from_secs(300);

/// How long a `poll --once` that runs the story desk stays, after its round, to cluster what
/// other processes polling the same store write (see `Pipeline::cluster_for_others`).
const HANDOVER_WAIT: Duration = Duration::from_secs(120);

/// How full the round's stages are now, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PipelineGauges {
    /// Parse and extraction jobs queued for the CPU pool or running on it.
    pub cpu_jobs: usize,
    /// Article pages from their request to the end of their extraction.
    pub pages_in_hand: usize,
    /// Feed, page and robots.txt requests in flight.
    pub requests_in_flight: usize,
}

/// A poll whose outcome could not be stored, neither its entries nor its error.
#[derive(Debug, thiserror::Error)]
#[error("could not store the poll: {0}")]
pub struct StoreFailed(pub String);

/// Totals of one round of polling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sources: usize,
    pub failed: usize,
    pub not_modified: usize,
    pub inserted: usize,
    pub updated: usize,
    /// Entries read from feeds that could not be stored (their sources' errors say why).
    pub lost: usize,
}

impl Pipeline {
    pub fn new(store: Arc<dyn Store>, fetcher: Fetcher, cfg: PipelineConfig) -> Self {
        Pipeline {
            store,
            fetcher,
            cpu: cpu::CpuPool::new(cfg.cpu_threads),
            pages_gate: Arc::new(Semaphore::new(cfg.pages_in_hand.max(1))),
            feeds_gate: Arc::new(Semaphore::new(FEEDS_IN_HAND)),
            cfg: Arc::new(cfg),
            metrics: Arc::default(),
            stop: Stop::default(),
            pushes_gate: Arc::new(Semaphore::new(websub::PUSHES_IN_HAND)),
        }
    }

    /// The stop signal this pipeline and its clones obey (see [`Stop`]): once stopped, rounds
    /// claim and start nothing more and the scheduler ends after the round in hand.
    pub fn stop_signal(&self) -> &Stop {
        &self.stop
    }

    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// How full the stages are now.
    pub fn gauges(&self) -> PipelineGauges {
        PipelineGauges {
            cpu_jobs: self.cpu.busy(),
            pages_in_hand: self
                .cfg
                .pages_in_hand
                .max(1)
                .saturating_sub(self.pages_gate.available_permits()),
            requests_in_flight: self.fetcher.in_flight(),
        }
    }

    /// Counters of the polls made by this pipeline and its clones; the fetches themselves
    /// are counted by [`Fetcher::metrics`].
    pub fn metrics(&self) -> &PollMetrics {
        &self.metrics
    }

    /// Runs one round: polls every due source once (every source when `force`), through the
    /// frontier, and returns the totals. Failures are recorded on their sources, not returned.
    pub async fn poll_due(&self, force: bool) -> Result<RoundReport, gazette_store::StoreError> {
        let (writer, written) = writer::Writer::spawn(self.store.clone());
        let round = frontier::run_round(self, &writer, force).await;
        drop(writer);
        let _ = written.await;
        round
    }

    /// One round with the story desk running beside it (when this process may run it), which
    /// returns once every entry stored has its story: `gazette poll --once`. The desk is opened
    /// (its window rebuilt from the store) only once there is something to cluster, so a round
    /// that brings nothing new (every feed answering 304) costs no rebuild.
    pub async fn poll_and_cluster(
        &self,
        force: bool,
    ) -> Result<(RoundReport, usize), gazette_store::StoreError> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let done = Arc::new(AtomicBool::new(false));
        let beside = tokio::spawn(stories::cluster_beside(self.store.clone(), done.clone()));
        let round = self.poll_due(force).await;
        done.store(true, Ordering::Relaxed);
        let (desk, mut clustered) = match beside.await {
            Ok(result) => result,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        let round = round?;
        clustered += match desk {
            Some(desk) => self.cluster_for_others(&desk).await?,
            None => self.await_stories().await?,
        };
        Ok((round, clustered))
    }

    /// After a round that ran the story desk: clusters what is pending, and goes on
    /// clustering what other processes sharing the store write while they still poll (for at
    /// most [`HANDOVER_WAIT`]). Handing the desk over when this process ends costs the next
    /// one a rebuild of the whole window (40–50 s at 100,000 articles) to cluster its last
    /// entries.
    async fn cluster_for_others(
        &self,
        desk: &StoryDesk,
    ) -> Result<usize, gazette_store::StoreError> {
        let started = std::time::Instant::now();
        let mut clustered = desk.cluster_pending(true).await?;
        while started.elapsed() < HANDOVER_WAIT && self.store.others_polling().await? {
            tokio::time::sleep(Duration::from_millis(250)).await;
            clustered += desk.cluster_pending(true).await?;
        }
        // What the others stored before they let go of their hosts.
        Ok(clustered + desk.cluster_pending(true).await?)
    }

    /// After a round that did not open the story desk: returns once every stored entry has
    /// its story, clustering them here when this process may run the desk, else waiting for
    /// the process that runs it (a server does within its tick; another `poll --once` ends
    /// with its round, and this one takes the desk over). Gives up waiting after
    /// [`DESK_WAIT`].
    async fn await_stories(&self) -> Result<usize, gazette_store::StoreError> {
        let started = std::time::Instant::now();
        loop {
            if self.store.unclustered(1, None).await?.is_empty() {
                return Ok(0);
            }
            if let Some(desk) = StoryDesk::lead(self.store.clone()).await? {
                return Ok(desk.clustered_at_open() + self.cluster_for_others(&desk).await?);
            }
            if started.elapsed() > DESK_WAIT {
                tracing::warn!(
                    "entries are still waiting for their stories; the process running the story desk will cluster them"
                );
                return Ok(0);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Polls one source and stores the outcome (entries or error).
    pub async fn poll_source(&self, source: &Source) -> Result<PollReport, StoreFailed> {
        let (writer, written) = writer::Writer::spawn(self.store.clone());
        let report = ingest::poll_source(self, source, &writer).await;
        drop(writer);
        let _ = written.await;
        report
    }

    /// Polls due sources every `tick`, and renews the WebSub subscriptions that are due, until
    /// the pipeline is stopped ([`Pipeline::stop_signal`]): the round in hand then ends with
    /// the polls already running, and the task returns.
    pub fn spawn_scheduler(&self, tick: Duration) -> tokio::task::JoinHandle<()> {
        let pipeline = self.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = interval.tick() => {}
                    () = pipeline.stop.stopped() => return,
                }
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
                if let Err(e) = pipeline.renew_subscriptions().await {
                    tracing::warn!(error = %e, "cannot renew the WebSub subscriptions");
                }
            }
        })
    }
}
