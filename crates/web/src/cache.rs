//! The rendered-page cache: pages, feeds and the sitemap served from memory.
//!
//! A page is rendered once and kept with br and gzip variants made at the same time, under its
//! path and query. It is served until what it shows may have changed: each page remembers the
//! [`Stamp`] it was rendered under (the store's change counter, the widgets' and the weather's
//! generations), and a request under another stamp renders it again. A page also expires after
//! [`PAGE_TTL`], so that relative times ("5 min ago") and the date in the header stay true on a
//! quiet site. One request renders a missing page while the others asking for it wait for that
//! render (one render per key, however many requests miss at once). Memory is bounded by bytes,
//! least recently used first (moka).
//!
//! Pages carry a strong ETag (a hash of the bytes, one per encoding) and answer
//! `If-None-Match` with 304 Not Modified, so that browsers and CDNs revalidate for free.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gazette_model::EntryId;

use crate::AppState;

/// Longest a page is served without being rendered again.
pub const PAGE_TTL: Duration = Duration::from_secs(60);
/// Longest path and query cached; longer addresses are rendered every time.
const MAX_KEY_BYTES: usize = 512;
/// Largest page kept (bigger ones are rendered every time).
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// What a page was rendered under: equal stamps mean it still shows the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub content: u64,
    pub widgets: u64,
    pub weather: u64,
}

/// Marks a response as a rendered article page whose views are counted, also when it is
/// served from the cache.
#[derive(Debug, Clone, Copy)]
pub struct CountsView(pub EntryId);

/// One rendered page with its encodings.
#[derive(Debug)]
pub struct CachedPage {
    stamp: Stamp,
    rendered: Instant,
    headers: HeaderMap,
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
    /// The ETag of the identity bytes, without quotes.
    tag: String,
    /// The ETag header of each encoding: identity, gzip, br.
    etags: [HeaderValue; 3],
    view: Option<EntryId>,
}

impl CachedPage {
    fn fresh(&self, stamp: Stamp) -> bool {
        self.stamp == stamp && self.rendered.elapsed() < PAGE_TTL
    }

    fn weight(&self) -> u32 {
        let bytes = self.identity.len() + self.gzip.len() + self.br.len() + 512;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

/// How the client wants the body encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding `Accept-Encoding` allows: br, then gzip, then none. A coding with
    /// `q=0` is refused; `*` stands for any coding not named.
    pub fn negotiate(headers: &HeaderMap) -> Encoding {
        let mut br = None;
        let mut gzip = None;
        let mut any = None;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .filter_map(|q| q.trim().parse::<f32>().ok())
                    .next()
                    .unwrap_or(1.0);
                let accepted = q > 0.0;
                if coding.eq_ignore_ascii_case("br") {
                    br = Some(accepted);
                } else if coding.eq_ignore_ascii_case("gzip")
                    || coding.eq_ignore_ascii_case("x-gzip")
                {
                    gzip = Some(accepted);
                } else if coding == "*" {
                    any = Some(accepted);
                }
            }
        }
        if br.or(any) == Some(true) {
            Encoding::Brotli
        } else if gzip.or(any) == Some(true) {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

/// The cache itself, shared by all requests of a process.
pub struct PageCache {
    pages: moka::sync::Cache<String, Arc<CachedPage>>,
    /// One lock per key being rendered, so that concurrent misses render once.
    renders: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.entry_count())
            .field("bytes", &self.pages.weighted_size())
            .finish()
    }
}

impl PageCache {
    /// A cache holding at most `max_bytes` of pages (all encodings counted).
    pub fn new(max_bytes: u64) -> Self {
        PageCache {
            pages: moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_k: &String, p: &Arc<CachedPage>| p.weight())
                .eviction_policy(moka::policy::EvictionPolicy::lru())
                .time_to_live(PAGE_TTL)
                .build(),
            renders: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn fresh(&self, key: &str, stamp: Stamp) -> Option<Arc<CachedPage>> {
        self.pages.get(key).filter(|p| p.fresh(stamp))
    }

    fn render_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut renders = self.renders.lock().unwrap_or_else(|e| e.into_inner());
        renders.entry(key.to_owned()).or_default().clone()
    }

    fn render_done(&self, key: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut renders = self.renders.lock().unwrap_or_else(|e| e.into_inner());
        // The map's own reference and ours: nobody else waits for this key.
        if Arc::strong_count(&lock) <= 2 {
            renders.remove(key);
        }
    }

    /// Bytes of pages held now.
    pub fn bytes(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.weighted_size()
    }
}

/// The cache key of a request: its path and query, when short enough to be worth keeping.
fn cache_key(uri: &axum::http::Uri) -> Option<String> {
    let key = uri.path_and_query()?.as_str();
    (key.len() <= MAX_KEY_BYTES).then(|| key.to_owned())
}

/// Middleware for the cacheable routes: serves fresh pages from memory, renders the others
/// once and keeps them.
pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let key = match cache_key(req.uri()) {
        Some(key) if method == Method::GET || method == Method::HEAD => key,
        _ => return next.run(req).await,
    };
    let encoding = Encoding::negotiate(req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let counts = method == Method::GET
        && !crate::views::is_bot(
            req.headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
        );
    let cache = state.pages();
    if let Some(page) = cache.fresh(&key, state.stamp()) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        if counts && let Some(id) = page.view {
            state.count_view(id);
        }
        return respond(&page, encoding, if_none_match.as_ref(), &method);
    }
    let lock = cache.render_lock(&key);
    let guard = lock.lock().await;
    // Another request may have rendered it while this one waited.
    if let Some(page) = cache.fresh(&key, state.stamp()) {
        drop(guard);
        cache.render_done(&key, lock);
        cache.hits.fetch_add(1, Ordering::Relaxed);
        if counts && let Some(id) = page.view {
            state.count_view(id);
        }
        return respond(&page, encoding, if_none_match.as_ref(), &method);
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    // The sidebar and navigation the render will show are loaded first (a first render, or
    // one after they expired, would load them and advance their generation past the stamp).
    // An error here is the render's to report.
    let _ = state.widgets().await;
    // Read before rendering: a change during the render leaves the page under the old stamp,
    // and the next request renders it again.
    let stamp = state.stamp();
    // A HEAD response has no body to keep: render it as a GET.
    let mut req = req;
    *req.method_mut() = Method::GET;
    // The handler counts the view of the request that renders.
    if !counts {
        req.extensions_mut().insert(crate::handlers::NoViewCount);
    }
    let response = next.run(req).await;
    let result = match keep(response, stamp).await {
        Ok(page) => {
            let page = Arc::new(page);
            cache.pages.insert(key.clone(), page.clone());
            respond(&page, encoding, if_none_match.as_ref(), &method)
        }
        Err(response) => response,
    };
    drop(guard);
    cache.render_done(&key, lock);
    result
}

/// A rendered response as a cached page, or the response itself when it is not to be kept
/// (anything but 200, or too large).
async fn keep(response: Response, stamp: Stamp) -> Result<CachedPage, Response> {
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let identity = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "a page too large to cache");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let view = parts.extensions.get::<CountsView>().map(|v| v.0);
    parts.headers.remove(header::CONTENT_LENGTH);
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PAGE_CACHE_CONTROL),
        );
    }
    let (gzip, br) = compress(&identity);
    let tag = etag_of(&identity);
    let etag = |suffix: &str| {
        HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
            .unwrap_or(HeaderValue::from_static("\"\""))
    };
    parts
        .headers
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(CachedPage {
        stamp,
        rendered: Instant::now(),
        headers: parts.headers,
        etags: [etag(""), etag("-gz"), etag("-br")],
        tag,
        identity,
        gzip,
        br,
        view,
    })
}

/// What browsers and CDNs may do with a page: keep it a minute, and serve it stale for ten more
/// while they fetch the new one (or for a day when the site is down).
pub const PAGE_CACHE_CONTROL: &str =
    "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";

/// gzip (level 6) and brotli (quality 5) encodings of a page.
fn compress(bytes: &[u8]) -> (Bytes, Bytes) {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::new(6),
    );
    let gzip = gz
        .write_all(bytes)
        .and_then(|()| gz.finish())
        .unwrap_or_default();
    let mut br = Vec::with_capacity(bytes.len() / 5);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 22,
        ..Default::default()
    };
    let brotli = brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)
        .map(|_| br)
        .unwrap_or_default();
    (Bytes::from(gzip), Bytes::from(brotli))
}

/// A strong validator for `bytes`: 128 bits of their SHA-256, the same in every process.
pub fn etag_of(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Whether `If-None-Match` names `tag` (in any of its encodings) or is `*`.
pub fn matches_tag(if_none_match: Option<&HeaderValue>, tag: &str) -> bool {
    let Some(value) = if_none_match.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    value.split(',').any(|candidate| {
        let c = candidate.trim();
        if c == "*" {
            return true;
        }
        let c = c.strip_prefix("W/").unwrap_or(c).trim_matches('"');
        let base = c
            .strip_suffix("-br")
            .or_else(|| c.strip_suffix("-gz"))
            .unwrap_or(c);
        base == tag
    })
}

fn respond(
    page: &CachedPage,
    encoding: Encoding,
    if_none_match: Option<&HeaderValue>,
    method: &Method,
) -> Response {
    let (body, coding, etag) = match encoding {
        Encoding::Brotli if !page.br.is_empty() => (&page.br, Some("br"), &page.etags[2]),
        Encoding::Gzip | Encoding::Brotli if !page.gzip.is_empty() => {
            (&page.gzip, Some("gzip"), &page.etags[1])
        }
        _ => (&page.identity, None, &page.etags[0]),
    };
    let not_modified = matches_tag(if_none_match, &page.tag);
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else if method == Method::HEAD {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body.clone()))
    };
    let h = response.headers_mut();
    for (name, value) in &page.headers {
        if !(not_modified && name == header::CONTENT_TYPE) {
            h.insert(name, value.clone());
        }
    }
    h.insert(header::ETAG, etag.clone());
    if let Some(coding) = coding
        && !not_modified
    {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    if method == Method::HEAD && !not_modified {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> Encoding {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        Encoding::negotiate(&h)
    }

    #[test]
    fn encodings_are_negotiated() {
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(accept("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(accept("gzip"), Encoding::Gzip);
        assert_eq!(accept("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(accept("identity"), Encoding::Identity);
        assert_eq!(accept("*"), Encoding::Brotli);
        assert_eq!(accept("br;q=0, *;q=0.1"), Encoding::Gzip);
        assert_eq!(accept("gzip;q=0, br;q=0"), Encoding::Identity);
        assert_eq!(accept("deflate"), Encoding::Identity);
    }

    #[test]
    fn etags_match_in_every_encoding() {
        let tag = etag_of(b"<html>page</html>");
        assert_eq!(tag, etag_of(b"<html>page</html>"));
        assert_ne!(tag, etag_of(b"<html>other</html>"));
        let v = |s: &str| HeaderValue::from_str(s).unwrap();
        assert!(matches_tag(Some(&v(&format!("\"{tag}\""))), &tag));
        assert!(matches_tag(Some(&v(&format!("\"{tag}-br\""))), &tag));
        assert!(matches_tag(
            Some(&v(&format!("\"x\", W/\"{tag}-gz\""))),
            &tag
        ));
        assert!(matches_tag(Some(&v("*")), &tag));
        assert!(!matches_tag(Some(&v("\"x\"")), &tag));
        assert!(!matches_tag(None, &tag));
    }

    #[test]
    fn compressed_variants_round_trip() {
        use std::io::Read;
        let page = "<p>The harbour reopened on Tuesday.</p>".repeat(200);
        let (gzip, br) = compress(page.as_bytes());
        assert!(gzip.len() < page.len() / 5 && br.len() < page.len() / 5);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, page);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, page.as_bytes());
    }
}
