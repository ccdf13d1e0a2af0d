//! Polls and subscriptions against a local publisher on 127.0.0.1: moved feeds, HTML served
//! where a feed was expected, feed discovery, and the counters behind `/metrics`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::{ExtractMode, Source};
use gazette_pipeline::{Pipeline, PipelineConfig, SubscribeError, find_feed};
use gazette_store::{NewSource, SqliteStore, Store};

/// A full-content RSS feed (no page is ever fetched: its links are not local) with
/// `items` items.
fn rss(title: &str, items: usize) -> String {
    let body = "<p>".to_string() + &"Harbour council word ".repeat(40) + "</p>";
    let items: String = (0..items)
        .map(|i| {
            format!(
                "<item><title>Story {i}</title><link>https://news.example/{i}</link>\
                 <guid>story-{i}</guid><pubDate>Tue, 10 Feb 2026 0{}:00:00 GMT</pubDate>\
                 <content:encoded><![CDATA[{body}]]></content:encoded></item>",
                i % 10
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>{title}</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

fn feed_reply(headers: &HeaderMap, title: &str) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == "\"v1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, "\"v1\""),
        ],
        rss(title, 3),
    )
        .into_response()
}

const HOME_WITH_LINK: &str = "<!doctype html><html><head><title>Harbour Times</title>\
    <link rel=\"alternate\" type=\"application/rss+xml\" href=\"/news/rss.xml\"></head>\
    <body><p>Welcome</p></body></html>";
const HOME_WITHOUT_LINK: &str =
    "<!doctype html><html><head><title>Quiet Site</title></head><body>Hi</body></html>";

struct Publisher {
    base: String,
    old_hits: Arc<AtomicUsize>,
}

async fn publisher() -> Publisher {
    let old_hits = Arc::new(AtomicUsize::new(0));
    let hits = old_hits.clone();
    let app = Router::new()
        .route(
            "/news/rss.xml",
            get(|h: HeaderMap| async move { feed_reply(&h, "Harbour Times") }),
        )
        .route(
            "/old.xml",
            get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                async { Redirect::permanent("/news/rss.xml") }
            }),
        )
        .route(
            "/",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], HOME_WITH_LINK) }),
        )
        .route(
            "/quiet/",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], HOME_WITHOUT_LINK) }),
        )
        .route(
            "/feed.xml",
            get(|h: HeaderMap| async move { feed_reply(&h, "Quiet Feed") }),
        )
        .route(
            "/nothing/",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], HOME_WITHOUT_LINK) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Publisher {
        base: format!("http://{addr}"),
        old_hits,
    }
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        user_agent: "GazetteTest/0.1".into(),
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        total_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    })
    .unwrap()
}

async fn pipeline() -> (tempfile::TempDir, Arc<dyn Store>, Pipeline) {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    let p = Pipeline::new(store.clone(), fetcher(), PipelineConfig::default());
    (dir, store, p)
}

async fn follow(store: &Arc<dyn Store>, url: String) -> Source {
    store
        .add_source(NewSource {
            url,
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap()
}

async fn reload(store: &Arc<dyn Store>, s: &Source) -> Source {
    store.get_source(s.id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_moved_feed_is_followed_after_three_consecutive_polls() {
    let site = publisher().await;
    let (_dir, store, p) = pipeline().await;
    let old = format!("{}/old.xml", site.base);
    let new = format!("{}/news/rss.xml", site.base);
    let src = follow(&store, old.clone()).await;

    let first = p.poll_source(&reload(&store, &src).await).await.unwrap();
    assert_eq!((first.inserted, first.error.as_deref()), (3, None));
    assert_eq!(reload(&store, &src).await.url, old);
    // The later polls answer 304 at the new address: the redirect still counts.
    let second = p.poll_source(&reload(&store, &src).await).await.unwrap();
    assert!(
        second.not_modified && second.moved_to.is_none(),
        "{second:?}"
    );
    assert_eq!(reload(&store, &src).await.url, old);
    let third = p.poll_source(&reload(&store, &src).await).await.unwrap();
    assert_eq!(third.moved_to.as_deref(), Some(new.as_str()));
    assert_eq!(reload(&store, &src).await.url, new);

    // From now on the old address is not asked any more.
    let hits = site.old_hits.load(Ordering::SeqCst);
    p.poll_source(&reload(&store, &src).await).await.unwrap();
    assert_eq!(site.old_hits.load(Ordering::SeqCst), hits);
    assert_eq!(store.count_entries().await.unwrap(), 3);
}

#[tokio::test]
async fn an_html_page_instead_of_a_feed_leads_to_the_feed_it_links_to() {
    let site = publisher().await;
    let (_dir, store, p) = pipeline().await;
    let src = follow(&store, format!("{}/", site.base)).await;
    // The page links its feed: the feed's entries are read, not the page as garbage entries.
    let r = p.poll_source(&src).await.unwrap();
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.inserted, 3);
    assert_eq!(reload(&store, &src).await.consecutive_failures, 0);
    // Found on consecutive polls, the feed replaces the page as the source's address.
    for _ in 0..2 {
        p.poll_source(&reload(&store, &src).await).await.unwrap();
    }
    assert_eq!(
        reload(&store, &src).await.url,
        format!("{}/news/rss.xml", site.base)
    );
    assert_eq!(
        store.count_entries().await.unwrap(),
        3,
        "nothing stored twice"
    );

    // A page that names no feed is a clear error.
    let quiet = follow(&store, format!("{}/nothing/", site.base)).await;
    let error = p.poll_source(&quiet).await.unwrap().error.unwrap();
    assert!(
        error.contains("is an HTML page, not a feed") && error.contains("names no feed"),
        "{error}"
    );
    let stored = reload(&store, &quiet).await;
    assert_eq!(stored.last_error.as_deref(), Some(error.as_str()));
    assert_eq!(stored.consecutive_failures, 1);
}

#[tokio::test]
async fn discovery_finds_the_feed_of_a_home_page() {
    let site = publisher().await;
    let f = fetcher();
    // A feed URL is its own feed, named by its title.
    let found = find_feed(&f, &format!("{}/news/rss.xml", site.base))
        .await
        .unwrap();
    assert_eq!(found.url, format!("{}/news/rss.xml", site.base));
    assert_eq!(found.title.as_deref(), Some("Harbour Times"));
    // A home page's <link rel="alternate">.
    let found = find_feed(&f, &format!("{}/", site.base)).await.unwrap();
    assert_eq!(found.url, format!("{}/news/rss.xml", site.base));
    // No link: the common paths on the same site (/feed.xml here).
    let found = find_feed(&f, &format!("{}/quiet/", site.base))
        .await
        .unwrap();
    assert_eq!(found.url, format!("{}/feed.xml", site.base));
    assert_eq!(found.title.as_deref(), Some("Quiet Feed"));
    // A permanent redirect to the feed gives the feed's own address.
    let found = find_feed(&f, &format!("{}/old.xml", site.base))
        .await
        .unwrap();
    assert_eq!(found.url, format!("{}/news/rss.xml", site.base));
}

#[tokio::test]
async fn discovery_reports_a_site_without_any_feed() {
    let app = Router::new().route(
        "/",
        get(|| async { ([(header::CONTENT_TYPE, "text/html")], HOME_WITHOUT_LINK) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let err = find_feed(&fetcher(), &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert!(matches!(err, SubscribeError::NoFeed { .. }), "{err}");
    assert!(err.to_string().contains("names no feed"), "{err}");
}

#[tokio::test]
async fn polls_and_fetches_are_counted() {
    let site = publisher().await;
    let (_dir, store, p) = pipeline().await;
    follow(&store, format!("{}/news/rss.xml", site.base)).await;
    follow(&store, format!("{}/nothing/", site.base)).await;
    let first = p.poll_due(true).await.unwrap();
    assert_eq!((first.inserted, first.failed), (3, 1));
    let second = p.poll_due(true).await.unwrap();
    assert_eq!((second.not_modified, second.failed), (1, 1));

    let polls = p.metrics().snapshot();
    assert_eq!(
        (
            polls.ok,
            polls.not_modified,
            polls.failed,
            polls.store_errors
        ),
        (1, 1, 2, 0)
    );
    assert_eq!((polls.entries_inserted, polls.entries_updated), (3, 0));
    assert_eq!(polls.pages_extracted, 0, "full-content feed");
    let fetches = p.fetcher().metrics().snapshot();
    let count = |kind: &str, outcome: &str| {
        fetches
            .outcomes
            .iter()
            .find(|(k, o, _)| *k == kind && *o == outcome)
            .unwrap()
            .2
    };
    // The HTML page is fetched fine: it fails as a feed, not as a fetch.
    assert_eq!(count("feed", "ok"), 3);
    assert_eq!(count("feed", "not_modified"), 1);
    let pages: u64 = fetches
        .outcomes
        .iter()
        .filter(|(k, _, _)| *k == "page")
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(pages, 0, "full-content entries need no page");
}
