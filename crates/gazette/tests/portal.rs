//! End to end: a local news site on 127.0.0.1 → the real pipeline → a temporary SQLite file →
//! the website served over loopback, checked page by page.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig};
use gazette_store::{NewSource, SqliteStore, Store};
use gazette_web::{AdConfig, AppState, SiteConfig, WeatherCache};
use support::{BRIDGE_PARAGRAPHS, get_bytes, get_page, start_fixture};

async fn follow(store: &dyn Store, url: &str) {
    store
        .add_source(NewSource {
            url: url.to_string(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_shows_clean_attributed_stories_from_every_working_source() {
    let site = start_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_file(&dir.path().join("test.db"))
            .await
            .unwrap(),
    );
    for path in ["/rss.xml", "/atom.xml", "/feed.json", "/garbage.xml"] {
        follow(store.as_ref(), &format!("{}{path}", site.base)).await;
    }
    follow(store.as_ref(), &site.closed_url).await;
    follow(store.as_ref(), &site.hanging_url).await;

    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        total_timeout: Duration::from_secs(3),
        connect_timeout: Duration::from_secs(2),
        ..FetchConfig::default()
    })
    .unwrap();
    let pipeline = Pipeline::new(store.clone(), fetcher, PipelineConfig::default());

    // One round: the hanging source costs its timeout, not the round's other sources.
    let started = Instant::now();
    let round = pipeline.poll_due(true).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "round took {:?}",
        started.elapsed()
    );
    assert_eq!(round.sources, 6);
    assert_eq!(
        round.failed, 3,
        "garbage, closed and hanging sources fail: {round:?}"
    );
    assert_eq!(round.inserted, 4);
    let sources = store.list_sources().await.unwrap();
    for s in &sources {
        let broken =
            s.url.contains("garbage") || s.url == site.closed_url || s.url == site.hanging_url;
        assert_eq!(
            s.last_error.is_some(),
            broken,
            "{}: {:?}",
            s.url,
            s.last_error
        );
        assert_eq!(s.consecutive_failures, i64::from(broken));
    }
    let hanging = sources.iter().find(|s| s.url == site.hanging_url).unwrap();
    assert!(
        hanging
            .last_error
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("time"),
        "{:?}",
        hanging.last_error
    );

    // Polling again stores nothing twice; the RSS feed answers 304 to our conditional GET.
    let round = pipeline.poll_due(true).await.unwrap();
    assert_eq!((round.inserted, round.updated), (0, 0), "{round:?}");
    assert_eq!(store.count_entries().await.unwrap(), 4);
    assert_eq!(site.state.rss_not_modified.load(Ordering::SeqCst), 1);

    // A corrected headline updates the stored entry instead of adding one.
    site.state.corrected.store(true, Ordering::SeqCst);
    let round = pipeline.poll_due(true).await.unwrap();
    assert_eq!((round.inserted, round.updated), (0, 1), "{round:?}");
    assert_eq!(store.count_entries().await.unwrap(), 4);

    // The website, over real HTTP.
    let state = AppState::new(
        store.clone(),
        SiteConfig {
            name: "Fixture Gazette".into(),
            tagline: None,
            description: "Test portal".into(),
            base_url: "http://portal.test".into(),
            lang: "en".into(),
            time_zone: chrono_tz::Asia::Kolkata,
            ads: AdConfig {
                every_paragraphs: 3,
                ..AdConfig::default()
            },
            theme_dir: None,
            page_size: 24,
            ..SiteConfig::default()
        },
        WeatherCache::default(),
    )
    .unwrap();
    // Images come from the site's own address, fetched through the pipeline's client.
    let media = gazette_web::media::MediaProxy::new(
        b"a fixed key for the portal test.",
        pipeline.fetcher().clone(),
    );
    state.set_media_proxy(media.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, gazette_web::router(state)).await;
    });

    let home = get_page(&web, "/").await;
    assert_eq!(home.status, 200);
    let home_text = home.text();
    for title in [
        "Kestrel Bridge reopens to traffic after repairs",
        "Council votes on harbour budget",
        "Harbour Symphony opens winter season",
        "Amateur astronomer spots new comet",
    ] {
        assert!(home_text.contains(title), "home lists {title}");
    }
    assert!(
        home_text.contains("Read More")
            && home_text.contains("Hot this week")
            && home_text.contains("Topics")
    );
    assert!(
        !home_text.contains("Kestrel Bridge reopens after repairs"),
        "the old headline is gone"
    );

    // The bridge article: cleaned body, our ad slots, end marker and attribution.
    let href = home_text
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|h| h.starts_with("/article/") && h.contains("kestrel-bridge"))
        .expect("a link to the bridge article")
        .to_string();
    let article = get_page(&web, &href).await;
    assert_eq!(article.status, 200);
    let a = article.text();
    for p in BRIDGE_PARAGRAPHS {
        assert!(a.contains(p), "the body keeps: {p}");
    }
    for clutter in [
        "cookies",
        "Share on Facebook",
        "ADVERTISEMENT",
        "Also read",
        "Get the morning briefing",
        "Comments (12)",
        "All rights reserved",
        "trackEverything",
    ] {
        assert!(
            !a.contains(clutter),
            "the source's clutter is gone: {clutter}"
        );
    }
    let slots = a.matches("data-ad-slot=").count();
    assert_eq!(slots, 2, "8 paragraphs with a slot every 3: two slots");
    assert_eq!(
        a.matches("STORY CONTINUES BELOW THIS AD").count(),
        slots,
        "only our labelled slots remain"
    );
    assert!(a.contains("End of Article"));
    let original = format!("{}/a/bridge.html", site.base);
    assert!(
        a.contains(&format!("class=\"go-to-source\" href=\"{original}\"")),
        "Go to Source links the original"
    );
    assert!(a.contains("Go to Source"));
    assert!(a.contains("By <span class=\"author\">Lena Marsh</span>"));
    assert!(a.contains(&format!(
        "<link rel=\"canonical\" href=\"http://portal.test{href}\">"
    )));
    assert!(a.contains(
        "<meta property=\"og:title\" content=\"Kestrel Bridge reopens to traffic after repairs\">"
    ));
    assert!(a.contains("<meta name=\"description\""));
    // The page's lead image is the body's first figure: shown once, still the og:image, and
    // served from the site's own address.
    let image = format!("{}/img/bridge.jpg", site.base);
    let proxied = media.url_for(&image);
    assert!(proxied.starts_with("/media/"), "{proxied}");
    assert_eq!(
        a.matches(&format!("<img src=\"{proxied}\"")).count(),
        1,
        "the lead image appears once, proxied"
    );
    assert!(
        !a.contains(&format!("src=\"{image}\"")),
        "no publisher address in the page"
    );
    assert!(a.contains(&format!("<meta property=\"og:image\" content=\"{image}\">")));
    let photo = get_bytes(&web, &proxied).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.body, support::BRIDGE_JPEG);
    let headers = photo.headers.to_ascii_lowercase();
    for h in [
        "content-type: image/jpeg",
        "x-content-type-options: nosniff",
        "content-security-policy: default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "cache-control: public, max-age=604800, immutable",
    ] {
        assert!(headers.contains(h), "{h} in {headers}");
    }
    // Only addresses the site signed are fetched, and only images are served.
    let other = media.url_for(&format!("{}/a/council.html", site.base));
    let (sig, _) = proxied
        .trim_start_matches("/media/")
        .split_once('/')
        .unwrap();
    let (_, forged) = other.trim_start_matches("/media/").split_once('/').unwrap();
    assert_eq!(
        get_bytes(&web, &format!("/media/{sig}/{forged}"))
            .await
            .status,
        404
    );
    let not_image = media.url_for(&format!("{}/img/not-an-image.jpg", site.base));
    assert_eq!(get_bytes(&web, &not_image).await.status, 502);
    // An origin that calls HTML an image is not served: only image types the bytes show go
    // out, so nothing renders as a page of this site. An SVG that scripts goes out as an SVG in
    // a sandbox that allows no script.
    let disguised = media.url_for(&format!("{}/img/disguised.png", site.base));
    let r = get_bytes(&web, &disguised).await;
    assert_eq!(r.status, 502);
    assert!(!r.headers.to_ascii_lowercase().contains("text/html"));
    let scripted = media.url_for(&format!("{}/img/scripted.svg", site.base));
    let r = get_bytes(&web, &scripted).await;
    assert_eq!(r.status, 200);
    let headers = r.headers.to_ascii_lowercase();
    for h in [
        "content-type: image/svg+xml",
        "content-security-policy: default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "x-content-type-options: nosniff",
    ] {
        assert!(headers.contains(h), "{h} in {headers}");
    }
    assert!(a.contains("Related Articles") || !a.contains("related-title"));

    // Topic pages list their articles and only theirs; spellings merge.
    let transport = get_page(&web, "/topic/transport").await.text();
    assert!(
        transport.contains("name=\"q\" type=\"search\" placeholder=\"Search\" value=\"\""),
        "an empty search box"
    );
    assert!(transport.contains("Kestrel Bridge"));
    assert!(!transport.contains("Council votes"));
    let politics = get_page(&web, "/topic/politics").await.text();
    assert!(politics.contains("Council votes") && !politics.contains("Kestrel Bridge"));
    let world = get_page(&web, "/topic/world").await.text();
    assert!(
        world.contains("Harbour Symphony") && world.contains("Amateur astronomer"),
        "\"World News\" and \"world\" are one topic"
    );

    // Not found is a real, themed 404.
    let missing = get_page(&web, "/article/999999/nothing-here").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found") && missing.text().contains("Fixture Gazette")
    );
    assert_eq!(get_page(&web, "/topic/no-such-topic").await.status, 404);
    assert_eq!(get_page(&web, "/no/such/path").await.status, 404);
    assert_eq!(get_page(&web, "/article/abc/x").await.status, 404);

    // A stale slug redirects to the current one; health and feeds answer.
    let id = href.split('/').nth(2).unwrap();
    let old = get_page(
        &web,
        &format!("/article/{id}/kestrel-bridge-reopens-after-repairs"),
    )
    .await;
    assert_eq!(old.status, 308);
    assert_eq!(get_page(&web, "/healthz").await.status, 200);
    let rss = get_page(&web, "/feed.xml").await;
    assert!(rss.body.contains("<rss") && rss.body.contains("Council votes on harbour budget"));
    // The JSON API serves the same content.
    let api: serde_json::Value =
        serde_json::from_str(&get_page(&web, "/api/v1/articles").await.body).unwrap();
    assert_eq!(api["items"].as_array().unwrap().len(), 4);
    let first = &api["items"][0];
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .starts_with("http://portal.test/article/")
    );
    let one: serde_json::Value =
        serde_json::from_str(&get_page(&web, &format!("/api/v1/articles/{id}")).await.body)
            .unwrap();
    assert_eq!(
        one["title"],
        "Kestrel Bridge reopens to traffic after repairs"
    );
    assert!(one["html"].as_str().unwrap().contains(BRIDGE_PARAGRAPHS[0]));
    assert_eq!(one["original_url"], original.as_str());
    let found: serde_json::Value =
        serde_json::from_str(&get_page(&web, "/api/v1/search?q=comet").await.body).unwrap();
    assert_eq!(
        found["items"][0]["title"],
        "Amateur astronomer spots new comet"
    );
    // API errors are JSON, not the site's error page.
    for (path, status) in [
        ("/api/v1/articles/424242", 404),
        ("/api/v1/no-such-thing", 404),
        ("/api/v1/articles?page=first", 400),
    ] {
        let page = get_page(&web, path).await;
        assert_eq!(page.status, status, "{path}");
        assert!(
            page.headers
                .to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{path}: {}",
            page.headers
        );
        let error: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(error["error"]["status"], status, "{path}");
        assert!(
            !error["error"]["message"].as_str().unwrap().is_empty(),
            "{path}"
        );
    }
    assert!(
        get_page(&web, "/no-such-page")
            .await
            .body
            .contains("Page not found"),
        "the site keeps its themed error page"
    );
    let topics: serde_json::Value =
        serde_json::from_str(&get_page(&web, "/api/v1/topics").await.body).unwrap();
    assert!(
        topics
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["slug"] == "world")
    );

    let search = get_page(&web, "/search?q=symphony").await.text();
    assert!(search.contains("Harbour Symphony") && !search.contains("Council votes"));
}
