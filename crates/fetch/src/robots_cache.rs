//! The robots.txt side of a page fetch: one download per site, shared by concurrent
//! pages, trusted for a day; a site whose robots.txt is failing is left alone for a
//! few minutes instead of being asked again for every queued page.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;
use url::Url;

use crate::FetchError;
use crate::body::BodyLimits;
use crate::fetcher::{Fetcher, Kind, PRUNE_AT, Plan};
use crate::hosts::host_key;
use crate::robots::Robots;

/// How long a robots.txt answer is trusted.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long an unavailable robots.txt (5xx, 429, timeout) keeps the site's pages
/// waiting before it is asked for again, so that a queue of pages does not hammer a
/// failing server with robots.txt requests.
const ROBOTS_RETRY: Duration = Duration::from_secs(5 * 60);
/// Bytes of robots.txt read; the rest is ignored (RFC 9309 asks for at least 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// robots.txt per origin. The async lock of each slot makes concurrent pages of one
/// site wait for a single download.
#[derive(Default)]
pub(crate) struct RobotsCache {
    map: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<RobotsEntry>>>>>,
}

struct RobotsEntry {
    expires: Instant,
    /// The rules, or why robots.txt was unavailable.
    robots: Result<Arc<Robots>, String>,
}

impl Fetcher {
    /// Fails unless robots.txt of `url`'s site allows it.
    pub(crate) async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let robots = self.robots_for(url).await?;
        let mut path = url.path().to_owned();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        if robots.allows(&path) {
            Ok(())
        } else {
            Err(FetchError::RobotsDisallowed {
                url: url.to_string(),
            })
        }
    }

    async fn robots_for(&self, url: &Url) -> Result<Arc<Robots>, FetchError> {
        let origin = url.origin().ascii_serialization();
        let slot = {
            let mut map = self
                .inner
                .robots
                .map
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if map.len() > PRUNE_AT {
                let now = Instant::now();
                // An entry locked right now is being loaded or read: keep it.
                map.retain(|_, slot| {
                    slot.try_lock()
                        .map_or(true, |e| e.as_ref().is_some_and(|e| e.expires > now))
                });
            }
            map.entry(origin).or_default().clone()
        };
        let mut entry = slot.lock().await;
        if let Some(e) = entry.as_ref()
            && e.expires > Instant::now()
        {
            return e
                .robots
                .clone()
                .map_err(|reason| FetchError::RobotsUnavailable {
                    url: url.to_string(),
                    reason,
                });
        }
        let (robots, ttl) = match self.load_robots(url).await {
            Ok(robots) => {
                self.inner
                    .hosts
                    .set_crawl_delay(&host_key(url), robots.crawl_delay);
                (Ok(Arc::new(robots)), ROBOTS_TTL)
            }
            Err(FetchError::RobotsUnavailable { reason, .. }) => (Err(reason), ROBOTS_RETRY),
            // Refusals and connection failures concern the page as much as robots.txt:
            // reported as they are, not remembered.
            Err(e) => return Err(e),
        };
        *entry = Some(RobotsEntry {
            expires: Instant::now() + ttl,
            robots: robots.clone(),
        });
        robots.map_err(|reason| FetchError::RobotsUnavailable {
            url: url.to_string(),
            reason,
        })
    }

    /// Downloads and parses robots.txt for `page`'s site. Per RFC 9309: 4xx allows
    /// everything, 5xx (and 429, and network failure) means nothing may be fetched yet.
    ///
    /// Returns a boxed future: a page's `get` calls this, which calls `get` again, and
    /// the box is what lets the compiler see the cycle is `Send`.
    fn load_robots<'a>(
        &'a self,
        page: &'a Url,
    ) -> Pin<Box<dyn Future<Output = Result<Robots, FetchError>> + Send + 'a>> {
        Box::pin(async move {
            let robots_url = page
                .join("/robots.txt")
                .map_err(|e| FetchError::InvalidUrl {
                    url: page.to_string(),
                    reason: e.to_string(),
                })?;
            let plan = Plan {
                kind: Kind::Robots,
                gate: None,
                validators: None,
                limits: BodyLimits {
                    max_bytes: ROBOTS_MAX_BYTES,
                    truncate: true,
                    ..self.limits(ROBOTS_MAX_BYTES)
                },
                budget: self.inner.cfg.total_timeout,
            };
            let unavailable = |reason: String| FetchError::RobotsUnavailable {
                url: page.to_string(),
                reason,
            };
            match self.get(robots_url, &plan).await {
                Ok(raw) if (200..300).contains(&raw.status) => Ok(Robots::parse(
                    &String::from_utf8_lossy(&raw.body),
                    &self.inner.agent_token,
                )),
                Ok(raw) if raw.status == 429 || raw.status >= 500 => {
                    Err(unavailable(format!("HTTP {}", raw.status)))
                }
                Ok(_) => Ok(Robots::allow_all()),
                Err(FetchError::TooManyRedirects { .. } | FetchError::RedirectLoop { .. }) => {
                    Ok(Robots::allow_all())
                }
                Err(
                    e @ (FetchError::Blocked { .. }
                    | FetchError::Dns { .. }
                    | FetchError::Connect { .. }
                    | FetchError::InvalidUrl { .. }
                    | FetchError::UnsupportedScheme { .. }),
                ) => Err(e),
                Err(e) => Err(unavailable(e.to_string())),
            }
        })
    }
}
