//! One poll of one source, as a checklist: fetch the feed (conditional GET), read it (feed,
//! news sitemap, or the feed an HTML page links to), skip the items stored unchanged, complete
//! partial items from their article pages, and hand the entries to the writer as they are
//! ready, the source's new state last (see [`gazette_store::PollWrite`]).

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use gazette_feed::{Feed, ParseOptions};
use gazette_fetch::{FeedFetch, FetchError, Fetched, Validators};
use gazette_model::{NewEntry, Source};
use gazette_store::{PermanentRedirect, PollOutcome, PollWrite};

use crate::merge::{FeedItem, PageRead, merge, plain_text};
use crate::schedule::{next_poll_after_failure, next_poll_after_success};
use crate::writer::{Writer, Written, answer, answered_yet};
use crate::{Pipeline, StoreFailed};

/// What one poll did.
#[derive(Debug, Clone, Default)]
pub struct PollReport {
    pub inserted: usize,
    pub updated: usize,
    /// Entries in the feed that were already stored unchanged.
    pub unchanged: usize,
    /// Article pages fetched, extracted and used.
    pub extracted: usize,
    /// Entries read from the feed that could not be stored (the error says why).
    pub lost: usize,
    pub not_modified: bool,
    /// The poll's error, also recorded on the source.
    pub error: Option<String>,
    /// The source's new URL when this poll confirmed a permanent redirect.
    pub moved_to: Option<String>,
    /// When the source is due again.
    pub next_poll: Option<DateTime<Utc>>,
}

/// Entries of a poll that fetches pages are handed to the writer this many at a time, so
/// that a source in progress holds no finished entry, let alone its whole feed: with a
/// thousand sources in progress, five at a time kept about 2,000 entries (text and HTML, some
/// 7 KB each) in hand beyond the writer's queue. The writer still batches the parts of every
/// source into shared transactions.
const PART: usize = 1;

/// Polls one source: its feed, then the pages of its partial items, then the outcome.
///
/// A poll's task lives as long as its pages take (a minute at one page a second per host),
/// and a wire keeps a thousand of them at once. An async function's state is as large as
/// its largest await, so every step around the page loop (the feed's fetch and parse, the
/// stored hashes, each hand-over to the writer, the outcome and WebSub) is awaited boxed:
/// a poll's state went from 6.3 KB to 2.4 KB, plus 1.8 KB for the page loop's.
pub(crate) async fn poll_source(
    p: &Pipeline,
    source: &Source,
    writer: &Writer,
) -> Result<PollReport, StoreFailed> {
    let started = std::time::Instant::now();
    let now = Utc::now();
    let mut parts = Parts::default();
    let result = tokio::time::timeout(
        p.cfg.poll_timeout,
        fetch_and_build(p, source, writer, &mut parts, now),
    )
    .await
    .unwrap_or_else(|_| {
        Err(PollError {
            message: format!("poll took longer than {:?}", p.cfg.poll_timeout),
            retry_after: None,
        })
    });
    let seed = source.id.0 as u64 ^ now.timestamp_nanos_opt().unwrap_or(0) as u64;
    // The parts already handed over are written before the outcome is decided: the source's
    // validators move only when every entry of the revision is stored.
    let mut report = PollReport::default();
    let store_error = Box::pin(parts.written(&mut report)).await;
    let result = match (result, store_error) {
        (Ok(built), Some(e)) => {
            report.lost += built.entries.len();
            Err(PollError::new(format!(
                "{} entries could not be stored: {e}",
                report.lost
            )))
        }
        (result, _) => result,
    };
    match result {
        Ok(mut built) => {
            let hub = built.hub.take();
            let known = Box::pin(crate::websub::known(p, source, hub.is_some())).await;
            let mut next =
                next_poll_after_success(now, &p.cfg.schedule, &built.dates, built.hint, seed);
            if source.pushed_until.is_some_and(|t| t > now)
                || known.as_ref().is_some_and(crate::websub::pushes)
            {
                // The hub pushes what the feed publishes: polling is the fallback.
                next = next.max(now + crate::websub::fallback_interval(&p.cfg.schedule));
            }
            let n = built.entries.len();
            let write = PollWrite {
                source: source.id,
                entries: built.entries,
                finish: Some((built.outcome, next)),
                now,
            };
            let saved = match Box::pin(writer.write(write)).await {
                Ok(saved) => saved,
                Err(e) => {
                    report.lost += n;
                    let message = format!("{} entries could not be stored: {e}", report.lost);
                    return Box::pin(fail(
                        p,
                        source,
                        writer,
                        report,
                        PollError::new(message),
                        now,
                        seed,
                    ))
                    .await;
                }
            };
            report.inserted += saved.inserted;
            report.updated += saved.updated;
            report.unchanged = built.unchanged;
            report.extracted = built.extracted;
            report.not_modified = built.not_modified;
            report.moved_to = saved.moved_to;
            report.next_poll = Some(next);
            p.metrics.success(&report);
            if let Some(hub) = hub {
                Box::pin(crate::websub::after_poll(
                    p,
                    source,
                    hub,
                    known.as_ref(),
                    now,
                ))
                .await;
            }
            if let Some(url) = &report.moved_to {
                tracing::info!(
                    source.id = source.id.0,
                    source.url = %gazette_model::redact_password(url),
                    old_url = %source.display_url(),
                    "source moved: its feed redirected permanently on consecutive polls"
                );
            }
            tracing::info!(
                source.id = source.id.0,
                source.url = %source.display_url(),
                inserted = report.inserted,
                updated = report.updated,
                unchanged = report.unchanged,
                extracted = report.extracted,
                not_modified = report.not_modified,
                duration_ms = started.elapsed().as_millis() as u64,
                "source polled"
            );
            Ok(report)
        }
        Err(e) => Box::pin(fail(p, source, writer, report, e, now, seed)).await,
    }
}

/// Stores the entries of a feed document a WebSub hub pushed for `source`: read, skipped when
/// stored unchanged and completed from article pages like a polled feed, while the source's
/// polling state (validators, schedule, error) stays as the last poll left it. The error, if
/// any, says why entries were not stored.
pub(crate) async fn take_pushed(
    p: &Pipeline,
    source: &Source,
    fetched: Fetched,
    writer: &Writer,
) -> PollReport {
    let started = std::time::Instant::now();
    let now = Utc::now();
    let mut parts = Parts::default();
    let built = tokio::time::timeout(
        p.cfg.poll_timeout,
        build(
            p,
            source,
            writer,
            &mut parts,
            Document::pushed(fetched),
            now,
        ),
    )
    .await;
    let mut report = PollReport::default();
    if let Some(e) = parts.written(&mut report).await {
        report.error = Some(format!("entries could not be stored: {e}"));
    }
    match built {
        Err(_) => {
            report.error = Some(format!(
                "the pushed feed took longer than {:?}",
                p.cfg.poll_timeout
            ));
        }
        Ok(Err(e)) => report.error = Some(e.message),
        Ok(Ok(built)) => {
            report.unchanged = built.unchanged;
            report.extracted = built.extracted;
            let n = built.entries.len();
            if n > 0 {
                let write = PollWrite {
                    source: source.id,
                    entries: built.entries,
                    finish: None,
                    now,
                };
                match writer.write(write).await {
                    Ok(saved) => {
                        report.inserted += saved.inserted;
                        report.updated += saved.updated;
                    }
                    Err(e) => {
                        report.lost += n;
                        report.error = Some(format!("entries could not be stored: {e}"));
                    }
                }
            }
        }
    }
    if report.lost > 0 {
        p.metrics.store_error();
    }
    tracing::info!(
        source.id = source.id.0,
        source.url = %source.display_url(),
        inserted = report.inserted,
        updated = report.updated,
        unchanged = report.unchanged,
        extracted = report.extracted,
        error = report.error.as_deref().unwrap_or(""),
        duration_ms = started.elapsed().as_millis() as u64,
        "pushed feed taken"
    );
    report
}

/// Records a failed poll on its source (error, back-off); what was stored before stays.
async fn fail(
    p: &Pipeline,
    source: &Source,
    writer: &Writer,
    mut report: PollReport,
    e: PollError,
    now: DateTime<Utc>,
    seed: u64,
) -> Result<PollReport, StoreFailed> {
    let failures = source.consecutive_failures + 1;
    let next = next_poll_after_failure(now, &p.cfg.schedule, failures, e.retry_after, seed);
    let write = PollWrite {
        source: source.id,
        entries: Vec::new(),
        finish: Some((
            PollOutcome::Failure {
                error: e.message.clone(),
            },
            next,
        )),
        now,
    };
    if let Err(stored) = writer.write(write).await {
        p.metrics.store_error();
        return Err(StoreFailed(format!(
            "{stored} (the poll's own error: {})",
            e.message
        )));
    }
    if report.lost > 0 {
        p.metrics.store_error();
    }
    p.metrics.failure();
    tracing::warn!(
        source.id = source.id.0,
        source.url = %source.display_url(),
        error = %e.message,
        consecutive_failures = failures,
        next_poll = %next,
        "source poll failed"
    );
    report.error = Some(e.message);
    report.next_poll = Some(next);
    Ok(report)
}

#[derive(Debug)]
pub(crate) struct PollError {
    message: String,
    retry_after: Option<Duration>,
}

impl PollError {
    pub(crate) fn new(message: String) -> Self {
        PollError {
            message,
            retry_after: None,
        }
    }
}

impl From<FetchError> for PollError {
    fn from(e: FetchError) -> Self {
        PollError {
            retry_after: e.retry_after(),
            message: e.to_string(),
        }
    }
}

/// Parts of a poll handed to the writer before its end: those not answered yet, with their
/// number of entries, and the answers counted so far. A poll hands its entries over one at a
/// time for a minute, so answers are counted as they come ([`Parts::settle`]) instead of each
/// keeping its channel until the end (50 channels a source, 1,000 sources in progress).
#[derive(Default)]
struct Parts {
    pending: Vec<(Written, usize)>,
    answered: Answered,
}

/// The answers counted so far.
#[derive(Default)]
struct Answered {
    inserted: usize,
    updated: usize,
    lost: usize,
    /// The last store error.
    error: Option<String>,
}

impl Answered {
    fn count(&mut self, answer: Result<gazette_store::SaveReport, String>, entries: usize) {
        match answer {
            Ok(saved) => {
                self.inserted += saved.inserted;
                self.updated += saved.updated;
            }
            Err(e) => {
                self.lost += entries;
                self.error = Some(e);
            }
        }
    }
}

impl Parts {
    /// Hands a part over, first counting the answers already given.
    async fn submit(&mut self, writer: &Writer, write: PollWrite) {
        let n = write.entries.len();
        self.settle();
        let written = Box::pin(writer.submit(write)).await;
        self.pending.push((written, n));
    }

    /// Counts the parts already answered and forgets their channels.
    fn settle(&mut self) {
        let Parts { pending, answered } = self;
        pending.retain_mut(|(written, n)| match answered_yet(written) {
            Some(answer) => {
                answered.count(answer, *n);
                false
            }
            None => true,
        });
    }

    /// Waits for the parts handed over to be written, counting them into `report`; the last
    /// store error, if any part could not be stored (its entries are counted as lost).
    async fn written(&mut self, report: &mut PollReport) -> Option<String> {
        for (written, n) in std::mem::take(&mut self.pending) {
            self.answered.count(answer(written).await, n);
        }
        let answered = std::mem::take(&mut self.answered);
        report.inserted += answered.inserted;
        report.updated += answered.updated;
        report.lost += answered.lost;
        answered.error
    }
}

/// What is left to store at the end of a successful poll.
struct Built {
    /// The entries not handed over yet (all of them when no page was fetched).
    entries: Vec<NewEntry>,
    outcome: PollOutcome,
    dates: Vec<DateTime<Utc>>,
    hint: Option<Duration>,
    unchanged: usize,
    extracted: usize,
    not_modified: bool,
    /// The WebSub hub the feed announces, if any.
    hub: Option<crate::websub::Announced>,
}

async fn fetch_and_build(
    p: &Pipeline,
    source: &Source,
    writer: &Writer,
    parts: &mut Parts,
    now: DateTime<Utc>,
) -> Result<Built, PollError> {
    // 1. The feed, conditionally.
    let validators = Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
    };
    let (answer, slot) = Box::pin(p.fetcher.fetch_feed_gated(
        &source.url,
        &validators,
        &p.feeds_gate,
    ))
    .await?;
    let fetched = match answer {
        FeedFetch::NotModified {
            cache,
            permanent_redirect,
        } => {
            return Ok(not_modified(
                p,
                validators,
                cache.max_age,
                permanent_redirect,
            ));
        }
        FeedFetch::Fetched(f) => f,
    };
    // 2. Read it: a feed, a news sitemap, or the feed an HTML page links to.
    let (fetched, moved_to) = Box::pin(follow_html_page(p, fetched)).await;
    let document = Document {
        fetched,
        moved_to,
        slot: Some(slot),
    };
    Box::pin(build(p, source, writer, parts, document, now)).await
}

/// A feed document in hand.
struct Document {
    fetched: Fetched,
    /// Where the source's feed now is, when a page led to it.
    moved_to: Option<String>,
    /// Its slot of the pipeline's feeds gate, if it took one (a pushed document did not).
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Document {
    /// A document a WebSub hub pushed: it holds a slot of the pushes' own gate instead.
    fn pushed(fetched: Fetched) -> Self {
        Document {
            fetched,
            moved_to: None,
            slot: None,
        }
    }
}

/// Steps 2 to 4 of a poll, on a document in hand: fetched, or pushed by a WebSub hub.
async fn build(
    p: &Pipeline,
    source: &Source,
    writer: &Writer,
    parts: &mut Parts,
    document: Document,
    now: DateTime<Utc>,
) -> Result<Built, PollError> {
    let Document {
        fetched,
        moved_to,
        slot,
    } = document;
    let feed = Box::pin(read_document(p, &fetched)).await?;
    let hub = crate::websub::announced(
        &fetched.links,
        &feed.hubs,
        feed.self_url.as_deref(),
        &fetched.final_url,
    );
    let hint = [
        fetched.cache.max_age,
        feed.ttl_minutes
            .map(|m| Duration::from_secs(u64::from(m) * 60)),
        feed.update_period_minutes
            .map(|m| Duration::from_secs(u64::from(m) * 60)),
    ]
    .into_iter()
    .flatten()
    .max();
    let outcome = PollOutcome::Success {
        etag: fetched.validators.etag.clone(),
        last_modified: fetched.validators.last_modified.clone(),
        feed_title: plain_text(feed.title.as_deref(), feed.title_kind),
        // The channel's link is shown on the site and written to OPML: http(s) only.
        site_url: feed
            .link
            .clone()
            .filter(|u| gazette_model::web_link(u).is_some()),
        redirect: redirect(p, moved_to.or_else(|| fetched.permanent_redirect.clone())),
    };
    let base = fetched.final_url.clone();
    // The document's body is not needed past this point.
    drop(fetched);
    let dates: Vec<DateTime<Utc>> = feed
        .entries
        .iter()
        .filter_map(|e| e.published.or(e.updated))
        .collect();
    // 3. Skip what is stored unchanged.
    let (items, unchanged) = Box::pin(changed_items(p, source, feed.entries, &base)).await?;
    // The feed is read: its slot goes to the next one.
    drop(slot);
    // 4. Complete partial items from their pages, handing entries over as they are ready.
    let section = source
        .topic
        .as_deref()
        .and_then(gazette_story::normalize_topic);
    let with_section = |mut e: NewEntry| {
        // The source's own section (an OPML folder) is a topic of every entry it carries.
        if let Some(t) = &section
            && !e.topics.iter().any(|x| x.slug == t.slug)
        {
            e.topics.insert(0, t.clone());
        }
        e
    };
    let mode = source.extract_mode;
    // The items whose pages are fetched stay in the vector they came in; only the others
    // are taken out.
    let mut paged = items;
    let ready: Vec<FeedItem> = paged
        .extract_if(.., |i| i.page_to_fetch(mode).is_none())
        .collect();
    let min_quality = p.cfg.min_extract_quality;
    let mut entries: Vec<NewEntry> = ready
        .into_iter()
        .map(|i| with_section(merge(i, None, min_quality, now).0))
        .collect();
    let mut extracted = 0;
    let mut pages_left = paged.len();
    let mut built = futures_util::stream::iter(paged)
        .map(|item| async move {
            let page = match item.page_to_fetch(mode) {
                Some(url) => read_page(p, url).await,
                None => None,
            };
            merge(item, page, min_quality, now)
        })
        .buffer_unordered(p.cfg.concurrent_pages.max(1));
    while let Some((entry, used)) = built.next().await {
        pages_left -= 1;
        extracted += usize::from(used);
        entries.push(with_section(entry));
        if entries.len() >= PART && pages_left > 0 {
            let write = PollWrite {
                source: source.id,
                entries: std::mem::take(&mut entries),
                finish: None,
                now,
            };
            parts.submit(writer, write).await;
        }
    }
    Ok(Built {
        entries,
        outcome,
        dates,
        hint,
        unchanged,
        extracted,
        not_modified: false,
        hub,
    })
}

fn not_modified(
    p: &Pipeline,
    validators: Validators,
    max_age: Option<Duration>,
    permanent_redirect: Option<String>,
) -> Built {
    Built {
        entries: Vec::new(),
        outcome: PollOutcome::Success {
            etag: validators.etag,
            last_modified: validators.last_modified,
            feed_title: None,
            site_url: None,
            redirect: redirect(p, permanent_redirect),
        },
        dates: Vec::new(),
        hint: max_age,
        unchanged: 0,
        extracted: 0,
        not_modified: true,
        hub: None,
    }
}

/// An HTML page where the feed was expected (a site moved its feed, or the user gave the home
/// page): the feed the page links to is read instead, and the source moves there once the same
/// feed has been found on consecutive polls, like a permanent redirect.
async fn follow_html_page(p: &Pipeline, fetched: Fetched) -> (Fetched, Option<String>) {
    if !gazette_feed::looks_like_html(&fetched.body) {
        return (fetched, None);
    }
    match linked_feed(p, &fetched).await {
        Some(feed) => {
            let url = feed.final_url.clone();
            (feed, Some(url))
        }
        None => (fetched, None),
    }
}

async fn read_document(p: &Pipeline, fetched: &Fetched) -> Result<Parsed, PollError> {
    if crate::sitemap::looks_like_sitemap(&fetched.body) {
        return Ok(Parsed {
            title: None,
            title_kind: gazette_feed::TextKind::Plain,
            link: None,
            ttl_minutes: None,
            update_period_minutes: None,
            hubs: Vec::new(),
            self_url: None,
            entries: crate::sitemap::read(p, fetched, p.cfg.max_entries_per_poll).await?,
        });
    }
    Ok(Parsed::from(parse_feed(p, fetched).await?))
}

/// The feed's items (at most `max_entries_per_poll`, once each) whose feed hash is not stored
/// as it is, and the number skipped as unchanged.
async fn changed_items(
    p: &Pipeline,
    source: &Source,
    entries: Vec<gazette_feed::Item>,
    base: &str,
) -> Result<(Vec<FeedItem>, usize), PollError> {
    let mut candidates: Vec<(String, String, gazette_feed::Item)> = entries
        .into_iter()
        .take(p.cfg.max_entries_per_poll)
        .map(|e| (identity_of(&e), feed_hash(&e), e))
        .collect();
    // A feed that lists one item twice stores it once (the first occurrence wins).
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|(id, _, _)| seen.insert(id.clone()));
    let ids: Vec<String> = candidates.iter().map(|(id, _, _)| id.clone()).collect();
    let known = p
        .store
        .known_feed_hashes(source.id, &ids)
        .await
        .map_err(|e| PollError::new(format!("storage: {e}")))?;
    candidates.retain(|(id, hash, _)| known.get(id) != Some(hash));
    // Built into a vector of its own, sized once: collected from `candidates` the items
    // would keep that vector's room (five times theirs) for as long as their pages take.
    let mut items: Vec<FeedItem> = Vec::with_capacity(candidates.len());
    items.extend(
        candidates
            .into_iter()
            .map(|(id, hash, e)| FeedItem::new(id, hash, &e, base)),
    );
    let unchanged = ids.len() - items.len();
    Ok((items, unchanged))
}

fn redirect(p: &Pipeline, url: Option<String>) -> Option<PermanentRedirect> {
    url.map(|url| PermanentRedirect {
        url,
        confirmations: p.cfg.redirect_confirmations,
    })
}

/// The first feed an HTML page links to (`<link rel="alternate">`, then feed-like anchors) that
/// really is a feed.
async fn linked_feed(p: &Pipeline, page: &Fetched) -> Option<Fetched> {
    let html = gazette_extract::decode(&page.body, page.charset.as_deref());
    let mut candidates = gazette_feed::discover(&html, &page.final_url);
    candidates.extend(gazette_feed::discover_anchors(&html, &page.final_url));
    candidates.dedup();
    for url in candidates.into_iter().take(3) {
        let Ok(FeedFetch::Fetched(f)) = p.fetcher.fetch_feed(&url, &Validators::default()).await
        else {
            continue;
        };
        if !gazette_feed::looks_like_html(&f.body) {
            tracing::info!(page = %page.final_url, feed = %f.final_url, "an HTML page links to its feed: reading the feed");
            return Some(f);
        }
    }
    None
}

/// What a source's document yields, whether a feed or a news sitemap.
struct Parsed {
    title: Option<String>,
    title_kind: gazette_feed::TextKind,
    link: Option<String>,
    ttl_minutes: Option<u32>,
    update_period_minutes: Option<u32>,
    hubs: Vec<String>,
    self_url: Option<String>,
    entries: Vec<gazette_feed::Item>,
}

impl From<Feed> for Parsed {
    fn from(f: Feed) -> Self {
        Parsed {
            title: f.title,
            title_kind: f.title_kind,
            link: f.link,
            ttl_minutes: f.ttl_minutes,
            update_period_minutes: f.update_period_minutes,
            hubs: f.hubs,
            self_url: f.self_url,
            entries: f.items,
        }
    }
}

/// Parses off the async threads; a document that is not a feed is a clear error.
async fn parse_feed(p: &Pipeline, fetched: &Fetched) -> Result<Feed, PollError> {
    let body = fetched.body.clone();
    let opts = ParseOptions {
        url: Some(fetched.final_url.clone()),
        content_type: fetched
            .content_type
            .as_ref()
            .map(|ct| match &fetched.charset {
                Some(cs) => format!("{ct}; charset={cs}"),
                None => ct.clone(),
            }),
        content_location: fetched.content_location.clone(),
        content_language: fetched.content_language.clone(),
    };
    let url = fetched.final_url.clone();
    let parsed = p
        .cpu
        .run(move || {
            if gazette_feed::looks_like_html(&body) {
                let html = gazette_extract::decode(&body, None);
                let found = gazette_feed::discover(&html, &url);
                return Err(match found.first() {
                    Some(feed) => {
                        format!("{url} is an HTML page, not a feed; it links to the feed {feed}")
                    }
                    None => format!("{url} is an HTML page, not a feed, and names no feed"),
                });
            }
            gazette_feed::parse(&body, &opts).map_err(|e| format!("cannot read the feed: {e}"))
        })
        .await
        .map_err(|e| PollError {
            message: format!("feed parser failed: {e}"),
            retry_after: None,
        })?;
    parsed.map_err(|message| PollError {
        message,
        retry_after: None,
    })
}

fn identity_of(e: &gazette_feed::Item) -> String {
    let date = e.published.or(e.updated).map(|d| d.to_rfc3339());
    gazette_story::entry_identity(
        e.id.as_deref(),
        e.link.as_deref(),
        e.title.as_deref(),
        date.as_deref(),
    )
}

/// A digest of everything the feed says about an entry: when it is unchanged on the next poll,
/// the entry is skipped without fetching its page again.
fn feed_hash(e: &gazette_feed::Item) -> String {
    let dates = format!("{:?}{:?}", e.published, e.updated);
    let cats: Vec<&str> = e.categories.iter().map(|c| c.term.as_str()).collect();
    gazette_story::short_hash(&[
        e.title.as_deref().unwrap_or(""),
        e.link.as_deref().unwrap_or(""),
        e.summary.as_deref().unwrap_or(""),
        e.content.as_deref().unwrap_or(""),
        &dates,
        &cats.join("\u{1f}"),
        e.image.as_deref().unwrap_or(""),
    ])
}

/// Fetches and extracts an article page; any failure means "use the feed's content". The
/// page holds a slot of the pipeline's gate from its request until its extraction ends, so the
/// bodies waiting for the CPU are bounded.
async fn read_page(p: &Pipeline, url: &str) -> Option<PageRead> {
    let (page, slot) = match p.fetcher.fetch_page_gated(url, &p.pages_gate).await {
        Ok(page) => page,
        Err(e) => {
            tracing::info!(entry.url = %url, error = %e, "article page not fetched; using feed content");
            return None;
        }
    };
    let opts = gazette_extract::Options {
        url: Some(page.final_url.clone()),
        http_charset: page.charset.clone(),
    };
    let body = page.body;
    let final_url = page.final_url;
    let extracted = p
        .cpu
        .run(move || {
            let article = gazette_extract::extract(&body, &opts);
            drop(slot);
            article
        })
        .await;
    match extracted {
        Ok(Ok(article)) => Some(PageRead { article, final_url }),
        Ok(Err(e)) => {
            tracing::info!(entry.url = %url, error = %e, "article page not extracted; using feed content");
            None
        }
        Err(e) => {
            tracing::error!(entry.url = %url, error = %e, "extractor failed; using feed content");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_store::SaveReport;
    use tokio::sync::oneshot;

    #[tokio::test]
    async fn parts_are_counted_as_answered_and_the_rest_at_the_end() {
        let mut parts = Parts::default();
        let (saved, rx1) = oneshot::channel();
        let (failed, rx2) = oneshot::channel();
        let (later, rx3) = oneshot::channel();
        let (stopped, rx4) = oneshot::channel::<Result<SaveReport, String>>();
        parts.pending = vec![(rx1, 1), (rx2, 2), (rx3, 3), (rx4, 4)];
        saved
            .send(Ok(SaveReport {
                inserted: 1,
                ..SaveReport::default()
            }))
            .unwrap();
        failed.send(Err("disk full".into())).unwrap();
        drop(stopped);
        parts.settle();
        assert_eq!(
            parts.pending.len(),
            1,
            "only the part not answered keeps its channel"
        );
        assert_eq!((parts.answered.inserted, parts.answered.lost), (1, 6));
        later
            .send(Ok(SaveReport {
                inserted: 2,
                updated: 1,
                moved_to: None,
            }))
            .unwrap();
        let mut report = PollReport::default();
        let error = parts.written(&mut report).await;
        assert_eq!((report.inserted, report.updated, report.lost), (3, 1, 6));
        assert_eq!(error.as_deref(), Some("the writer stopped before writing"));
        assert!(parts.pending.is_empty());
    }
}
