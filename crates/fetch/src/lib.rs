//! Gazette's fetch stage: the polite, hardened HTTP client that every outgoing request
//! goes through (feeds, article pages, the weather service).
//!
//! It knows nothing of parsing or storage. It guarantees that a fetch never reaches a
//! non-public address unless configured to (`guard`), never reads more than a size
//! limit or waits on a trickling server (`body`), is polite to each host (`hosts`,
//! `robots`), and reports why it failed in a way the scheduler can act on (`error`).

mod body;
mod config;
mod error;
mod fetcher;
mod guard;
mod headers;
mod hosts;
mod response;
mod robots;
mod robots_cache;

/// The scriptable test server of the integration tests, shared with unit tests.
#[cfg(test)]
mod tls_tests;

#[cfg(test)]
#[path = "../tests/support/mod.rs"]
mod test_support;

pub use config::{FetchConfig, MAX_CRAWL_DELAY};
pub use error::FetchError;
pub use fetcher::Fetcher;
pub use response::{CacheHints, FeedFetch, Fetched, Validators};
