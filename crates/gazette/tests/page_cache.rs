//! The public site's front door, end to end over loopback: the demo wire ingested into a real
//! SQLite file, served by the real server loop, checked as a browser, a CDN and an attacker
//! would. Pages come from memory until what they show changes (here or in another process);
//! many misses render once; views are counted on hits; every response carries the security
//! headers; the server loop bounds slow and excess clients and drains on shutdown.

mod support;

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use gazette_store::{Page as StorePage, SourceChanges, SqliteStore, Store};
use gazette_web::{AppState, ServerLimits, SiteConfig, WeatherCache};
use support::{Raw, ingest_demo, request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `state` with the real server loop on a free port; drop the sender to stop it.
async fn serve(
    state: AppState,
    limits: ServerLimits,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = gazette_web::router(state);
    tokio::spawn(async move {
        let _ = gazette_web::serve(listener, app, limits, async {
            let _ = stopped.await;
        })
        .await;
    });
    (base, stop)
}

fn counts(state: &AppState) -> (u64, u64) {
    let c = state.page_cache();
    (
        c.hits.load(Ordering::SeqCst),
        c.misses.load(Ordering::SeqCst),
    )
}

/// The first `/article/...` link of a page.
fn first_article_link(html: &str) -> String {
    let html = html.replace("&#x2f;", "/");
    let start = html.find("href=\"/article/").expect("an article link") + 6;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

fn assert_security_headers(what: &str, r: &Raw) {
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "strict-transport-security",
    ] {
        assert!(
            r.header(name).is_some(),
            "{what} ({}) lacks {name}:\n{}",
            r.status,
            r.headers
        );
    }
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'none'"), "{what}: {csp}");
    assert_eq!(r.header("x-content-type-options").unwrap(), "nosniff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_come_from_memory_until_what_they_show_changes() {
    let demo = ingest_demo().await;
    demo.store.watch_other_processes().await.unwrap();
    let state = AppState::new(
        demo.store.clone(),
        SiteConfig {
            base_url: "https://portal.test".into(),
            ..SiteConfig::default()
        },
        WeatherCache::default(),
    )
    .unwrap();
    let (web, _stop) = serve(state.clone(), ServerLimits::default()).await;

    // A miss renders and keeps the page; the next request is a hit with the same bytes.
    let (hits, misses) = counts(&state);
    let first = request(&web, "GET", "/", &[]).await;
    assert_eq!(first.status, 200);
    assert_eq!(counts(&state), (hits, misses + 1));
    let second = request(&web, "GET", "/", &[]).await;
    assert_eq!(counts(&state), (hits + 1, misses + 1));
    assert_eq!(first.body, second.body);
    assert_eq!(
        first.header("cache-control").as_deref(),
        Some(gazette_web::cache::PAGE_CACHE_CONTROL)
    );
    assert!(
        first
            .header("vary")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .contains("accept-encoding"),
        "{}",
        first.headers
    );

    // br and gzip variants decode to the same page; each has its own ETag.
    let br = request(&web, "GET", "/", &["Accept-Encoding: gzip, br"]).await;
    assert_eq!(br.header("content-encoding").as_deref(), Some("br"));
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, first.body);
    assert!(br.body.len() * 3 < first.body.len(), "br is much smaller");
    let gz = request(&web, "GET", "/", &["Accept-Encoding: gzip"]).await;
    assert_eq!(gz.header("content-encoding").as_deref(), Some("gzip"));
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, first.body);
    let tags: Vec<String> = [&first, &gz, &br]
        .iter()
        .map(|r| r.header("etag").expect("an ETag"))
        .collect();
    assert!(
        tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
        "{tags:?}"
    );

    // Revalidation answers 304 with no body; HEAD answers the headers only.
    let etag_line = format!("If-None-Match: {}", tags[0]);
    let not_modified = request(&web, "GET", "/", &[&etag_line]).await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    assert_eq!(not_modified.header("etag"), Some(tags[0].clone()));
    let stale = request(&web, "GET", "/", &["If-None-Match: \"another\""]).await;
    assert_eq!(stale.status, 200);
    let head = request(&web, "HEAD", "/", &[]).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("etag"), Some(tags[0].clone()));

    // A view is counted for every reader, also when the page comes from memory.
    let latest = demo.store.latest(StorePage::new(1, 1)).await.unwrap();
    let newest = &latest.cards[0];
    // Its address carries a slug: `/article/{id}` redirects there.
    let moved = request(&web, "GET", &format!("/article/{}", newest.id.0), &[]).await;
    let path = moved.header("location").expect("a redirect to the article");
    let (_, misses) = counts(&state);
    for _ in 0..3 {
        assert_eq!(request(&web, "GET", &path, &[]).await.status, 200);
    }
    assert_eq!(counts(&state).1, misses + 1, "one render, two hits");
    state.flush_views().await;
    let today = chrono::Utc::now().timestamp() / 86_400;
    let hot = demo.store.hot(today - 7, 100).await.unwrap();
    let views = hot.iter().find(|h| h.card.id == newest.id).map(|h| h.views);
    assert_eq!(views, Some(3), "every request counted");

    // A change made here shows at once: the page renders again, once, however many readers
    // ask for it together.
    let renamed = "The Renamed Chronicle";
    demo.store
        .update_source(
            newest.source_id,
            &SourceChanges {
                name: Some(renamed.into()),
                ..SourceChanges::default()
            },
        )
        .await
        .unwrap();
    let (_, misses) = counts(&state);
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let (web, path) = (web.clone(), path.clone());
            tokio::spawn(async move { request(&web, "GET", &path, &[]).await })
        })
        .collect();
    for r in readers {
        let r = r.await.unwrap();
        assert_eq!(r.status, 200);
        assert!(String::from_utf8_lossy(&r.body).contains(renamed));
    }
    assert_eq!(counts(&state).1, misses + 1, "sixteen readers, one render");

    // A change made by another process sharing the file shows within a second or so.
    let other: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(demo.dir.path()).await.unwrap());
    let again = "The Chronicle Renamed Again";
    other
        .update_source(
            newest.source_id,
            &SourceChanges {
                name: Some(again.into()),
                ..SourceChanges::default()
            },
        )
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let r = request(&web, "GET", &path, &[]).await;
        if String::from_utf8_lossy(&r.body).contains(again) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the page never showed the other process's change"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Security headers on every kind of response (HSTS: the site's URL is https).
    let css = {
        let html = String::from_utf8_lossy(&first.body).replace("&#x2f;", "/");
        let start = html.find("/static/").unwrap();
        let end = start + html[start..].find('"').unwrap();
        html[start..end].to_string()
    };
    let article = first_article_link(&String::from_utf8_lossy(&first.body));
    for path in [
        "/",
        article.as_str(),
        "/no/such/page",
        css.as_str(),
        "/healthz",
        "/api/v1/articles",
        "/feed.xml",
        "/sitemap.xml",
        "/search?q=harbour",
        "/robots.txt",
    ] {
        let r = request(&web, "GET", path, &[]).await;
        assert_security_headers(path, &r);
    }
    assert_security_headers("304", &not_modified);

    // Operators see the cache's figures.
    let metrics = request(&web, "GET", "/metrics", &[]).await;
    let text = String::from_utf8_lossy(&metrics.body).into_owned();
    let value = |name: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from /metrics"))
    };
    let (hits, misses) = counts(&state);
    assert_eq!(
        value("gazette_page_cache_requests_total{outcome=\"hit\"}"),
        hits
    );
    assert_eq!(
        value("gazette_page_cache_requests_total{outcome=\"miss\"}"),
        misses
    );
    assert!(value("gazette_page_cache_bytes") > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_loop_bounds_slow_and_excess_clients_and_drains_on_shutdown() {
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/", get(|| async { "ok" }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "slow but answered"
            }),
        );

    // A client that never finishes its headers is cut off after the header timeout.
    let limits = ServerLimits {
        max_connections: 8,
        header_timeout: Duration::from_millis(300),
        drain_timeout: Duration::from_secs(5),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(gazette_web::serve(listener, app.clone(), limits, async {
        let _ = stopped.await;
    }));
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the slow client was never cut off");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // On shutdown a request in flight is still answered, then the loop returns.
    let base = format!("http://{addr}");
    let in_flight = tokio::spawn({
        let base = base.clone();
        async move { request(&base, "GET", "/slow", &[]).await }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    drop(stop);
    let answered = in_flight.await.unwrap();
    assert_eq!(answered.status, 200);
    assert_eq!(answered.body, b"slow but answered");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server loop returns after draining")
        .unwrap()
        .unwrap();

    // With one connection allowed, a second client waits until the first one leaves.
    let limits = ServerLimits {
        max_connections: 1,
        header_timeout: Duration::from_secs(10),
        drain_timeout: Duration::from_secs(1),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gazette_web::serve(listener, app, limits, async {
        let _ = stopped.await;
    }));
    let first = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = tokio::spawn({
        let base = format!("http://{addr}");
        async move { request(&base, "GET", "/", &[]).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !second.is_finished(),
        "the second client was served beside the first"
    );
    drop(first);
    let served = tokio::time::timeout(Duration::from_secs(5), second)
        .await
        .expect("the second client is served once the first leaves")
        .unwrap();
    assert_eq!(served.status, 200);
}
