//! Every route the website serves, grouped by who consumes it.
//!
//! Layers, from the outside in: security headers on every response. The pages, feeds and
//! sitemap then go through the rendered-page cache, and only a miss through the time limit and
//! the themed error pages to its handler. The other routes: compression, the time limit, ETag
//! and 304 (`security::conditional_get`), the themed error pages. The WebSub callback has the
//! time limit only.

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state, map_response_with_state};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::handlers::{api, article, feeds, health, lists, media, metrics, stories, websub};

/// Time a request may take before it is answered 503.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The complete website.
pub fn router(state: AppState) -> Router {
    let timeout = TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT);
    let error_pages = map_response_with_state(state.clone(), crate::handlers::render_error_pages);
    // Readers, feed readers and crawlers: rendered once, then served from memory. A hit costs
    // a lookup and the security headers; the time limit and the themed error pages wrap the
    // render of a miss only, and the cache keeps its own compressed variants.
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
        .route("/sitemap-pages.xml", get(feeds::sitemap_pages))
        .route("/sitemap-news.xml", get(feeds::sitemap_news))
        .route("/sitemap-articles-{file}", get(feeds::sitemap_articles))
        .route("/topic/{slug}/{file}", get(feeds::topic_feed))
        .route("/source/{id}/{file}", get(feeds::source_feed))
        .route("/story/{id}/{file}", get(feeds::story_feed))
        .route_layer(error_pages.clone())
        .route_layer(timeout)
        .route_layer(from_fn_with_state(
            state.clone(),
            crate::cache::serve_cached,
        ));
    let uncached = Router::new()
        .route("/article/{id}", get(article::show_without_slug))
        .route("/search", get(lists::search))
        .route("/static/{file}", get(health::stylesheet))
        .route("/media/{signature}/{url}", get(media::image))
        // Apps and widgets: the read-only JSON API, whose errors are JSON too
        .nest("/api/v1", {
            // The documented routes and their description come from one place (`api::routes`).
            let (documented, doc) = api::routes();
            let doc = std::sync::Arc::new(doc.to_json().unwrap_or_default());
            documented
                .route("/openapi.json", get(api::openapi))
                .layer(axum::Extension(doc))
                .fallback(api::not_found)
                .layer(axum::middleware::map_response(api::json_errors))
        })
        .route("/robots.txt", get(feeds::robots))
        // Operators
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .fallback(health::not_found)
        .layer(error_pages)
        .layer(from_fn(crate::security::conditional_get))
        .layer(timeout)
        .layer(CompressionLayer::new());
    // Hubs: verification of intent and pushed content, plain text, behind the time limit only.
    let hubs = Router::new()
        .route("/websub/{token}", get(websub::verify).post(websub::push))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ));
    Router::new()
        .merge(cached)
        .merge(uncached)
        .merge(hubs)
        // Editors: the admin, behind its own session, form-token and header layers.
        .merge(crate::admin::routes(state.clone()))
        .layer(from_fn_with_state(
            state.clone(),
            crate::security::add_security_headers,
        ))
        .with_state(state)
}
