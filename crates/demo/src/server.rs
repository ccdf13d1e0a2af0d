//! The wire's HTTP server: every route in one place, with conditional GET.
//!
//! Routes, by consumer:
//! - the pipeline: `/{outlet}/feed`, `/{outlet}/`, `/{outlet}/{yyyy}/{mm}/{slug}.html`,
//!   `/img/{slug}.svg`, `/robots.txt`;
//! - the weather widget: `/v1/forecast`, and the admin's city search: `/v1/search`;
//! - a person trying the wire: `/`.
//!
//! Feeds, pages and images carry `ETag` and `Last-Modified` and answer `304 Not Modified` to
//! `If-None-Match` (checked first, as RFC 9110 says) or `If-Modified-Since`. Outlets with `gzip`
//! compress feeds and pages for clients that accept it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};

use crate::content::{self, FeedFormat};
use crate::site::{Site, stable_hash};
use crate::{feeds, image, pages, weather};

type Shared = Arc<Site>;

/// The router of a wire serving `site`.
pub fn router(site: Site) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/robots.txt", get(robots))
        .route("/v1/forecast", get(forecast))
        .route("/v1/search", get(geocode))
        .route("/img/{file}", get(image_file))
        .fallback(outlet_routes)
        .with_state(Arc::new(site))
}

async fn index(State(site): State<Shared>) -> Response {
    html(StatusCode::OK, pages::index_page(&site))
}

async fn robots() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "User-agent: *\nAllow: /\n",
    )
        .into_response()
}

async fn forecast(Query(q): Query<weather::Query>) -> Response {
    let (status, body) = match weather::forecast(&q, Utc::now()) {
        Ok(v) => (StatusCode::OK, v),
        Err(v) => (StatusCode::BAD_REQUEST, v),
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn geocode(Query(q): Query<weather::SearchQuery>) -> Response {
    let (status, body) = match weather::search(&q) {
        Ok(v) => (StatusCode::OK, v),
        Err(v) => (StatusCode::BAD_REQUEST, v),
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn image_file(
    State(site): State<Shared>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(name) = file.strip_suffix(".svg") else {
        return not_found();
    };
    if let Some(o) = name.strip_prefix("logo-").and_then(content::outlet) {
        let svg = logo(&o.name, &o.colour);
        return conditional(&headers, svg, "image/svg+xml", site.started);
    }
    let Some(a) = content::article(name) else {
        return not_found();
    };
    let outlet_name = content::outlet(&a.outlet).map_or("", |o| o.name.as_str());
    conditional(
        &headers,
        image::svg(a, outlet_name),
        "image/svg+xml",
        site.published(a),
    )
}

fn logo(name: &str, colour: &str) -> String {
    let initial: String = name
        .split_whitespace()
        .filter(|w| *w != "The")
        .filter_map(|w| w.chars().next())
        .collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="16" fill="{}"/><text x="64" y="80" font-family="Georgia, serif" font-size="44" text-anchor="middle" fill="#fff">{}</text></svg>"##,
        crate::site::esc(colour),
        crate::site::esc(&initial)
    )
}

/// `/{outlet}/…`: home page, feed and article pages.
async fn outlet_routes(
    State(site): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    let Some(o) = parts.first().and_then(|s| content::outlet(s)) else {
        return not_found();
    };
    match parts.as_slice() {
        [_] => redirect(&format!("/{}/", o.slug)),
        [_, ""] => {
            let newest = site
                .stories_of(&o.slug)
                .map(|a| site.updated(a))
                .max()
                .unwrap_or(site.started);
            let (body, media) = encode_page(o, pages::home_page(&site, o));
            conditional_coded(&headers, body, media, newest, o.gzip)
        }
        [_, "feed"] => {
            let newest = site
                .stories_of(&o.slug)
                .map(|a| site.updated(a))
                .max()
                .unwrap_or(site.started);
            let media = match o.format {
                FeedFormat::Rss => "application/rss+xml; charset=utf-8",
                FeedFormat::Atom => "application/atom+xml; charset=utf-8",
                FeedFormat::Json => "application/feed+json; charset=utf-8",
            };
            let body = feeds::render(&site, o).into_bytes();
            conditional_coded(&headers, body, media.to_string(), newest, o.gzip)
        }
        [_, _, _, file] => {
            let Some(a) = file
                .strip_suffix(".html")
                .and_then(content::article)
                .filter(|a| a.outlet == o.slug && site.is_out(a))
            else {
                return not_found();
            };
            let canonical = site.article_path(a);
            if canonical != uri.path() {
                return redirect(&canonical);
            }
            let (body, media) = encode_page(o, pages::article_page(&site, o, a));
            conditional_coded(&headers, body, media, site.updated(a), o.gzip)
        }
        _ => not_found(),
    }
}

/// A page in its outlet's charset (UTF-8 unless the outlet names a legacy one), with the
/// matching `Content-Type`. Characters the charset lacks become numeric references.
fn encode_page(o: &content::Outlet, html: String) -> (Vec<u8>, String) {
    match o
        .charset
        .as_deref()
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
    {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (bytes, _, _) = encoding.encode(&html);
            (
                bytes.into_owned(),
                format!(
                    "text/html; charset={}",
                    encoding.name().to_ascii_lowercase()
                ),
            )
        }
        _ => (html.into_bytes(), "text/html; charset=utf-8".to_string()),
    }
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry, we could not find that page.</p></body></html>\n".to_string(),
    )
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// HTTP-date (RFC 9110 IMF-fixdate).
fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Answers `body` with validators, or `304` when the client's copy is current.
fn conditional(
    headers: &HeaderMap,
    body: String,
    content_type: &'static str,
    modified: DateTime<Utc>,
) -> Response {
    conditional_coded(
        headers,
        body.into_bytes(),
        content_type.to_string(),
        modified,
        false,
    )
}

/// Whether the client accepts gzip (`Accept-Encoding: gzip`, not refused with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

/// Like [`conditional`]; with `compress`, answers gzip to clients that accept it. The gzip
/// variant has its own entity tag (`"…-gzip"`, as Apache does); `If-None-Match` matches either.
fn conditional_coded(
    headers: &HeaderMap,
    body: Vec<u8>,
    content_type: String,
    modified: DateTime<Utc>,
    compress: bool,
) -> Response {
    let compressed = if compress && accepts_gzip(headers) {
        gzip(&body)
    } else {
        None
    };
    let hash = stable_hash(&body);
    let etag = if compressed.is_some() {
        format!("\"{hash:016x}-gzip\"")
    } else {
        format!("\"{hash:016x}\"")
    };
    let plain_etag = format!("\"{hash:016x}\"");
    let last_modified = http_date(modified);
    let fresh = if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
        inm.to_str().unwrap_or("").split(',').any(|t| {
            let t = t.trim();
            let t = t.trim_start_matches("W/").replace("-gzip\"", "\"");
            t == "*" || t == plain_etag
        })
    } else if let Some(ims) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
    {
        modified.timestamp() <= ims.timestamp()
    } else {
        false
    };
    let validators = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, last_modified),
        (header::CACHE_CONTROL, "public, max-age=60".to_string()),
    ];
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let mut response = if fresh {
        (StatusCode::NOT_MODIFIED, validators).into_response()
    } else if let Some(bytes) = compressed {
        (
            validators,
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            ],
            bytes,
        )
            .into_response()
    } else {
        (validators, [(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    if compress {
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}
