//! Every knob of the fetch stage, defined once with its default.
//!
//! The binary builds a [`FetchConfig`] from the site configuration and hands it to
//! [`crate::Fetcher::new`]; nothing in this crate reads the environment or globals.

use std::time::Duration;

/// Limits and manners of the HTTP client.
///
/// Build it with struct update syntax so new fields keep their defaults:
/// `FetchConfig { user_agent: ..., ..FetchConfig::default() }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Sent as `User-Agent` on every request, e.g. `Gazette/0.1 (+https://site.url)`.
    /// The part before the first `/` is the product token matched against robots.txt groups.
    pub user_agent: String,
    /// Time allowed to resolve and open a connection (and finish TLS) for one hop.
    pub connect_timeout: Duration,
    /// Time allowed for one fetch on the network, every redirect hop and the whole body
    /// included. Time spent waiting for the host's turn (politeness) is not counted.
    pub total_timeout: Duration,
    /// A body arriving slower than this, averaged over each [`Self::min_rate_window`],
    /// is cut off with [`crate::FetchError::TooSlow`]. `0` disables the check.
    pub min_bytes_per_sec: u64,
    /// The window over which [`Self::min_bytes_per_sec`] is averaged.
    pub min_rate_window: Duration,
    /// Largest feed body accepted, counted after decompression.
    pub max_feed_bytes: u64,
    /// Largest page (and JSON) body accepted, counted after decompression.
    pub max_page_bytes: u64,
    /// Redirect hops followed before giving up with [`crate::FetchError::TooManyRedirects`].
    pub max_redirects: usize,
    /// Requests in flight at once to one host (host and port). `0` counts as 1.
    pub per_host_concurrency: usize,
    /// Minimum time between the starts of two requests to one host. A robots.txt
    /// `Crawl-delay` can raise it for that host (up to [`MAX_CRAWL_DELAY`]).
    pub per_host_delay: Duration,
    /// Feed, page and robots.txt requests in flight at once to all hosts together: what a
    /// round over thousands of hosts keeps open (sockets, buffers, bodies being read). A
    /// request waits for a slot only once its host's turn has come. `0` counts as 1.
    pub max_in_flight: usize,
    /// Turns the SSRF guard off: loopback, private and link-local addresses may be
    /// fetched. Only for tests and the local demo.
    pub allow_private_addresses: bool,
}

/// Ceiling on a robots.txt `Crawl-delay`, so that a hostile file cannot stall a host's
/// queue for hours.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            user_agent: format!("Gazette/{}", env!("CARGO_PKG_VERSION")),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            min_bytes_per_sec: 1024,
            min_rate_window: Duration::from_secs(10),
            max_feed_bytes: 10 * 1024 * 1024,
            max_page_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            per_host_concurrency: 2,
            per_host_delay: Duration::from_secs(1),
            max_in_flight: 256,
            allow_private_addresses: false,
        }
    }
}

impl FetchConfig {
    /// Checks the values a fetcher cannot work with; [`crate::Fetcher::new`] calls it.
    pub fn validate(&self) -> Result<(), String> {
        if self.user_agent.trim().is_empty() {
            return Err("user_agent must not be empty".into());
        }
        if self.user_agent.chars().any(char::is_control) {
            return Err("user_agent must not contain control characters".into());
        }
        for (name, value) in [
            ("connect_timeout", self.connect_timeout),
            ("total_timeout", self.total_timeout),
            ("min_rate_window", self.min_rate_window),
        ] {
            if value.is_zero() {
                return Err(format!("{name} must be greater than zero"));
            }
        }
        for (name, value) in [
            ("max_feed_bytes", self.max_feed_bytes),
            ("max_page_bytes", self.max_page_bytes),
        ] {
            if value == 0 {
                return Err(format!("{name} must be greater than zero"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_zero_limits_are_not() {
        assert_eq!(FetchConfig::default().validate(), Ok(()));
        let bad = [
            FetchConfig {
                user_agent: " ".into(),
                ..FetchConfig::default()
            },
            FetchConfig {
                user_agent: "Gazette\r\nX-Evil: 1".into(),
                ..FetchConfig::default()
            },
            FetchConfig {
                total_timeout: Duration::ZERO,
                ..FetchConfig::default()
            },
            FetchConfig {
                max_page_bytes: 0,
                ..FetchConfig::default()
            },
        ];
        for cfg in bad {
            assert!(cfg.validate().is_err(), "{cfg:?}");
            assert!(crate::Fetcher::new(cfg).is_err());
        }
    }
}
