//! [`Fetcher`]: the one HTTP client every outgoing request of Gazette goes through.
//!
//! A fetch is a loop of hops. Each hop is checked by the SSRF guard, waits for the
//! host's turn (pages and feeds), asks robots.txt (pages), and sends one GET with the
//! client's automatic redirects off, so that every redirect target passes the same
//! checks. The body is read under the size and rate limits; the whole loop runs under
//! the total timeout, not counting the time spent queueing for a host.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::{Host, Url};

use crate::body::{BodyLimits, read_body};
use crate::error;
use crate::guard::{Guard, GuardedResolver};
use crate::headers;
use crate::hosts::{Hosts, host_key};
use crate::metrics::FetchMetrics;
use crate::robots_cache::RobotsCache;
use crate::{CacheHints, FeedFetch, FetchConfig, FetchError, Fetched, Validators};

/// Size of the per-origin and per-host maps past which stale entries are dropped.
pub(crate) const PRUNE_AT: usize = 4096;

/// How long an idle keep-alive connection is kept for reuse. A poll's article pages follow
/// its feed on the same host within the per-host delay (1 s by default), so they still reuse
/// it; a round over thousands of hosts does not keep a socket and its buffers for each
/// (`bench_poll`, 2,000 hosts: 82 MB peak instead of 113 MB with 60 s; 42 MB without reuse).
const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

const ACCEPT_FEED: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
const ACCEPT_PAGE: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
const ACCEPT_JSON: &str = "application/json";
const ACCEPT_IMAGE: &str = "image/avif, image/webp, image/png, image/svg+xml, image/*;q=0.8";
const ACCEPT_ROBOTS: &str = "text/plain, */*;q=0.5";

/// The polite, hardened HTTP client. Cheap to clone: clones share the connection
/// pool, the per-host politeness state and the robots.txt cache.
#[derive(Clone)]
pub struct Fetcher {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) cfg: FetchConfig,
    client: reqwest::Client,
    guard: Guard,
    pub(crate) hosts: Hosts,
    /// robots.txt per origin; the async lock makes concurrent pages of one site wait
    /// for a single download.
    pub(crate) robots: RobotsCache,
    /// Product token of our user agent, matched against robots.txt groups.
    pub(crate) agent_token: String,
    pub(crate) metrics: FetchMetrics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Feed,
    Page,
    Json,
    Image,
    Robots,
}

impl Kind {
    fn accept(self) -> &'static str {
        match self {
            Kind::Feed => ACCEPT_FEED,
            Kind::Page => ACCEPT_PAGE,
            Kind::Json => ACCEPT_JSON,
            Kind::Image => ACCEPT_IMAGE,
            Kind::Robots => ACCEPT_ROBOTS,
        }
    }

    /// Whether the per-host concurrency and delay apply. robots.txt is part of the
    /// page fetch that needs it; small JSON APIs are called rarely and on a timer.
    fn polite(self) -> bool {
        matches!(self, Kind::Feed | Kind::Page)
    }
}

pub(crate) struct Plan<'a> {
    pub(crate) kind: Kind,
    /// A caller's bound on bodies in hand, taken with the host's turn ([`Hosts::acquire`]).
    pub(crate) gate: Option<&'a Arc<Semaphore>>,
    pub(crate) validators: Option<&'a Validators>,
    pub(crate) limits: BodyLimits,
    pub(crate) budget: Duration,
}

/// The final response of a fetch, before it is judged by the caller.
pub(crate) struct Raw {
    pub(crate) final_url: Url,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    permanent_redirect: Option<String>,
    elapsed: Duration,
    /// The slot of the plan's gate, held from the first request on.
    gated: Option<OwnedSemaphorePermit>,
}

enum Hop {
    Redirect { status: u16, location: String },
    Done(u16, HeaderMap, Bytes),
}

impl Fetcher {
    /// Builds the client. Fails on a configuration that [`FetchConfig::validate`]
    /// refuses (an empty user agent, a zero timeout or size limit).
    pub fn new(cfg: FetchConfig) -> Result<Self, FetchError> {
        let guard = Guard {
            allow_all: cfg.allow_private_addresses,
            allow_loopback: false,
        };
        Self::with_guard(cfg, guard)
    }

    pub(crate) fn with_guard(cfg: FetchConfig, guard: Guard) -> Result<Self, FetchError> {
        Self::build(cfg, guard, Vec::new())
    }

    /// `extra_roots` are trusted besides the system's roots (tests with a local CA).
    pub(crate) fn build(
        cfg: FetchConfig,
        guard: Guard,
        extra_roots: Vec<reqwest::Certificate>,
    ) -> Result<Self, FetchError> {
        cfg.validate()
            .map_err(|e| FetchError::Other(format!("invalid fetch configuration: {e}")))?;
        // reqwest is built without a compiled-in TLS provider; ring is the one provider
        // of the workspace. Installing twice is harmless (the second call is refused).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve names itself, out of the guard's sight.
            .no_proxy()
            .connect_timeout(cfg.connect_timeout)
            .dns_resolver(Arc::new(GuardedResolver(guard)))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_idle_timeout(IDLE_CONNECTION_TIMEOUT)
            .tls_certs_merge(extra_roots)
            .build()
            .map_err(|e| {
                FetchError::Other(format!("cannot build HTTP client: {}", error::chain(&e)))
            })?;
        let agent_token = cfg
            .user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or("")
            .to_owned();
        let hosts = Hosts::new(
            cfg.per_host_concurrency,
            cfg.per_host_delay,
            cfg.max_in_flight,
        );
        Ok(Self {
            inner: Arc::new(Inner {
                cfg,
                client,
                guard,
                hosts,
                robots: RobotsCache::default(),
                agent_token,
                metrics: FetchMetrics::default(),
            }),
        })
    }

    /// The configuration this fetcher was built with.
    pub fn config(&self) -> &FetchConfig {
        &self.inner.cfg
    }

    /// Counters of every feed, page and JSON fetch made through this fetcher and its
    /// clones since it was built.
    pub fn metrics(&self) -> &FetchMetrics {
        &self.inner.metrics
    }

    /// Feed, page and robots.txt requests in flight now, to all hosts together (at most
    /// [`FetchConfig::max_in_flight`]).
    pub fn in_flight(&self) -> usize {
        self.inner.hosts.in_flight(self.inner.cfg.max_in_flight)
    }

    /// Fetches a feed with a conditional GET built from `validators`.
    ///
    /// 304 gives [`FeedFetch::NotModified`]; any other non-2xx final status is
    /// [`FetchError::Status`]. robots.txt is not consulted: a feed is published to be
    /// polled. The body is capped at `max_feed_bytes`.
    pub async fn fetch_feed(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FeedFetch, FetchError> {
        self.feed(url, validators, None).await.map(|(feed, _)| feed)
    }

    /// [`Fetcher::fetch_feed`] under the caller's `gate`, as [`Fetcher::fetch_page_gated`]:
    /// the slot is taken when the host's turn comes and handed back with the answer (the
    /// pipeline keeps it until the feed is read).
    pub async fn fetch_feed_gated(
        &self,
        url: &str,
        validators: &Validators,
        gate: &Arc<Semaphore>,
    ) -> Result<(FeedFetch, OwnedSemaphorePermit), FetchError> {
        let (feed, slot) = self.feed(url, validators, Some(gate)).await?;
        let slot = slot.ok_or_else(|| FetchError::Other("feed fetched without its gate".into()))?;
        Ok((feed, slot))
    }

    async fn feed(
        &self,
        url: &str,
        validators: &Validators,
        gate: Option<&Arc<Semaphore>>,
    ) -> Result<(FeedFetch, Option<OwnedSemaphorePermit>), FetchError> {
        let started = Instant::now();
        let plan = Plan {
            kind: Kind::Feed,
            gate,
            validators: Some(validators),
            limits: self.limits(self.inner.cfg.max_feed_bytes),
            budget: self.inner.cfg.total_timeout,
        };
        let result = async {
            let mut raw = self.get(parse_url(url)?, &plan).await?;
            let slot = raw.gated.take();
            if raw.status == 304 {
                return Ok((
                    304,
                    0,
                    FeedFetch::NotModified {
                        cache: headers::cache_hints(&raw.headers, chrono::Utc::now()),
                        permanent_redirect: raw.permanent_redirect,
                    },
                    slot,
                ));
            }
            let fetched = fetched(url, raw)?;
            Ok((
                fetched.status,
                fetched.body.len(),
                FeedFetch::Fetched(fetched),
                slot,
            ))
        }
        .await
        .map_err(FetchError::redacted);
        self.finish(
            url,
            "feed",
            started,
            result.as_ref().map(|(s, b, _, _)| (*s, *b)),
        );
        result.map(|(_, _, f, slot)| (f, slot))
    }

    /// Fetches an article page: robots.txt of every hop's site is obeyed (fetched once
    /// per site and kept 24 h; its `Crawl-delay` raises that host's delay), the body is
    /// capped at `max_page_bytes`, and a non-2xx final status is [`FetchError::Status`].
    pub async fn fetch_page(&self, url: &str) -> Result<Fetched, FetchError> {
        self.page(url, None).await.map(|(page, _)| page)
    }

    /// [`Fetcher::fetch_page`] under the caller's `gate`: a slot of it is taken when the
    /// host's turn comes (never while waiting for the turn) and handed back with the page,
    /// so that the caller bounds how many fetched bodies wait for it (the pipeline keeps
    /// the slot until the page is extracted). No slot is held after a failure.
    pub async fn fetch_page_gated(
        &self,
        url: &str,
        gate: &Arc<Semaphore>,
    ) -> Result<(Fetched, OwnedSemaphorePermit), FetchError> {
        let (page, slot) = self.page(url, Some(gate)).await?;
        let slot = slot.ok_or_else(|| FetchError::Other("page fetched without its gate".into()))?;
        Ok((page, slot))
    }

    async fn page(
        &self,
        url: &str,
        gate: Option<&Arc<Semaphore>>,
    ) -> Result<(Fetched, Option<OwnedSemaphorePermit>), FetchError> {
        let started = Instant::now();
        let plan = Plan {
            kind: Kind::Page,
            gate,
            validators: None,
            limits: self.limits(self.inner.cfg.max_page_bytes),
            budget: self.inner.cfg.total_timeout,
        };
        let result = async {
            let mut raw = self.get(parse_url(url)?, &plan).await?;
            let slot = raw.gated.take();
            fetched(url, raw).map(|f| (f, slot))
        }
        .await
        .map_err(FetchError::redacted);
        self.finish(
            url,
            "page",
            started,
            result.as_ref().map(|(f, _)| (f.status, f.body.len())),
        );
        result
    }

    /// Fetches a small JSON document (the weather service) within `timeout`, with the
    /// guard, redirect and size limits (`max_page_bytes`) but without robots.txt or
    /// per-host delay.
    pub async fn fetch_json(
        &self,
        url: &str,
        timeout: Duration,
    ) -> Result<serde_json::Value, FetchError> {
        let started = Instant::now();
        let plan = Plan {
            kind: Kind::Json,
            gate: None,
            validators: None,
            limits: self.limits(self.inner.cfg.max_page_bytes),
            budget: timeout,
        };
        let result = async {
            let f = fetched(url, self.get(parse_url(url)?, &plan).await?)?;
            let value: serde_json::Value =
                serde_json::from_slice(&f.body).map_err(|e| FetchError::Json {
                    url: url.to_owned(),
                    reason: e.to_string(),
                })?;
            Ok((f.status, f.body.len(), value))
        }
        .await
        .map_err(FetchError::redacted);
        self.finish(
            url,
            "json",
            started,
            result.as_ref().map(|(s, b, _)| (*s, *b)),
        );
        result.map(|(_, _, v)| v)
    }

    /// Sends an `application/x-www-form-urlencoded` POST (a WebSub hub's publish ping) within
    /// `timeout` and returns the status: the guard checks the address (and every address its
    /// name resolves to), no redirect is followed, the answer's body is not read.
    pub async fn post_form(
        &self,
        url: &str,
        pairs: &[(&str, &str)],
        timeout: Duration,
    ) -> Result<u16, FetchError> {
        let started = Instant::now();
        let result = async {
            let parsed = parse_url(url)?;
            self.inner.guard.check_static(&parsed)?;
            let body = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            let send = self
                .inner
                .client
                .post(parsed.clone())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body)
                .send();
            let resp = tokio::time::timeout(timeout, send)
                .await
                .map_err(|_| FetchError::Timeout {
                    url: url.to_owned(),
                    after: timeout,
                })?
                .map_err(|e| error::from_send(e, url, self.inner.cfg.connect_timeout))?;
            Ok(resp.status().as_u16())
        }
        .await
        .map_err(FetchError::redacted);
        self.finish(url, "post", started, result.as_ref().map(|s| (*s, 0)));
        result
    }

    /// Fetches an image for the website's media proxy within `timeout`, the body capped at
    /// `max_bytes`: the guard, redirect and rate limits apply, robots.txt and the per-host
    /// delay do not (a reader's browser loads a page's images the same way). Anything but an
    /// `image/*` response is [`FetchError::NotImage`].
    pub async fn fetch_image(
        &self,
        url: &str,
        max_bytes: u64,
        timeout: Duration,
    ) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let plan = Plan {
            kind: Kind::Image,
            gate: None,
            validators: None,
            limits: self.limits(max_bytes),
            budget: timeout,
        };
        let result = async {
            let f = fetched(url, self.get(parse_url(url)?, &plan).await?)?;
            if !f
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("image/"))
            {
                return Err(FetchError::NotImage {
                    url: url.to_owned(),
                    content_type: f.content_type.unwrap_or_default(),
                });
            }
            Ok(f)
        }
        .await
        .map_err(FetchError::redacted);
        self.finish(
            url,
            "image",
            started,
            result.as_ref().map(|f| (f.status, f.body.len())),
        );
        result
    }

    /// The SSRF guard alone: `Ok` when `url` is http(s) and its host is, or resolves
    /// only to, public addresses. For refusing a source before it is stored; the fetch
    /// functions apply the same check to every hop by themselves. With
    /// `allow_private_addresses` only the URL's form is checked (no DNS lookup).
    pub fn check_url(
        &self,
        url: &str,
    ) -> impl Future<Output = Result<(), FetchError>> + Send + use<> {
        let parsed = parse_url(url);
        let guard = self.inner.guard;
        async move {
            let url = parsed.map_err(FetchError::redacted)?;
            guard.check_static(&url).map_err(FetchError::redacted)?;
            if let Some(Host::Domain(domain)) = url.host()
                && !guard.allow_all
            {
                guard
                    .resolve(domain)
                    .await
                    .map_err(|e| e.to_fetch_error(url.as_str()).redacted())?;
            }
            Ok(())
        }
    }

    pub(crate) fn limits(&self, max_bytes: u64) -> BodyLimits {
        BodyLimits {
            max_bytes,
            truncate: false,
            min_bytes_per_sec: self.inner.cfg.min_bytes_per_sec,
            window: self.inner.cfg.min_rate_window,
        }
    }

    /// Follows redirects from `url` to a final response.
    pub(crate) async fn get(&self, mut url: Url, plan: &Plan<'_>) -> Result<Raw, FetchError> {
        let cfg = &self.inner.cfg;
        let mut visited = HashSet::from([url.to_string()]);
        let mut hops = 0;
        let mut all_permanent = true;
        let mut spent = Duration::ZERO;
        let mut gated = None;
        loop {
            self.inner.guard.check_static(&url)?;
            // The request and robots.txt are awaited boxed: a page waiting for its host's turn
            // (most of a page's life on a wire) then holds a small future, not the largest
            // state of a request in flight (1.9 KB; two pages per source in progress).
            if plan.kind == Kind::Page {
                Box::pin(self.check_robots(&url)).await?;
            }
            let key = host_key(&url);
            let (_permit, _global) = if plan.kind.polite() {
                self.check_backoff(&key)?;
                let gate = plan.gate.filter(|_| gated.is_none());
                let (permit, slot) = self.inner.hosts.acquire(&key, gate).await;
                if slot.is_some() {
                    gated = slot;
                }
                // The host may have asked for a pause while this request queued.
                self.check_backoff(&key)?;
                (Some(permit), None)
            } else if plan.kind == Kind::Robots {
                (None, Some(self.inner.hosts.global_slot().await))
            } else {
                (None, None)
            };
            let remaining = plan.budget.saturating_sub(spent);
            let hop_started = Instant::now();
            let hop = tokio::time::timeout(remaining, Box::pin(self.hop(&url, plan))).await;
            spent += hop_started.elapsed();
            let hop = hop.map_err(|_| FetchError::Timeout {
                url: url.to_string(),
                after: plan.budget,
            })??;
            match hop {
                Hop::Done(status, headers, body) => {
                    if plan.kind.polite()
                        && matches!(status, 429 | 503)
                        && let Some(wait) =
                            headers::cache_hints(&headers, chrono::Utc::now()).retry_after
                    {
                        self.inner.hosts.pause(&key, wait);
                    }
                    let permanent_redirect = (hops > 0 && all_permanent).then(|| url.to_string());
                    return Ok(Raw {
                        final_url: url,
                        status,
                        headers,
                        body,
                        permanent_redirect,
                        elapsed: spent,
                        gated,
                    });
                }
                Hop::Redirect { status, location } => {
                    let mut next = url.join(&location).map_err(|e| FetchError::InvalidUrl {
                        url: location.clone(),
                        reason: format!("bad redirect from {url}: {e}"),
                    })?;
                    next.set_fragment(None);
                    if !visited.insert(next.to_string()) {
                        return Err(FetchError::RedirectLoop {
                            url: next.to_string(),
                        });
                    }
                    hops += 1;
                    if hops > cfg.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: url.to_string(),
                            limit: cfg.max_redirects,
                        });
                    }
                    all_permanent &= matches!(status, 301 | 308);
                    url = next;
                }
            }
        }
    }

    fn check_backoff(&self, key: &str) -> Result<(), FetchError> {
        match self.inner.hosts.paused(key) {
            None => Ok(()),
            Some(retry_after) => Err(FetchError::HostBackoff {
                host: key.to_owned(),
                retry_after,
            }),
        }
    }

    /// One request: sends it and reads the body of a success.
    async fn hop(&self, url: &Url, plan: &Plan<'_>) -> Result<Hop, FetchError> {
        let mut req = self
            .inner
            .client
            .get(url.clone())
            .header(header::ACCEPT, plan.kind.accept());
        if let Some(v) = plan.validators {
            // A stored validator that is not a valid header value is skipped: the
            // fetch becomes unconditional instead of failing.
            let valid = |v: &Option<String>| {
                v.as_deref()
                    .and_then(|v| header::HeaderValue::from_str(v).ok())
            };
            if let Some(etag) = valid(&v.etag) {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = valid(&v.last_modified) {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let resp = req
            .send()
            .await
            .map_err(|e| error::from_send(e, url.as_str(), self.inner.cfg.connect_timeout))?;
        let status = resp.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308)
            && let Some(location) = resp.headers().get(header::LOCATION)
        {
            // Some servers send raw UTF-8 in Location; `Url::join` percent-encodes it.
            return Ok(Hop::Redirect {
                status,
                location: String::from_utf8_lossy(location.as_bytes())
                    .trim()
                    .to_owned(),
            });
        }
        let headers = resp.headers().clone();
        let body = if (200..300).contains(&status) {
            read_body(resp, plan.limits, url.as_str()).await?
        } else {
            Bytes::new()
        };
        Ok(Hop::Done(status, headers, body))
    }
}

fn parse_url(url: &str) -> Result<Url, FetchError> {
    let mut parsed = Url::parse(url.trim()).map_err(|e| FetchError::InvalidUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    parsed.set_fragment(None);
    Ok(parsed)
}

/// Judges the final response: a success becomes [`Fetched`], anything else an error.
fn fetched(requested: &str, raw: Raw) -> Result<Fetched, FetchError> {
    let cache = headers::cache_hints(&raw.headers, chrono::Utc::now());
    if !(200..300).contains(&raw.status) {
        return Err(FetchError::Status {
            url: raw.final_url.to_string(),
            status: raw.status,
            retry_after: cache.retry_after,
        });
    }
    let (content_type, charset) = headers::content_type(&raw.headers);
    Ok(Fetched {
        url: requested.to_owned(),
        final_url: raw.final_url.to_string(),
        status: raw.status,
        content_type,
        charset,
        content_location: headers::content_location(&raw.headers, &raw.final_url),
        content_language: headers::content_language(&raw.headers),
        body: raw.body,
        validators: headers::validators(&raw.headers),
        cache: CacheHints { ..cache },
        permanent_redirect: raw.permanent_redirect,
        elapsed: raw.elapsed,
        links: headers::links(&raw.headers, &raw.final_url),
    })
}

impl Fetcher {
    /// The end of every fetch: its one debug event and its count in the metrics.
    fn finish(
        &self,
        url: &str,
        kind: &str,
        started: Instant,
        outcome: Result<(u16, usize), &FetchError>,
    ) {
        let elapsed = started.elapsed();
        self.inner
            .metrics
            .record(kind, elapsed, outcome.map(|(status, _)| status == 304));
        let duration_ms = elapsed.as_millis() as u64;
        let shown = error::redact(url);
        let url = shown.as_str();
        match outcome {
            Ok((status, bytes)) => {
                tracing::debug!(url, kind, status, bytes, duration_ms, "fetch done");
            }
            Err(e) => {
                let status = match e {
                    FetchError::Status { status, .. } => *status,
                    _ => 0,
                };
                tracing::debug!(url, kind, status, bytes = 0u64, duration_ms, error.kind = e.code(), error = %e, "fetch failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{Reply, Server};

    /// A fetcher that may reach the test server on loopback but guards every other
    /// range, so that redirect hops can be checked.
    fn loopback_only() -> Fetcher {
        let cfg = FetchConfig {
            per_host_delay: Duration::ZERO,
            total_timeout: Duration::from_secs(2),
            ..FetchConfig::default()
        };
        let guard = Guard {
            allow_all: false,
            allow_loopback: true,
        };
        Fetcher::with_guard(cfg, guard).unwrap()
    }

    #[tokio::test]
    async fn every_redirect_hop_passes_the_guard() {
        let server = Server::start(|r| match r.path.as_str() {
            "/robots.txt" => Reply::status(404),
            "/to-private" => Reply::redirect(302, "http://10.0.0.1/admin"),
            "/to-metadata" => Reply::redirect(301, "http://169.254.169.254/latest/meta-data/"),
            "/to-mapped" => Reply::redirect(307, "http://[::ffff:a00:1]/"),
            "/to-file" => Reply::redirect(302, "file:///etc/passwd"),
            _ => Reply::ok("text/html", "fine"),
        })
        .await;
        let f = loopback_only();
        let started = Instant::now();
        for path in ["/to-private", "/to-metadata", "/to-mapped"] {
            let err = f.fetch_page(&server.url(path)).await.unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{path}: {err}");
            let err = f
                .fetch_feed(&server.url(path), &Validators::default())
                .await
                .unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{path}: {err}");
        }
        let err = f.fetch_page(&server.url("/to-file")).await.unwrap_err();
        assert!(matches!(err, FetchError::UnsupportedScheme { .. }), "{err}");
        f.fetch_page(&server.url("/fine")).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn agent_token_is_the_product_name() {
        let f = Fetcher::new(FetchConfig {
            user_agent: "Gazette/0.1 (+https://site.url)".into(),
            ..FetchConfig::default()
        })
        .unwrap();
        assert_eq!(f.inner.agent_token, "Gazette");
    }

    /// The pipeline spawns fetches on a multi-threaded runtime.
    #[test]
    fn fetch_futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
        assert_send_sync::<Fetcher>();
        let f = Fetcher::new(FetchConfig::default()).unwrap();
        let v = Validators::default();
        assert_send(&f.fetch_page("http://example.invalid/"));
        assert_send(&f.fetch_feed("http://example.invalid/", &v));
        assert_send(&f.fetch_json("http://example.invalid/", Duration::from_secs(1)));
        let check = f.check_url("http://example.invalid/");
        assert_send(&check);
        // `check_url` borrows nothing: it can outlive its arguments.
        drop(f);
        drop(check);
    }
}
