//! The story desk: groups stored entries into stories with the online clusterer of
//! `gazette-story`, and writes the decisions back to the store.
//!
//! The clusterer's state lives in memory. At start it is rebuilt from the clustered entries of
//! its window (oldest first), each put back under its stored story (`Clusterer::restore`); new
//! entries are then clustered as they are stored. A story's id is
//! the smallest story id (or, for a new story, entry id) among its articles, so ids never change
//! when old articles leave the window, and a merge keeps the older story's id.
//!
//! The sequence is written once here: [`StoryDesk::lead`] takes the desk when this process may
//! run it and rebuilds it; [`StoryDesk::spawn_when_leading`] is the server's (wait for the desk,
//! then cluster on a timer); `Pipeline::poll_and_cluster` is `poll --once`'s. The clustering
//! itself runs on a blocking thread, never on the async threads that fetch and serve.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use gazette_model::Topic;
use gazette_model::{EntryId, StoryId};
use gazette_store::{Store, StoreError, StoryAssignment, StoryDoc, StoryEdit, StoryWrites};
use gazette_story::cluster::{ClusterConfig, ClusterId, Clusterer, Doc};
use gazette_story::entities::{DESK_MIN_ARTICLES, DESK_MIN_SOURCES, EntityTopics};

/// Entries clustered per store round trip (the batch a cold engine primes).
pub(crate) const BATCH: u32 = gazette_story::cluster::BACKLOG_BATCH as u32;

/// Batches whose writes share one transaction while the desk works through a backlog: the
/// writes of a batch touch thousands of index pages (a dozen topic tags and related articles
/// per entry); several batches in a transaction write each page once.
const FLUSH_BATCHES: usize = 10;

/// Entries of the window read per store round trip when the desk is rebuilt.
const WINDOW_PAGE: u32 = 2_000;

/// Clusters stored entries into stories.
pub struct StoryDesk {
    store: Arc<dyn Store>,
    state: Arc<Mutex<DeskState>>,
    /// Entries clustered when the desk opened (what was pending then).
    opened_with: usize,
}

struct DeskState {
    clusterer: Clusterer,
    /// The story each entry of the window is stored under.
    story_of: HashMap<EntryId, StoryId>,
    duplicate_of: HashMap<EntryId, EntryId>,
    entities: EntityTopics,
    /// Entity topics found since the last write.
    tags: Vec<(EntryId, Topic)>,
    /// Slugs of text topics found generic since the last write: their tags are removed.
    retracted: Vec<String>,
    /// Related articles of other stories found since the last write.
    related: Vec<(EntryId, EntryId, f32)>,
    /// The last editor's story change applied to the engine.
    last_edit: i64,
}

/// Related articles kept per entry, and the least similarity that counts.
const RELATED_PER_ENTRY: usize = 6;
const RELATED_MIN_SCORE: f32 = 0.08;

fn as_doc(d: &StoryDoc) -> Doc {
    Doc {
        id: engine_id(d.id),
        title: d.title.clone(),
        body: d.text.clone(),
        published: d.published,
        source: d.source_id.0.to_string(),
        url: d.url.clone().unwrap_or_default(),
    }
}

/// The engine knows an entry by its id as a number: ids are positive, so both ways are exact.
fn engine_id(e: EntryId) -> u64 {
    e.0 as u64
}

fn entry_id(n: u64) -> EntryId {
    EntryId(n as i64)
}

impl DeskState {
    /// Adds documents; returns the engine clusters they touched and the story the engine gave
    /// each new one.
    fn add(&mut self, docs: &[StoryDoc]) -> (BTreeSet<ClusterId>, Vec<(EntryId, ClusterId)>) {
        let mut touched = BTreeSet::new();
        let mut decided = Vec::new();
        // A first poll's backlog: word weights from all of it, not from the few before each.
        let fresh: Vec<Doc> = docs
            .iter()
            .filter(|d| d.story_id.is_none())
            .map(as_doc)
            .collect();
        self.clusterer.begin_batch(fresh.iter());
        drop(fresh);
        for d in docs {
            let doc = as_doc(d);
            let cluster = match d.story_id {
                // A stored decision is put back as it is (the rebuild at start), not re-decided.
                Some(story) => {
                    self.story_of.insert(d.id, story);
                    let cluster = self
                        .clusterer
                        .restore(&doc, ClusterId(story.0.unsigned_abs()));
                    if d.pinned {
                        self.clusterer.pin(cluster);
                    }
                    cluster
                }
                None => {
                    let a = self.clusterer.add(&doc);
                    if let Some(dup) = a.duplicate_of {
                        self.duplicate_of.insert(d.id, entry_id(dup));
                    }
                    for r in self.clusterer.related_of_added(
                        doc.id,
                        RELATED_PER_ENTRY,
                        RELATED_MIN_SCORE,
                    ) {
                        self.related.push((d.id, entry_id(r.id), r.score));
                    }
                    decided.push((d.id, a.cluster));
                    a.cluster
                }
            };
            // Numbers, not strings, in the entity tables: ids round-trip through u64 exactly.
            for (name, articles) in self.entities.add(
                engine_id(d.id),
                d.source_id.0 as u64,
                cluster.0,
                &d.title,
                &d.text,
            ) {
                if let Some(topic) = gazette_story::normalize_topic(&name) {
                    self.tags
                        .extend(articles.iter().map(|a| (EntryId(*a as i64), topic.clone())));
                }
            }
            touched.insert(cluster);
        }
        for gone in self.entities.take_retracted() {
            if let Some(topic) = gazette_story::normalize_topic(&gone) {
                self.tags.retain(|(_, t)| t.slug != topic.slug);
                self.retracted.push(topic.slug);
            }
        }
        (touched, decided)
    }

    /// Brings the engine in line with editors' story changes: a moved entry goes into the
    /// engine story that holds its new story's other articles (a story of its own when none),
    /// which is pinned there; a renumbered entry only takes its new number.
    fn apply_edits(&mut self, edits: &[StoryEdit]) {
        let moving: std::collections::HashSet<EntryId> =
            edits.iter().filter(|e| e.moved).map(|e| e.entry).collect();
        let targets: std::collections::HashSet<StoryId> =
            edits.iter().filter(|e| e.moved).map(|e| e.story).collect();
        let mut engine_story: HashMap<StoryId, ClusterId> = HashMap::new();
        if !targets.is_empty() {
            for (entry, story) in &self.story_of {
                if targets.contains(story)
                    && !moving.contains(entry)
                    && let Some(c) = self.clusterer.cluster_of(engine_id(*entry))
                {
                    engine_story.entry(*story).or_insert(c);
                }
            }
        }
        for e in edits {
            self.story_of.insert(e.entry, e.story);
            if e.moved {
                let target = engine_story.get(&e.story).copied();
                if let Some(c) = self.clusterer.place(engine_id(e.entry), target) {
                    engine_story.insert(e.story, c);
                }
            }
            self.last_edit = self.last_edit.max(e.seq);
        }
    }

    /// Clusters a batch and takes the writes it brings.
    fn decide(&mut self, docs: &[StoryDoc]) -> StoryWrites {
        let (touched, decided) = self.add(docs);
        StoryWrites {
            assignments: self.reconcile(&touched, &decided),
            tags: std::mem::take(&mut self.tags),
            retracted: std::mem::take(&mut self.retracted),
            related: std::mem::take(&mut self.related),
        }
    }

    /// The assignments that bring the store in line with the engine for these clusters, and
    /// one for every entry `decided` whose article has already left the window (an article
    /// older than the window's retention, or than every article of a full window, is evicted
    /// by the next one added): without it, such an entry would stay without a story and be
    /// read and decided again forever.
    fn reconcile(
        &mut self,
        clusters: &BTreeSet<ClusterId>,
        decided: &[(EntryId, ClusterId)],
    ) -> Vec<StoryAssignment> {
        let mut out = Vec::new();
        let mut story_of_cluster: HashMap<ClusterId, StoryId> = HashMap::new();
        for cluster in clusters {
            let Some(view) = self.clusterer.story(*cluster) else {
                continue;
            };
            let members: Vec<EntryId> = view.articles.iter().map(|a| entry_id(*a)).collect();
            let Some(story) = members
                .iter()
                .map(|m| self.story_of.get(m).copied().unwrap_or(StoryId(m.0)))
                .min()
            else {
                continue;
            };
            story_of_cluster.insert(*cluster, story);
            for m in members {
                if self.story_of.get(&m) != Some(&story) {
                    self.story_of.insert(m, story);
                    out.push(StoryAssignment {
                        entry: m,
                        story,
                        duplicate_of: self.duplicate_of.get(&m).copied(),
                    });
                }
            }
        }
        // Gone already: the story of what is left of its cluster, or (the whole cluster gone)
        // the first of its entries decided here, as a story of its own would be.
        let mut gone: Vec<(EntryId, ClusterId)> = decided
            .iter()
            .copied()
            .filter(|(e, _)| self.clusterer.cluster_of(engine_id(*e)).is_none())
            .collect();
        gone.sort_by_key(|(e, c)| (*c, *e));
        for (entry, cluster) in gone {
            let story = *story_of_cluster.entry(cluster).or_insert(StoryId(entry.0));
            out.push(StoryAssignment {
                entry,
                story,
                duplicate_of: self.duplicate_of.remove(&entry),
            });
        }
        out
    }
}

/// The desk's writes in flight: one transaction at a time, in the order decided.
#[derive(Default)]
struct Writing(Option<tokio::task::JoinHandle<Result<(), StoreError>>>);

impl Writing {
    /// Starts writing `writes` once the write in flight, if any, is done (in a task of its
    /// own, so that the desk decides the next batches meanwhile). Writes that fail are
    /// forgotten by the desk's state, so that their entries, still without a story in the
    /// store, get their decisions written when they are read again.
    fn start(
        &mut self,
        store: &Arc<dyn Store>,
        state: &Arc<Mutex<DeskState>>,
        writes: StoryWrites,
    ) {
        if writes.is_empty() {
            return;
        }
        let before = self.0.take();
        let (store, state) = (store.clone(), state.clone());
        self.0 = Some(tokio::spawn(async move {
            let earlier = match before {
                Some(before) => join(before).await,
                None => Ok(()),
            };
            let written = store.save_story_writes(&writes).await;
            if written.is_err() {
                let entries: Vec<EntryId> = writes.assignments.iter().map(|a| a.entry).collect();
                let _ = tokio::task::spawn_blocking(move || {
                    let mut state = state
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for e in entries {
                        state.story_of.remove(&e);
                    }
                })
                .await;
            }
            earlier.and(written)
        }));
    }

    /// Waits until everything started is written.
    async fn finish(&mut self) -> Result<(), StoreError> {
        match self.0.take() {
            Some(w) => join(w).await,
            None => Ok(()),
        }
    }
}

/// Waits for a write; a panic there is a bug and ends the desk. A write cancelled (the runtime
/// stopping) is left to the next start: its entries are still unclustered.
async fn join(write: tokio::task::JoinHandle<Result<(), StoreError>>) -> Result<(), StoreError> {
    match write.await {
        Ok(result) => result,
        Err(e) if e.is_cancelled() => Ok(()),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// How often a process that does not hold the desk asks for it again.
const LEAD_RETRY: Duration = Duration::from_secs(30);

impl StoryDesk {
    /// The desk, rebuilt, when this process may run it (always with SQLite; with PostgreSQL
    /// when it holds the desk's lock), else `None`.
    pub async fn lead(store: Arc<dyn Store>) -> Result<Option<Self>, StoreError> {
        if !store.try_lead_desk().await? {
            return Ok(None);
        }
        Self::open(store).await.map(Some)
    }

    /// The server's desk: waits until this process holds the desk (another process may run
    /// it; this one takes over when that one stops), rebuilds it, then clusters what is
    /// pending every `every`, until `stop` (the batch in hand is finished first).
    pub fn spawn_when_leading(
        store: Arc<dyn Store>,
        every: Duration,
        stop: crate::Stop,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut waiting_logged = false;
            let desk = loop {
                let led = tokio::select! {
                    led = Self::lead(store.clone()) => led,
                    () = stop.stopped() => return,
                };
                match led {
                    Ok(Some(desk)) => break desk,
                    Ok(None) if !waiting_logged => {
                        tracing::info!(
                            "another process runs the story desk; this one polls and serves"
                        );
                        waiting_logged = true;
                    }
                    Ok(None) => {}
                    Err(e) => {
                        tracing::error!(error = %e, "cannot open the story desk; retrying");
                    }
                }
                tokio::select! {
                    () = tokio::time::sleep(LEAD_RETRY) => {}
                    () = stop.stopped() => return,
                }
            };
            let _ = Arc::new(desk).spawn(every, stop).await;
        })
    }

    /// Rebuilds the clusterer from the store's window and clusters what is pending. The
    /// window is read [`WINDOW_PAGE`] entries at a time, so that the texts in hand stay a
    /// page's worth whatever the window holds.
    pub async fn open(store: Arc<dyn Store>) -> Result<Self, StoreError> {
        let cfg = ClusterConfig::default();
        let since = Utc::now() - chrono::Duration::seconds((cfg.retention_days * 86_400.0) as i64);
        // The window keeps at most `max_articles`, the newest: reading older ones would only
        // have them evicted again (on a 1,000,000-article store, 513 s to keep 150,000).
        let max = u32::try_from(cfg.max_articles).unwrap_or(u32::MAX);
        let since = store
            .window_start(since, max)
            .await?
            .map_or(since, |start| start.max(since));
        let mut state = DeskState {
            clusterer: Clusterer::new(cfg),
            story_of: HashMap::new(),
            duplicate_of: HashMap::new(),
            entities: EntityTopics::new(DESK_MIN_ARTICLES, DESK_MIN_SOURCES),
            tags: Vec::new(),
            retracted: Vec::new(),
            related: Vec::new(),
            // Editors' changes made while the window is read are applied after it.
            last_edit: store.last_story_edit().await?,
        };
        let (mut count, mut relabelled) = (0, 0);
        let mut after = None;
        loop {
            let docs = store.window_docs(since, after, WINDOW_PAGE).await?;
            let last = docs.len() < WINDOW_PAGE as usize;
            after = docs.last().map(|d| (d.published, d.id));
            count += docs.len();
            let (back, decisions) = tokio::task::spawn_blocking(move || {
                let decisions = state.decide(&docs);
                (state, decisions)
            })
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
            state = back;
            relabelled += decisions.assignments.len();
            store.save_story_writes(&decisions).await?;
            if last {
                break;
            }
        }
        state.clusterer.compact();
        tracing::info!(entries = count, relabelled, "story desk rebuilt");
        let mut desk = StoryDesk {
            store,
            state: Arc::new(Mutex::new(state)),
            opened_with: 0,
        };
        desk.opened_with = desk.cluster_pending(true).await?;
        Ok(desk)
    }

    /// Clusters every stored entry that has no story yet, a batch at a time. Returns how many
    /// were clustered. While more entries are on their way (`last` false, a round in
    /// progress) a cold desk waits for a whole batch, so that its word weights come from a
    /// real backlog rather than the first handful stored.
    ///
    /// Through a backlog, the decisions of [`FLUSH_BATCHES`] batches are written in one
    /// transaction, while the next batches are read and decided (reading on past the entries
    /// decided and not yet written; the clusterer's own state is up to date, and writes stay
    /// in order). What is decided is written before this returns.
    pub async fn cluster_pending(&self, last: bool) -> Result<usize, StoreError> {
        self.apply_edits().await?;
        let mut done = 0;
        let mut pending = StoryWrites::default();
        let mut batches = 0;
        // Writes in flight. On an error they finish (or fail) on their own; the entries of
        // writes never made are still unclustered, for the next call.
        let mut writing = Writing::default();
        // The last entry decided: the next read starts after it while decisions are unwritten.
        let mut after = None;
        loop {
            let docs = self.store.unclustered(BATCH, after).await?;
            let full = docs.len() == BATCH as usize;
            if docs.is_empty() || (!last && !full && self.is_cold()) {
                if after.is_none() {
                    return Ok(done);
                }
                // Everything written, then read again from the start: an entry stored
                // meanwhile may sort before the last one decided.
                writing.start(&self.store, &self.state, std::mem::take(&mut pending));
                writing.finish().await?;
                (batches, after) = (0, None);
                continue;
            }
            after = docs.last().map(|d| (d.published, d.id));
            let n = docs.len();
            let state = self.state.clone();
            let decisions = tokio::task::spawn_blocking(move || {
                state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .decide(&docs)
            })
            .await
            // A panic in the clusterer is a bug: it ends the desk as it would have inline.
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
            pending.append(decisions);
            batches += 1;
            done += n;
            if !full {
                writing.start(&self.store, &self.state, std::mem::take(&mut pending));
                writing.finish().await?;
                return Ok(done);
            }
            if batches == FLUSH_BATCHES {
                writing.finish().await?;
                writing.start(&self.store, &self.state, std::mem::take(&mut pending));
                batches = 0;
            }
        }
    }

    /// Applies editors' story changes made since the last call (see `DeskState::apply_edits`).
    pub async fn apply_edits(&self) -> Result<usize, StoreError> {
        let mut applied = 0;
        loop {
            let after = self
                .state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .last_edit;
            let edits = self.store.story_edits_after(after, 1_000).await?;
            if edits.is_empty() {
                return Ok(applied);
            }
            applied += edits.len();
            let state = self.state.clone();
            tokio::task::spawn_blocking(move || {
                state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .apply_edits(&edits)
            })
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        }
    }

    /// Entries that were pending when the desk opened, clustered then.
    /// Estimated heap bytes of the desk's structures, one line each (`examples/desk_memory`).
    pub fn memory_report(&self) -> String {
        let state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut lines = state.clusterer.heap_report();
        lines.extend(state.entities.heap_report());
        lines.push(gazette_story::HeapLine {
            what: "stored stories",
            count: state.story_of.len(),
            bytes: gazette_story::map_heap_bytes(&state.story_of),
        });
        let total: usize = lines.iter().map(|l| l.bytes).sum();
        let mut out: String = lines.iter().map(|l| format!("{l}\n")).collect();
        out.push_str(&format!(
            "{:<28} {:>10} {:>9.1} MB\n",
            "total",
            "",
            total as f64 / 1_048_576.0
        ));
        out
    }

    pub fn clustered_at_open(&self) -> usize {
        self.opened_with
    }

    fn is_cold(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clusterer
            .is_cold()
    }

    /// Clusters pending entries every `every` until `stop` (the batch in hand is finished
    /// first) or the task is aborted.
    pub fn spawn(
        self: Arc<Self>,
        every: Duration,
        stop: crate::Stop,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    () = stop.stopped() => return,
                }
                match self.cluster_pending(true).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(entries = n, "entries clustered into stories"),
                    Err(e) => tracing::error!(error = %e, "clustering failed"),
                }
            }
        })
    }
}

/// How often the desk beside a round looks for work when it found none.
const BESIDE_IDLE: Duration = Duration::from_millis(250);

/// The story desk beside a round (`poll --once`), until `done`: opened once a whole batch waits
/// (opening clusters what is pending, and a cold desk's word weights must come from a real
/// backlog, not the first handful stored), then clustering what the round stores. Returns the
/// desk, if this process runs it (else another process clusters these entries), and how many
/// entries it clustered. Store errors are logged and retried: the round goes on regardless.
pub(crate) async fn cluster_beside(
    store: Arc<dyn Store>,
    done: Arc<std::sync::atomic::AtomicBool>,
) -> (Option<StoryDesk>, usize) {
    use std::sync::atomic::Ordering;
    let mut clustered = 0;
    let desk = loop {
        if done.load(Ordering::Relaxed) {
            return (None, clustered);
        }
        let opened = match store.count_unclustered(BATCH).await {
            Ok(n) if n < u64::from(BATCH) => Ok(None),
            Ok(_) => StoryDesk::lead(store.clone()).await.map(Some),
            Err(e) => Err(e),
        };
        match opened {
            Ok(None) => tokio::time::sleep(BESIDE_IDLE).await,
            Ok(Some(Some(desk))) => {
                clustered += desk.clustered_at_open();
                break desk;
            }
            // Another process runs the desk: it clusters these entries.
            Ok(Some(None)) => return (None, clustered),
            Err(e) => {
                tracing::error!(error = %e, "cannot open the story desk; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    while !done.load(Ordering::Relaxed) {
        match desk.cluster_pending(false).await {
            Ok(0) => tokio::time::sleep(BESIDE_IDLE).await,
            Ok(n) => clustered += n,
            Err(e) => {
                tracing::error!(error = %e, "clustering failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    (Some(desk), clustered)
}
