//! Every route the website serves, grouped by who consumes it.
//!
//! Layers, from the outside in: security headers on every response; compression of responses
//! not already compressed; a time limit per request; ETag and 304 for uncached responses; the
//! themed error pages; and, for the pages, feeds and sitemap, the rendered-page cache.

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state, map_response_with_state};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::handlers::{api, article, feeds, health, lists, media, metrics, stories};

/// Time a request may take before it is answered 503.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The complete website.
pub fn router(state: AppState) -> Router {
    // Readers, feed readers and crawlers: rendered once, then served from memory.
    let cached = Router::new()
        .route("/", get(lists::home))
        .route("/article/{id}/{slug}", get(article::show))
        .route("/story/{id}", get(stories::show))
        .route("/topic/{slug}", get(lists::topic))
        .route("/topics", get(lists::topics))
        .route("/source/{id}", get(lists::source))
        .route("/sources", get(lists::sources))
        .route("/feed.xml", get(feeds::rss))
        .route("/feed.atom", get(feeds::atom))
        .route("/feed.json", get(feeds::json))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route_layer(from_fn_with_state(
            state.clone(),
            crate::cache::serve_cached,
        ));
    Router::new()
        .merge(cached)
        .route("/article/{id}", get(article::show_without_slug))
        .route("/search", get(lists::search))
        .route("/static/{file}", get(health::stylesheet))
        .route("/media/{signature}/{url}", get(media::image))
        // Apps and widgets: the read-only JSON API, whose errors are JSON too
        .nest(
            "/api/v1",
            Router::new()
                .route("/stories", get(api::stories))
                .route("/articles", get(api::articles))
                .route("/articles/{id}", get(api::article_by_id))
                .route("/search", get(api::articles))
                .route("/topics", get(api::topics))
                .fallback(api::not_found)
                .layer(axum::middleware::map_response(api::json_errors)),
        )
        .route("/robots.txt", get(feeds::robots))
        // Operators
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .fallback(health::not_found)
        .layer(map_response_with_state(
            state.clone(),
            crate::handlers::render_error_pages,
        ))
        .layer(from_fn(crate::security::conditional_get))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            state.clone(),
            crate::security::add_security_headers,
        ))
        .with_state(state)
}
