//! What a successful fetch hands back to the pipeline.

use std::time::Duration;

/// Validators of a previous response, sent back as `If-None-Match` /
/// `If-Modified-Since` so an unchanged feed costs a 304 and no body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag` as received (quotes and `W/` included).
    pub etag: Option<String>,
    /// `Last-Modified` as received.
    pub last_modified: Option<String>,
}

/// What the server said about when to come back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheHints {
    /// Freshness lifetime from `Cache-Control: max-age` (preferred) or `Expires`.
    pub max_age: Option<Duration>,
    /// `Retry-After` (seconds or HTTP date), seen on 429/503 but kept from any response.
    pub retry_after: Option<Duration>,
}

/// A response with a success status and its whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL as requested.
    pub url: String,
    /// The URL the body came from, after redirects.
    pub final_url: String,
    /// HTTP status of the final response (2xx).
    pub status: u16,
    /// `Content-Type` without parameters, lower-cased (`text/html`).
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, lower-cased, if any. The body is
    /// never transcoded here: decoding is the parsers' job.
    pub charset: Option<String>,
    /// `Content-Location`, resolved against the final URL.
    pub content_location: Option<String>,
    /// `Content-Language` as sent.
    pub content_language: Option<String>,
    /// The body, decompressed (gzip, brotli, deflate) and within the size limit.
    pub body: bytes::Bytes,
    /// Validators to store for the next conditional request.
    pub validators: Validators,
    /// Freshness and back-off hints.
    pub cache: CacheHints,
    /// The final URL when every redirect hop was permanent (301/308): the caller may
    /// update its stored URL. `None` without redirects or with any temporary hop.
    pub permanent_redirect: Option<String>,
    /// Time from the first request to the last body byte (politeness waits excluded).
    pub elapsed: Duration,
    /// The final response's `Link` headers (a WebSub hub announces itself there).
    pub links: Vec<Link>,
}

/// One relation of a `Link` header: `<url>; rel="hub"` is `Link { rel: "hub", url }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The relation type, lower-cased.
    pub rel: String,
    /// The target, absolute.
    pub url: String,
}

/// The outcome of a conditional feed request.
// Not boxed: one value per fetch, moved once into the pipeline; the agreed API
// matches on `FeedFetch::Fetched(fetched)` directly.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedFetch {
    /// 304: the stored copy is still current.
    NotModified {
        cache: CacheHints,
        /// As [`Fetched::permanent_redirect`]: a feed that moved still answers 304 at
        /// its new address, and the caller must see the move either way.
        permanent_redirect: Option<String>,
    },
    /// A new body.
    Fetched(Fetched),
}
