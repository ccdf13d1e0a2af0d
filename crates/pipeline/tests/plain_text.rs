//! Regression: plain-text feed constructs (Atom `type="text"`, JSON Feed `content_text`) keep
//! their angle brackets as text instead of being read as markup and lost.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig};
use gazette_store::{NewSource, Page, SqliteStore, Store};

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Tags &amp; Markup</title><id>urn:t</id><updated>2026-02-01T00:00:00Z</updated>
<entry><title type="text">History of the &lt;blink&gt; tag</title><id>urn:t:1</id><updated>2026-02-01T00:00:00Z</updated>
<content type="text">The &lt;blink&gt; element made text flash.
It was never standardised.</content></entry></feed>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_titles_and_bodies_keep_their_brackets() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().route(
        "/atom.xml",
        get(|| async { ([(header::CONTENT_TYPE, "application/atom+xml")], ATOM) }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    store
        .add_source(NewSource {
            url: format!("{base}/atom.xml"),
            name: None,
            extract_mode: ExtractMode::Never,
        })
        .await
        .unwrap();
    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        ..FetchConfig::default()
    })
    .unwrap();
    let round = Pipeline::new(store.clone(), fetcher, PipelineConfig::default())
        .poll_due(true)
        .await
        .unwrap();
    assert_eq!(round.inserted, 1, "{round:?}");
    let card = store.latest(Page::new(1, 1)).await.unwrap().cards.remove(0);
    assert_eq!(card.title, "History of the <blink> tag");
    let entry = store.get_entry(card.id).await.unwrap().unwrap();
    assert!(
        entry
            .content_text
            .unwrap()
            .contains("The <blink> element made text flash.")
    );
    assert!(
        entry.content_html.unwrap().contains("&lt;blink&gt;"),
        "escaped in the stored HTML"
    );
    assert_eq!(store.list_sources().await.unwrap()[0].name, "Tags & Markup");
}
