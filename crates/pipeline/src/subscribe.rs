//! Subscribing: turn what a user typed (a feed URL or a site's home page) into a feed URL.

use gazette_feed::ParseOptions;
use gazette_fetch::{FeedFetch, FetchError, Fetcher, Validators};

/// Why a URL cannot be followed.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error(
        "{url} is not a feed and its page names no feed (tried <link rel=\"alternate\"> and common feed paths)"
    )]
    NoFeed { url: String },
    #[error("{url} is not a readable feed: {reason}")]
    NotAFeed { url: String, reason: String },
}

/// A feed found for a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFeed {
    pub url: String,
    pub title: Option<String>,
}

/// Paths tried when a home page names no feed.
const COMMON_PATHS: &[&str] = &[
    "/feed",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/rss",
    "/feed.json",
];

/// Finds the feed behind `url`: the URL itself when it is a feed or a news sitemap, else the feeds
/// its page links with `<link rel="alternate">`, else common feed paths on the same site, else the
/// sitemaps its robots.txt names (news sitemaps first), for sites that publish no feed.
pub async fn find_feed(fetcher: &Fetcher, url: &str) -> Result<FoundFeed, SubscribeError> {
    fetcher.check_url(url).await?;
    let fetched = match fetcher.fetch_feed(url, &Validators::default()).await? {
        FeedFetch::Fetched(f) => f,
        FeedFetch::NotModified { .. } => {
            return Ok(FoundFeed {
                url: url.to_string(),
                title: None,
            });
        }
    };
    if !gazette_feed::looks_like_html(&fetched.body) {
        return match try_parse(&fetched.body, &fetched.final_url) {
            Ok(title) => Ok(FoundFeed {
                url: fetched.final_url.clone(),
                title,
            }),
            Err(reason) => Err(SubscribeError::NotAFeed {
                url: url.to_string(),
                reason,
            }),
        };
    }
    let html = gazette_extract::decode(&fetched.body, fetched.charset.as_deref());
    let mut candidates = gazette_feed::discover(&html, &fetched.final_url);
    if let Ok(base) = url::Url::parse(&fetched.final_url) {
        candidates.extend(
            COMMON_PATHS
                .iter()
                .filter_map(|p| base.join(p).ok())
                .map(String::from),
        );
    }
    for candidate in candidates.into_iter().take(12) {
        let Ok(FeedFetch::Fetched(f)) =
            fetcher.fetch_feed(&candidate, &Validators::default()).await
        else {
            continue;
        };
        if gazette_feed::looks_like_html(&f.body) {
            continue;
        }
        if let Ok(title) = try_parse(&f.body, &f.final_url) {
            return Ok(FoundFeed {
                url: f.final_url.clone(),
                title,
            });
        }
    }
    if let Some(found) = sitemap_from_robots(fetcher, &fetched.final_url).await {
        return Ok(found);
    }
    Err(SubscribeError::NoFeed {
        url: url.to_string(),
    })
}

/// The first readable sitemap named by the site's robots.txt, news sitemaps first.
async fn sitemap_from_robots(fetcher: &Fetcher, page: &str) -> Option<FoundFeed> {
    let robots = url::Url::parse(page).ok()?.join("/robots.txt").ok()?;
    let Ok(FeedFetch::Fetched(f)) = fetcher
        .fetch_feed(robots.as_str(), &Validators::default())
        .await
    else {
        return None;
    };
    let text = String::from_utf8_lossy(&f.body);
    let mut sitemaps: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case("sitemap")
                .then(|| value.trim().to_string())
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect();
    sitemaps.sort_by_key(|u| !u.to_ascii_lowercase().contains("news"));
    for candidate in sitemaps.into_iter().take(5) {
        if let Ok(FeedFetch::Fetched(s)) =
            fetcher.fetch_feed(&candidate, &Validators::default()).await
            && crate::sitemap::looks_like_sitemap(&s.body)
            && gazette_feed::sitemap::parse(&s.body).is_ok()
        {
            return Some(FoundFeed {
                url: s.final_url.clone(),
                title: None,
            });
        }
    }
    None
}

fn try_parse(body: &[u8], url: &str) -> Result<Option<String>, String> {
    if crate::sitemap::looks_like_sitemap(body) {
        return gazette_feed::sitemap::parse(body)
            .map(|_| None)
            .map_err(|e| e.to_string());
    }
    let opts = ParseOptions {
        url: Some(url.to_string()),
        ..ParseOptions::default()
    };
    let feed = gazette_feed::parse(body, &opts).map_err(|e| e.to_string())?;
    Ok(feed
        .title
        .map(|t| gazette_extract::html_to_text(&t).trim().to_string())
        .filter(|t| !t.is_empty()))
}

/// What following a URL did.
#[derive(Debug, Clone)]
pub struct Followed {
    pub source: gazette_model::Source,
    /// The feed found when it differs from the URL given (a home page's feed).
    pub found: Option<String>,
    /// Why the feed could not be checked now, when it was followed anyway (it is retried).
    pub unreachable: Option<String>,
}

/// Why a URL cannot be followed.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error(transparent)]
    Subscribe(#[from] SubscribeError),
    #[error("{0}")]
    Store(#[from] gazette_store::StoreError),
}

/// Follows a feed or a site whose page names one (what `gazette source add` and the admin's
/// form do): the feed is found, stored with its name (given, else the feed's title), extraction
/// mode and section. A feed that cannot be reached now for a transient reason is followed
/// anyway and retried with back-off; an address refused by the fetcher's guard, or a page
/// naming no feed, is an error.
pub async fn follow(
    fetcher: &Fetcher,
    store: &dyn gazette_store::Store,
    url: &str,
    name: Option<String>,
    extract_mode: gazette_model::ExtractMode,
    topic: Option<&str>,
) -> Result<Followed, FollowError> {
    let url = url.trim();
    let (found, unreachable) = match find_feed(fetcher, url).await {
        Ok(found) => (found, None),
        Err(SubscribeError::Fetch(e)) if e.is_transient() => (
            FoundFeed {
                url: url.to_string(),
                title: None,
            },
            Some(e.to_string()),
        ),
        Err(e) => return Err(e.into()),
    };
    let mut source = store
        .add_source(gazette_store::NewSource {
            url: found.url.clone(),
            name: name.filter(|n| !n.trim().is_empty()).or(found.title),
            extract_mode,
        })
        .await?;
    if let Some(topic) = topic.map(str::trim).filter(|t| !t.is_empty()) {
        let changes = gazette_store::SourceChanges {
            topic: Some(Some(topic.to_string())),
            ..Default::default()
        };
        store.update_source(source.id, &changes).await?;
        source.topic = Some(topic.to_string());
    }
    Ok(Followed {
        found: (found.url != url).then_some(found.url),
        source,
        unreachable,
    })
}

/// What importing an OPML file did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub added: usize,
    /// Feeds already followed.
    pub duplicates: usize,
    /// Feeds refused, with why (not http or https, a private address, ...).
    pub refused: Vec<(String, String)>,
    /// What the OPML parser recovered from.
    pub warnings: Vec<String>,
}

/// Why an OPML file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not a readable OPML file: {0}")]
    Parse(#[from] gazette_feed::FeedError),
    #[error("{0}")]
    Store(#[from] gazette_store::StoreError),
}

/// Follows every feed of an OPML file; a feed's innermost folder becomes its section. Feeds are
/// not fetched here (a file of thousands would take minutes): each address is checked by the
/// fetcher's guard and polled at the next round.
pub async fn import_opml(
    fetcher: &Fetcher,
    store: &dyn gazette_store::Store,
    bytes: &[u8],
) -> Result<ImportReport, ImportError> {
    let opml = gazette_feed::opml::parse(bytes)?;
    let mut report = ImportReport {
        warnings: opml.warnings.iter().map(ToString::to_string).collect(),
        ..Default::default()
    };
    for sub in opml.subscriptions() {
        if let Err(e) = fetcher.check_url(&sub.xml_url).await {
            report.refused.push((sub.xml_url.clone(), e.to_string()));
            continue;
        }
        let source = match store
            .add_source(gazette_store::NewSource {
                url: sub.xml_url.clone(),
                name: sub.title.clone(),
                extract_mode: gazette_model::ExtractMode::Auto,
            })
            .await
        {
            Ok(s) => s,
            Err(gazette_store::StoreError::DuplicateSource(_)) => {
                report.duplicates += 1;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(folder) = sub.folder.last() {
            let changes = gazette_store::SourceChanges {
                topic: Some(Some(folder.clone())),
                ..Default::default()
            };
            store.update_source(source.id, &changes).await?;
        }
        report.added += 1;
    }
    Ok(report)
}
