//! Why a fetch failed.
//!
//! Error policy: every public function of this crate returns [`FetchError`]. Each variant
//! carries enough to print a message that stands on its own (the pipeline logs it once,
//! where it decides what to do) and answers two questions for the scheduler:
//! [`FetchError::is_transient`] (try again later, with backoff) and
//! [`FetchError::retry_after`] (the server said when). Nothing in this crate logs an
//! error it returns.

use std::time::Duration;

use crate::guard::GuardError;

/// A fetch that did not produce a usable response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL does not parse or has no host.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// Only `http` and `https` are fetched.
    #[error("unsupported URL scheme {scheme:?} in {url}: only http and https are fetched")]
    UnsupportedScheme { url: String, scheme: String },
    /// The SSRF guard refused the URL (or a redirect hop): its host is, or resolves to,
    /// an address that is not on the public internet.
    #[error("refused to fetch {url}: {reason}")]
    Blocked { url: String, reason: String },
    /// The host name could not be resolved.
    #[error("DNS lookup of {host} failed: {reason}")]
    Dns { host: String, reason: String },
    /// No connection could be made (refused, reset, TLS failure...).
    #[error("could not connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    /// The connect timeout or the total timeout ran out.
    #[error("{url} timed out after {after:?}")]
    Timeout { url: String, after: Duration },
    /// The body arrived slower than the configured minimum rate.
    #[error("{url} sent fewer than {min_bytes_per_sec} bytes/s over {window:?}: cut off")]
    TooSlow {
        url: String,
        min_bytes_per_sec: u64,
        window: Duration,
    },
    /// The body (after decompression) exceeded the size limit.
    #[error("response of {url} is larger than the limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    /// More redirect hops than allowed.
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: usize },
    /// A redirect led back to a URL already visited in this fetch.
    #[error("redirect loop: {url} was already visited")]
    RedirectLoop { url: String },
    /// The final response had a status that is not a success.
    #[error("{url} answered HTTP {status}")]
    Status {
        url: String,
        status: u16,
        retry_after: Option<Duration>,
    },
    /// An earlier response of this host asked us (429/503 with `Retry-After`) to stay
    /// away, and that time has not passed: the request was not sent.
    #[error("{host} asked us to wait; not sending another request for {retry_after:?}")]
    HostBackoff { host: String, retry_after: Duration },
    /// The site's robots.txt disallows this URL for our user agent.
    #[error("robots.txt disallows {url}")]
    RobotsDisallowed { url: String },
    /// The site's robots.txt could not be read (5xx, 429 or network failure): per
    /// RFC 9309 nothing may be crawled until it can, so the page is retried later.
    #[error("robots.txt for {url} is unavailable: {reason}")]
    RobotsUnavailable { url: String, reason: String },
    /// `fetch_json` got a body that is not JSON.
    #[error("{url} did not return valid JSON: {reason}")]
    Json { url: String, reason: String },
    /// `fetch_image` got something that is not an image.
    #[error("{url} is not an image ({content_type:?})")]
    NotImage { url: String, content_type: String },
    /// The body's content encoding (gzip, brotli, deflate) is corrupt.
    #[error("cannot decode the body of {url}: {reason}")]
    Decode { url: String, reason: String },
    /// The connection failed while the body was being read.
    #[error("reading {url} failed: {reason}")]
    Io { url: String, reason: String },
    /// Anything else (building the client...).
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// How long the server asked us to wait (`Retry-After` on a 429 or 503).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            FetchError::HostBackoff { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// Whether the same request may well succeed later: network trouble, timeouts,
    /// overloaded or failing servers. Refusals, bad URLs, size limits, client errors and
    /// robots.txt disallowing are permanent until something changes.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Dns { .. }
            | FetchError::Connect { .. }
            | FetchError::Timeout { .. }
            | FetchError::TooSlow { .. }
            | FetchError::RobotsUnavailable { .. }
            | FetchError::HostBackoff { .. }
            | FetchError::Io { .. } => true,
            FetchError::Status { status, .. } => {
                matches!(status, 408 | 425 | 429) || (500..600).contains(status)
            }
            FetchError::InvalidUrl { .. }
            | FetchError::UnsupportedScheme { .. }
            | FetchError::Blocked { .. }
            | FetchError::TooLarge { .. }
            | FetchError::TooManyRedirects { .. }
            | FetchError::RedirectLoop { .. }
            | FetchError::RobotsDisallowed { .. }
            | FetchError::Json { .. }
            | FetchError::NotImage { .. }
            | FetchError::Decode { .. }
            | FetchError::Other(_) => false,
        }
    }

    /// A short stable name of the variant (`"timeout"`, `"blocked"`, `"status"`...),
    /// for log fields, metrics and the admin UI.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::UnsupportedScheme { .. } => "unsupported_scheme",
            FetchError::Blocked { .. } => "blocked",
            FetchError::Dns { .. } => "dns",
            FetchError::Connect { .. } => "connect",
            FetchError::Timeout { .. } => "timeout",
            FetchError::TooSlow { .. } => "too_slow",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::RedirectLoop { .. } => "redirect_loop",
            FetchError::Status { .. } => "status",
            FetchError::HostBackoff { .. } => "host_backoff",
            FetchError::RobotsDisallowed { .. } => "robots_disallowed",
            FetchError::RobotsUnavailable { .. } => "robots_unavailable",
            FetchError::Json { .. } => "json",
            FetchError::NotImage { .. } => "not_image",
            FetchError::Decode { .. } => "decode",
            FetchError::Io { .. } => "io",
            FetchError::Other(_) => "other",
        }
    }

    /// The same error with any password in its URL replaced by `***`, so that it can
    /// be shown and logged.
    pub(crate) fn redacted(self) -> Self {
        use FetchError as E;
        match self {
            E::InvalidUrl { url, reason } => E::InvalidUrl {
                url: redact(&url),
                reason,
            },
            E::UnsupportedScheme { url, scheme } => E::UnsupportedScheme {
                url: redact(&url),
                scheme,
            },
            E::Blocked { url, reason } => E::Blocked {
                url: redact(&url),
                reason,
            },
            E::Connect { url, reason } => E::Connect {
                url: redact(&url),
                reason,
            },
            E::Timeout { url, after } => E::Timeout {
                url: redact(&url),
                after,
            },
            E::TooSlow {
                url,
                min_bytes_per_sec,
                window,
            } => E::TooSlow {
                url: redact(&url),
                min_bytes_per_sec,
                window,
            },
            E::TooLarge { url, limit } => E::TooLarge {
                url: redact(&url),
                limit,
            },
            E::TooManyRedirects { url, limit } => E::TooManyRedirects {
                url: redact(&url),
                limit,
            },
            E::RedirectLoop { url } => E::RedirectLoop { url: redact(&url) },
            E::Status {
                url,
                status,
                retry_after,
            } => E::Status {
                url: redact(&url),
                status,
                retry_after,
            },
            E::RobotsDisallowed { url } => E::RobotsDisallowed { url: redact(&url) },
            E::RobotsUnavailable { url, reason } => E::RobotsUnavailable {
                url: redact(&url),
                reason,
            },
            E::Json { url, reason } => E::Json {
                url: redact(&url),
                reason,
            },
            E::NotImage { url, content_type } => E::NotImage {
                url: redact(&url),
                content_type,
            },
            E::Decode { url, reason } => E::Decode {
                url: redact(&url),
                reason,
            },
            E::Io { url, reason } => E::Io {
                url: redact(&url),
                reason,
            },
            e @ (E::Dns { .. } | E::HostBackoff { .. } | E::Other(_)) => e,
        }
    }
}

/// `url` with its password, if any, replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// The error and its sources as one line, without repeating a message a wrapper
/// already included and without the client's generic wrappers ("error sending
/// request", "client error (Connect)") that say nothing to a reader.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        let msg = s.to_string();
        let noise = msg == "error sending request" || msg.starts_with("client error (");
        if !noise && !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
        source = s.source();
    }
    if parts.is_empty() {
        return e.to_string();
    }
    parts.join(": ")
}

fn find_guard_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a GuardError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(g) = s.downcast_ref::<GuardError>() {
            return Some(g);
        }
        source = s.source();
    }
    None
}

/// Classifies a failure to send a request and receive its headers. The guard's
/// refusals come back from inside the client's connector and are recognised here.
pub(crate) fn from_send(e: reqwest::Error, url: &str, connect_timeout: Duration) -> FetchError {
    // The URL is ours to report (redacted); the client's copy would leak credentials.
    let e = e.without_url();
    if let Some(g) = find_guard_error(&e) {
        return g.to_fetch_error(url);
    }
    let url = url.to_owned();
    if e.is_timeout() {
        return FetchError::Timeout {
            url,
            after: connect_timeout,
        };
    }
    let reason = chain(&e);
    if e.is_connect() {
        return FetchError::Connect { url, reason };
    }
    FetchError::Io { url, reason }
}

/// Classifies a failure while reading the body.
pub(crate) fn from_body(e: reqwest::Error, url: &str) -> FetchError {
    let e = e.without_url();
    let url = url.to_owned();
    let reason = chain(&e);
    if e.is_decode() {
        return FetchError::Decode { url, reason };
    }
    FetchError::Io { url, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_statuses() {
        let status = |status| FetchError::Status {
            url: "u".into(),
            status,
            retry_after: None,
        };
        assert!(status(503).is_transient());
        assert!(status(429).is_transient());
        assert!(!status(404).is_transient());
        assert!(!status(410).is_transient());
    }

    #[test]
    fn passwords_are_redacted() {
        let e = FetchError::Timeout {
            url: "https://reader:s3cret@example.com/feed".into(),
            after: Duration::from_secs(1),
        }
        .redacted();
        let shown = e.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("reader:***@example.com"), "{shown}");
        assert_eq!(redact("https://example.com/a?b"), "https://example.com/a?b");
    }
}
