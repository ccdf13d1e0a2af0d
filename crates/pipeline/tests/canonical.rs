//! Deduplication by the page's own address: two outlets link different URLs whose pages name
//! one canonical article; the copy is stored once as a duplicate in the original's story.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::Redirect;
use axum::routing::get;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig, StoryDesk};
use gazette_store::{NewSource, SqliteStore, Store};

fn feed(base: &str, outlet: &str, title: &str, link: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{outlet}</title>\
         <link>{base}/{outlet}/</link><item><title>{title}</title><link>{link}</link>\
         <guid>{outlet}-1</guid><pubDate>Tue, 10 Feb 2026 08:00:00 GMT</pubDate>\
         <description>A short teaser.</description></item></channel></rss>"
    )
}

/// An article page naming `canonical`, with a body of `words` repeated: the two outlets'
/// bodies share no word, so only the address can join them.
fn page(canonical: &str, title: &str, words: &str) -> String {
    let para = format!("<p>{}</p>", words.repeat(12));
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"></head><body><article><h1>{title}</h1>\
         {para}{para}{para}{para}</article></body></html>"
    )
}

#[tokio::test]
async fn pages_naming_one_canonical_address_are_one_article() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let original = format!("{base}/ledger/harbour-crane-collapse");
    let b = base.clone();
    let o = original.clone();
    let app = Router::new()
        .route(
            "/ledger/feed",
            get({
                let b = b.clone();
                // The outlet links its own article through a tracking redirect.
                move || async move {
                    let link = format!("{b}/r/123?utm_source=rss");
                    (
                        [(header::CONTENT_TYPE, "application/rss+xml")],
                        feed(&b, "ledger", "Crane collapses at the harbour", &link),
                    )
                }
            }),
        )
        .route(
            "/r/123",
            get(|| async { Redirect::temporary("/ledger/harbour-crane-collapse") }),
        )
        .route(
            "/ledger/harbour-crane-collapse",
            get({
                let o = o.clone();
                move || async move {
                    (
                        [(header::CONTENT_TYPE, "text/html")],
                        page(
                            &o,
                            "Crane collapses at the harbour",
                            "Dockworkers watched steel girders buckle near berth nine. ",
                        ),
                    )
                }
            }),
        )
        .route(
            "/wire/feed",
            get({
                let b = b.clone();
                move || async move {
                    let link = format!("{b}/wire/story-77");
                    (
                        [(header::CONTENT_TYPE, "application/rss+xml")],
                        feed(&b, "wire", "Harbour accident: crane down", &link),
                    )
                }
            }),
        )
        .route(
            "/wire/story-77",
            get({
                let o = o.clone();
                // A syndicated copy, rewritten, naming the original as canonical.
                move || async move {
                    (
                        [(header::CONTENT_TYPE, "text/html")],
                        page(
                            &o,
                            "Harbour accident: crane down",
                            "Emergency crews cordoned quays after metal frames toppled. ",
                        ),
                    )
                }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    let fetcher = Fetcher::new(FetchConfig {
        user_agent: "GazetteTest/0.1".into(),
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        total_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    })
    .unwrap();
    let p = Pipeline::new(store.clone(), fetcher, PipelineConfig::default());
    let mut ids = Vec::new();
    for outlet in ["ledger", "wire"] {
        let src = store
            .add_source(NewSource {
                url: format!("{base}/{outlet}/feed"),
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
        let r = p.poll_source(&src).await.unwrap();
        assert_eq!((r.inserted, r.error), (1, None), "{outlet}");
        ids.push(src.id);
    }
    let desk = StoryDesk::open(store.clone()).await.unwrap();
    desk.cluster_pending(true).await.unwrap();

    let (cards, _) = store
        .latest_stories(gazette_store::Page::new(1, 10))
        .await
        .unwrap();
    assert_eq!(cards.len(), 1, "one story on the front page");
    let story = store.story(cards[0].story_id, 100).await.unwrap().unwrap();
    assert_eq!(story.articles.len(), 2, "both outlets' articles in it");
    assert_eq!(story.sources, 2);
    let first = &story.articles[0];
    assert_eq!(
        first.url.as_deref(),
        Some(format!("{base}/r/123?utm_source=rss").as_str()),
        "the feed's own link is kept for attribution"
    );
}
