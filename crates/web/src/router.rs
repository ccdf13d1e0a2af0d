//! Every route the website serves, grouped by who consumes it.

use axum::Router;
use axum::routing::get;

use crate::AppState;
use crate::handlers::{api, article, feeds, health, lists, media, metrics, stories};

/// The complete website.
pub fn router(state: AppState) -> Router {
    Router::new()
        // Readers
        .route("/", get(lists::home))
        .route("/article/{id}", get(article::show_without_slug))
        .route("/article/{id}/{slug}", get(article::show))
        .route("/story/{id}", get(stories::show))
        .route("/topic/{slug}", get(lists::topic))
        .route("/topics", get(lists::topics))
        .route("/source/{id}", get(lists::source))
        .route("/sources", get(lists::sources))
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
        // Feed readers and crawlers
        .route("/feed.xml", get(feeds::rss))
        .route("/feed.atom", get(feeds::atom))
        .route("/feed.json", get(feeds::json))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/robots.txt", get(feeds::robots))
        // Operators
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .fallback(health::not_found)
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            crate::handlers::render_error_pages,
        ))
        .with_state(state)
}
