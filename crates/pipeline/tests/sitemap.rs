//! A site with no feed but a news sitemap named in robots.txt: subscribing finds the sitemap,
//! and polling it stores each page's extracted article.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig, find_feed};
use gazette_store::{NewSource, Page, SqliteStore, Store};

fn page(title: &str, sentence: &str) -> String {
    let body: String = (0..8).map(|i| format!("<p>{sentence} Paragraph {i} adds a further detail so the article is long enough to read as one.</p>")).collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav><article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_sitemap_named_in_robots_txt_is_a_source() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (b1, b2) = (base.clone(), base.clone());
    let app = Router::new()
        .route("/", get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<!doctype html><html><head><title>No feed here</title></head><body>Hello</body></html>") }))
        .route("/robots.txt", get(move || async move { format!("User-agent: *\nAllow: /\nSitemap: {b1}/sitemap-pages.xml\nSitemap: {b1}/news-sitemap.xml\n") }))
        .route("/sitemap-pages.xml", get(|| async { ([(header::CONTENT_TYPE, "application/xml")], "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"></urlset>") }))
        .route(
            "/news-sitemap.xml",
            get(move || async move {
                (
                    [(header::CONTENT_TYPE, "application/xml")],
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{b2}/2026/ferry.html</loc><news:news><news:publication><news:name>Quiet Site</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-02-10T08:00:00Z</news:publication_date><news:title>Night ferry returns</news:title><news:keywords>Transport, Harbour</news:keywords></news:news></url>
<url><loc>{b2}/2026/library.html</loc><lastmod>2026-02-09T12:00:00Z</lastmod></url>
</urlset>"#
                    ),
                )
            }),
        )
        .route("/2026/ferry.html", get(|| async { ([(header::CONTENT_TYPE, "text/html")], page("Night ferry returns", "The night ferry to the islands sails again from Monday.")) }))
        .route("/2026/library.html", get(|| async { ([(header::CONTENT_TYPE, "text/html")], page("Library opens late", "The central library will stay open until ten on weekdays.")) }));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        ..FetchConfig::default()
    })
    .unwrap();
    let found = find_feed(&fetcher, &format!("{base}/")).await.unwrap();
    assert_eq!(
        found.url,
        format!("{base}/news-sitemap.xml"),
        "the news sitemap is preferred"
    );

    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    store
        .add_source(NewSource {
            url: found.url.clone(),
            name: Some("Quiet Site".into()),
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    let pipeline = Pipeline::new(store.clone(), fetcher, PipelineConfig::default());
    let round = pipeline.poll_due(true).await.unwrap();
    assert_eq!((round.failed, round.inserted), (0, 2), "{round:?}");

    let listing = store.latest(Page::new(1, 10)).await.unwrap();
    let titles: Vec<_> = listing.cards.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Night ferry returns", "Library opens late"],
        "news title, then the page's own title"
    );
    let ferry = store.get_entry(listing.cards[0].id).await.unwrap().unwrap();
    assert!(
        ferry
            .content_text
            .unwrap()
            .contains("The night ferry to the islands sails again")
    );
    assert!(ferry.extracted);
    assert!(
        ferry.topics.iter().any(|t| t.slug == "transport"),
        "news keywords become topics"
    );

    // Polling again changes nothing.
    let round = pipeline.poll_due(true).await.unwrap();
    assert_eq!((round.inserted, round.updated), (0, 0), "{round:?}");
}
