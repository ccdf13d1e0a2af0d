//! One poll of one source: fetch the feed, parse it, complete partial entries from their
//! article pages, normalise, and store everything with the source's new state in one
//! transaction.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use gazette_extract::{Article, sanitize_html};
use gazette_feed::{Feed, ParseOptions};
use gazette_fetch::{FeedFetch, FetchError, Fetched, Validators};
use gazette_model::{ExtractMode, NewEntry, Source};
use gazette_store::{PermanentRedirect, PollOutcome, StoreError};

use crate::Pipeline;
use crate::schedule::{next_poll_after_failure, next_poll_after_success};

/// What one poll did.
#[derive(Debug, Clone, Default)]
pub struct PollReport {
    pub inserted: usize,
    pub updated: usize,
    /// Entries in the feed that were already stored unchanged.
    pub unchanged: usize,
    /// Article pages fetched and extracted.
    pub extracted: usize,
    pub not_modified: bool,
    /// The poll's error, also recorded on the source.
    pub error: Option<String>,
    /// The source's new URL when this poll confirmed a permanent redirect.
    pub moved_to: Option<String>,
    /// When the source is due again.
    pub next_poll: Option<DateTime<Utc>>,
}

/// Feed content shorter than this many words is treated as a summary.
const FULL_TEXT_MIN_WORDS: usize = 120;

/// Whether a feed entry carries only part of the article, so that its page is worth fetching.
pub fn is_partial(content_text: Option<&str>, summary_text: Option<&str>) -> bool {
    let Some(content) = content_text.map(str::trim).filter(|c| !c.is_empty()) else {
        return true;
    };
    let words = content.split_whitespace().count();
    if words < FULL_TEXT_MIN_WORDS {
        return true;
    }
    // Content that merely repeats the summary is a summary too.
    summary_text.is_some_and(|s| s.trim() == content)
        || content.ends_with("…")
        || content.ends_with("[...]")
        || content.to_ascii_lowercase().ends_with("read more")
}

pub(crate) async fn poll_source(p: &Pipeline, source: &Source) -> Result<PollReport, StoreError> {
    let started = std::time::Instant::now();
    let now = Utc::now();
    let result = tokio::time::timeout(p.cfg.poll_timeout, fetch_and_build(p, source)).await;
    let result = result.unwrap_or_else(|_| {
        Err(PollError {
            message: format!("poll took longer than {:?}", p.cfg.poll_timeout),
            retry_after: None,
        })
    });
    let seed = source.id.0 as u64 ^ now.timestamp_nanos_opt().unwrap_or(0) as u64;
    match result {
        Ok(built) => {
            let next =
                next_poll_after_success(now, &p.cfg.schedule, &built.dates, built.hint, seed);
            let saved = p
                .store
                .save_poll(source.id, &built.entries, &built.outcome, next, now)
                .await
                .inspect_err(|_| p.metrics.store_error())?;
            let report = PollReport {
                inserted: saved.inserted,
                updated: saved.updated,
                unchanged: built.unchanged,
                extracted: built.extracted,
                not_modified: built.not_modified,
                error: None,
                moved_to: saved.moved_to,
                next_poll: Some(next),
            };
            p.metrics.success(&report);
            if let Some(url) = &report.moved_to {
                tracing::info!(
                    source.id = source.id.0,
                    source.url = %url,
                    old_url = %source.url,
                    "source moved: its feed redirected permanently on consecutive polls"
                );
            }
            tracing::info!(
                source.id = source.id.0,
                source.url = %source.url,
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
        Err(e) => {
            let failures = source.consecutive_failures + 1;
            let next = next_poll_after_failure(now, &p.cfg.schedule, failures, e.retry_after, seed);
            let outcome = PollOutcome::Failure {
                error: e.message.clone(),
            };
            p.store
                .save_poll(source.id, &[], &outcome, next, now)
                .await
                .inspect_err(|_| p.metrics.store_error())?;
            p.metrics.failure();
            tracing::warn!(
                source.id = source.id.0,
                source.url = %source.url,
                error = %e.message,
                consecutive_failures = failures,
                next_poll = %next,
                "source poll failed"
            );
            Ok(PollReport {
                error: Some(e.message),
                next_poll: Some(next),
                ..PollReport::default()
            })
        }
    }
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

/// Everything a successful poll will store.
struct Built {
    entries: Vec<NewEntry>,
    outcome: PollOutcome,
    dates: Vec<DateTime<Utc>>,
    hint: Option<Duration>,
    unchanged: usize,
    extracted: usize,
    not_modified: bool,
}

async fn fetch_and_build(p: &Pipeline, source: &Source) -> Result<Built, PollError> {
    let validators = Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
    };
    let fetched = match p.fetcher.fetch_feed(&source.url, &validators).await? {
        FeedFetch::NotModified {
            cache,
            permanent_redirect,
        } => {
            return Ok(Built {
                entries: Vec::new(),
                outcome: PollOutcome::Success {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                    feed_title: None,
                    site_url: None,
                    redirect: redirect(p, permanent_redirect),
                },
                dates: Vec::new(),
                hint: cache.max_age,
                unchanged: 0,
                extracted: 0,
                not_modified: true,
            });
        }
        FeedFetch::Fetched(f) => f,
    };
    // An HTML page where the feed was expected (a site moved its feed, or the user gave the home
    // page): read the feed the page links to instead of failing, and move the source there once
    // the same feed has been found on consecutive polls, like a permanent redirect.
    let (fetched, moved_to) = if gazette_feed::looks_like_html(&fetched.body) {
        match linked_feed(p, &fetched).await {
            Some(feed) => {
                let url = feed.final_url.clone();
                (feed, Some(url))
            }
            None => (fetched, None),
        }
    } else {
        (fetched, None)
    };
    let feed = if crate::sitemap::looks_like_sitemap(&fetched.body) {
        Parsed {
            title: None,
            title_kind: gazette_feed::TextKind::Plain,
            link: None,
            ttl_minutes: None,
            update_period_minutes: None,
            entries: crate::sitemap::read(p, &fetched, p.cfg.max_entries_per_poll).await?,
        }
    } else {
        Parsed::from(parse_feed(&fetched).await?)
    };
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
    let base = fetched.final_url.clone();
    let dates: Vec<DateTime<Utc>> = feed
        .entries
        .iter()
        .filter_map(|e| e.published.or(e.updated))
        .collect();
    let feed_title = plain_text(feed.title.as_deref(), feed.title_kind);
    let site_url = feed.link.clone();
    let mut candidates: Vec<(String, String, gazette_feed::Entry)> = feed
        .entries
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
        .map_err(|e| PollError {
            message: format!("storage: {e}"),
            retry_after: None,
        })?;
    let changed: Vec<_> = candidates
        .into_iter()
        .filter(|(id, hash, _)| known.get(id) != Some(hash))
        .collect();
    let unchanged = ids.len() - changed.len();
    let now = Utc::now();
    let mode = source.extract_mode;
    let built: Vec<(NewEntry, bool)> = futures_util::stream::iter(changed)
        .map(|(identity, hash, entry)| {
            let (p, base) = (p.clone(), base.clone());
            async move { build_entry(&p, identity, hash, &entry, mode, &base, now).await }
        })
        .buffered(p.cfg.concurrent_pages.max(1))
        .collect()
        .await;
    let extracted = built.iter().filter(|(_, x)| *x).count();
    // The source's own section (an OPML folder) is a topic of every entry it carries.
    let section = source
        .topic
        .as_deref()
        .and_then(gazette_story::normalize_topic);
    let entries = built
        .into_iter()
        .map(|(mut e, _)| {
            if let Some(t) = &section
                && !e.topics.iter().any(|x| x.slug == t.slug)
            {
                e.topics.insert(0, t.clone());
            }
            e
        })
        .collect();
    Ok(Built {
        entries,
        outcome: PollOutcome::Success {
            etag: fetched.validators.etag.clone(),
            last_modified: fetched.validators.last_modified.clone(),
            feed_title,
            site_url,
            redirect: redirect(p, moved_to.or_else(|| fetched.permanent_redirect.clone())),
        },
        dates,
        hint,
        unchanged,
        extracted,
        not_modified: false,
    })
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
    entries: Vec<gazette_feed::Entry>,
}

impl From<Feed> for Parsed {
    fn from(f: Feed) -> Self {
        Parsed {
            title: f.title,
            title_kind: f.title_kind,
            link: f.link,
            ttl_minutes: f.ttl_minutes,
            update_period_minutes: f.update_period_minutes,
            entries: f.entries,
        }
    }
}

/// Parses off the async threads; a document that is not a feed is a clear error.
async fn parse_feed(fetched: &Fetched) -> Result<Feed, PollError> {
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
    let parsed = tokio::task::spawn_blocking(move || {
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

fn identity_of(e: &gazette_feed::Entry) -> String {
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
fn feed_hash(e: &gazette_feed::Entry) -> String {
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

/// A title or other short text construct as plain text, whatever the feed's markup kind.
fn plain_text(value: Option<&str>, kind: gazette_feed::TextKind) -> Option<String> {
    match kind {
        gazette_feed::TextKind::Plain => value
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty()),
        gazette_feed::TextKind::Html => text_of(value),
    }
}

fn text_of(html: Option<&str>) -> Option<String> {
    html.map(gazette_extract::html_to_text)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Builds the stored entry; returns whether the article page was extracted and used.
async fn build_entry(
    p: &Pipeline,
    identity: String,
    feed_hash: String,
    e: &gazette_feed::Entry,
    mode: ExtractMode,
    base: &str,
    now: DateTime<Utc>,
) -> (NewEntry, bool) {
    // Plain-text constructs (Atom type="text", JSON Feed content_text) become escaped HTML
    // first, so that "the <blink> tag" stays text.
    let (summary_html, content_html) = (e.summary_html(), e.content_html());
    let summary_text = text_of(summary_html.as_deref());
    let content_text = text_of(content_html.as_deref());
    let feed_html = content_html
        .as_deref()
        .or(summary_html.as_deref())
        .map(|h| sanitize_html(h, Some(base)));
    let feed_text = content_text.clone().or_else(|| summary_text.clone());
    let link = e
        .link
        .clone()
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"));
    let want_page = match mode {
        ExtractMode::Never => false,
        ExtractMode::Always => true,
        ExtractMode::Auto => is_partial(content_text.as_deref(), summary_text.as_deref()),
    };
    let fetched = match (&link, want_page) {
        (Some(url), true) => fetch_article(p, url).await,
        _ => None,
    };
    // The page's own address: what it declares, else where the link led (a tracking redirect).
    let canonical_url = fetched.as_ref().and_then(|(a, final_url)| {
        a.canonical_url
            .clone()
            .or_else(|| (Some(final_url) != link.as_ref()).then(|| final_url.clone()))
            .filter(|u| u.len() <= 2048 && (u.starts_with("https://") || u.starts_with("http://")))
    });
    let article = fetched.map(|(a, _)| a);
    let feed_words = feed_text
        .as_deref()
        .map_or(0, |t| t.split_whitespace().count());
    let use_article = article.as_ref().is_some_and(|a| {
        a.quality >= p.cfg.min_extract_quality
            && !a.text.trim().is_empty()
            && a.word_count > feed_words
    });
    let (content_html, content_text) = match (&article, use_article) {
        (Some(a), true) => (Some(a.html.clone()), Some(a.text.clone())),
        _ => (feed_html, feed_text),
    };
    let title = plain_text(e.title.as_deref(), e.title_kind)
        .or_else(|| article.as_ref().and_then(|a| a.title.clone()))
        .or_else(|| {
            content_text
                .as_deref()
                .map(|t| gazette_story::excerpt(t, 80))
        })
        .unwrap_or_else(|| "Untitled".to_string());
    let summary = summary_text
        .clone()
        .or_else(|| article.as_ref().and_then(|a| a.excerpt.clone()))
        .or_else(|| {
            content_text
                .as_deref()
                .map(|t| gazette_story::excerpt(t, 280))
        });
    let author = e
        .authors
        .iter()
        .filter_map(|a| a.name.clone().or_else(|| a.email.clone()))
        .next()
        .or_else(|| article.as_ref().and_then(|a| a.byline.clone()));
    let image_url = e
        .image
        .clone()
        .or_else(|| {
            e.enclosures
                .iter()
                .find(|x| {
                    x.mime_type
                        .as_deref()
                        .is_some_and(|m| m.starts_with("image/"))
                })
                .map(|x| x.url.clone())
        })
        .or_else(|| article.as_ref().and_then(|a| a.lead_image.clone()))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut topic_names: Vec<String> = e
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .collect();
    if let Some(a) = &article {
        topic_names.extend(a.section.clone());
        if topic_names.is_empty() {
            topic_names.extend(a.keywords.iter().take(4).cloned());
        }
    }
    let published = e
        .published
        .or(e.updated)
        .or_else(|| article.as_ref().and_then(|a| a.published))
        // A date in the future is the publisher's clock or a scheduled post: show it as now.
        .map(|d| d.min(now));
    let entry = NewEntry {
        identity,
        url: link,
        canonical_url,
        title: gazette_story::excerpt(&title, 300),
        summary: summary.map(|s| gazette_story::excerpt(&s, 600)),
        content_html,
        content_text,
        author: author.map(|a| gazette_story::excerpt(&a, 120)),
        published,
        updated: e.updated,
        image_url,
        lang: article.as_ref().and_then(|a| a.lang.clone()),
        topics: gazette_story::topics_from(topic_names.iter().map(String::as_str)),
        extracted: use_article,
        feed_hash,
    };
    (entry, use_article)
}

/// Fetches and extracts an article page; any failure means "use the feed's content". The
/// article comes with the address the page was finally served from (after redirects).
async fn fetch_article(p: &Pipeline, url: &str) -> Option<(Article, String)> {
    let page = match p.fetcher.fetch_page(url).await {
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
    let url = url.to_string();
    let final_url = page.final_url;
    match tokio::task::spawn_blocking(move || gazette_extract::extract(&body, &opts)).await {
        Ok(Ok(a)) => Some((a, final_url)),
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
