//! Gazette's fetch stage: the polite, hardened HTTP client that every outgoing request
//! goes through (feeds, article pages, the weather service).
//!
//! It knows nothing of parsing or storage: bytes and headers come out, and errors that
//! say whether to retry. One [`Fetcher`] is built at start-up and cloned into every
//! task that fetches; clones share the connection pool, per-host politeness state and
//! the robots.txt cache.
//!
//! ```no_run
//! # async fn demo() -> Result<(), gazette_fetch::FetchError> {
//! use gazette_fetch::{FeedFetch, FetchConfig, Fetcher, Validators};
//!
//! let fetcher = Fetcher::new(FetchConfig {
//!     user_agent: "Gazette/0.1 (+https://news.example)".into(),
//!     ..FetchConfig::default()
//! })?;
//! fetcher.check_url("https://news.example/feed.xml").await?; // before storing a source
//! match fetcher.fetch_feed("https://news.example/feed.xml", &Validators::default()).await? {
//!     FeedFetch::NotModified { cache, .. } => println!("unchanged, fresh for {:?}", cache.max_age),
//!     FeedFetch::Fetched(f) => println!("{} bytes from {}", f.body.len(), f.final_url),
//! }
//! # Ok(()) }
//! ```
//!
//! Map of the crate:
//! - `fetcher`: the public entry points and the redirect loop (one hop at a time).
//! - `guard`: the SSRF guard, both for IP-literal hosts and inside the DNS resolver.
//! - `body`: reading a body under the size cap (after decompression) and minimum rate.
//! - `hosts`: per-host concurrency and delay; `robots` parses robots.txt and
//!   `robots_cache` keeps one answer per site.
//! - `headers`: validators, cache hints and content metadata; `response` and `error`
//!   hold the public types.
//! - `metrics`: counters of every fetch by kind and outcome, and a latency histogram.
//!
//! **Architecture Invariant:** every request, including each redirect hop and each
//! robots.txt download, goes through the same client, whose automatic redirects are
//! off and whose only DNS resolver is the guard. There is no other way out.
//!
//! **Architecture Invariant:** no database, no parser, one TLS provider (rustls with
//! ring). `tests/tidy.rs` checks it.
//!
//! **Architecture Invariant:** nothing here logs an error it returns; each fetch emits
//! one `debug` event (`url`, `kind`, `status`, `bytes`, `duration_ms`; on failure also
//! `error.kind` (see [`FetchError::code`]) and `error`),
//! with any password in the URL replaced by `***`.

mod body;
mod config;
mod error;
mod fetcher;
mod guard;
mod headers;
mod hosts;
mod metrics;
mod response;
mod robots;
mod robots_cache;

#[cfg(test)]
mod tls_tests;

/// The scriptable test server of the integration tests, shared with unit tests.
#[cfg(test)]
#[path = "../tests/support/mod.rs"]
mod test_support;

pub use config::{FetchConfig, MAX_CRAWL_DELAY};
pub use error::FetchError;
pub use fetcher::Fetcher;
pub use guard::non_public_reason;
pub use headers::split_content_type;
pub use metrics::{
    FETCH_KINDS, FETCH_OUTCOMES, FetchMetrics, FetchMetricsSnapshot, LATENCY_BUCKETS,
    LatencyHistogram,
};
pub use response::{CacheHints, FeedFetch, Fetched, Link, Validators};
