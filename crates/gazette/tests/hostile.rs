//! A hostile publisher on 127.0.0.1, as the security review tried it: channel links with
//! `javascript:` in each feed format, and a feed URL carrying credentials. Nothing it sends may
//! become a link a reader can click into script, and no password may be printed or logged.

mod support;

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use gazette_store::{SqliteStore, Store};
use gazette_web::{AppState, SiteConfig, WeatherCache};
use support::{gazette_cli, get_page};

const SECRET: &str = "s3cretpass";

async fn start_hostile_publisher() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let page = |title: &'static str| async move {
        (
            [(header::CONTENT_TYPE, "text/html")],
            format!(
                "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
                 <p>{}</p></article></body></html>",
                "The harbour authority said the new ferry timetable starts on Monday. ".repeat(8)
            ),
        )
    };
    let b = base.clone();
    let rss = move || {
        let b = b.clone();
        async move {
            (
                [(header::CONTENT_TYPE, "application/rss+xml")],
                format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>\
                     <title>Hostile RSS</title><link>javascript:alert(document.domain)</link>\
                     <item><title>Ferry timetable changes</title><link>{b}/a/1.html</link>\
                     <guid>rss-1</guid><description>The ferry timetable changes.</description>\
                     </item></channel></rss>"
                ),
            )
        }
    };
    let b = base.clone();
    let atom = move || {
        let b = b.clone();
        async move {
            (
                [(header::CONTENT_TYPE, "application/atom+xml")],
                format!(
                    "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                     <title>Hostile Atom</title><id>urn:hostile</id>\
                     <updated>2026-12-01T08:00:00Z</updated>\
                     <link rel=\"alternate\" href=\"JaVaScRiPt:alert(1)\"/>\
                     <entry><title>Harbour dredging begins</title><id>atom-1</id>\
                     <link href=\"{b}/a/2.html\"/><updated>2026-12-01T08:00:00Z</updated>\
                     <summary>Dredging begins.</summary></entry></feed>"
                ),
            )
        }
    };
    let b = base.clone();
    let json = move || {
        let b = b.clone();
        async move {
            (
                [(header::CONTENT_TYPE, "application/feed+json")],
                serde_json::json!({
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "Hostile JSON",
                    "home_page_url": " javascript:alert(1)",
                    "items": [{
                        "id": "json-1",
                        "url": format!("{b}/a/3.html"),
                        "title": "Pier lights replaced",
                        "content_text": "The pier lights were replaced."
                    }]
                })
                .to_string(),
            )
        }
    };
    let app = Router::new()
        .route("/rss.xml", get(rss))
        .route("/atom.xml", get(atom))
        .route("/feed.json", get(json))
        .route("/a/1.html", get(move || page("Ferry timetable changes")))
        .route("/a/2.html", get(move || page("Harbour dredging begins")))
        .route("/a/3.html", get(move || page("Pier lights replaced")))
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_channel_links_never_become_links_and_passwords_are_never_printed() {
    let base = start_hostile_publisher().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.as_path();
    let with_credentials = base.replacen("http://", &format!("http://reader:{SECRET}@"), 1);

    let mut printed = String::new();
    for path in ["/rss.xml", "/atom.xml", "/feed.json"] {
        let (ok, out, err) = gazette_cli(
            data,
            &["source", "add", &format!("{with_credentials}{path}")],
            true,
        );
        assert!(ok, "{err}");
        printed += &out;
        printed += &err;
    }
    let (ok, out, err) = gazette_cli(data, &["poll", "--once"], true);
    assert!(ok, "{err}");
    assert!(out.contains("3 new"), "{out}");
    printed += &out;
    printed += &err;
    for args in [
        &["source", "list"][..],
        &["source", "list", "--json"],
        &["source", "poll", "1"],
        &["opml", "export"],
    ] {
        let (ok, out, err) = gazette_cli(data, args, true);
        assert!(ok, "{args:?}: {err}");
        printed += &out;
        printed += &err;
    }
    assert!(
        !printed.contains(SECRET),
        "a password was printed:\n{printed}"
    );
    assert!(
        printed.contains("reader:***@"),
        "the URL is shown, masked:\n{printed}"
    );
    assert!(
        !printed.to_ascii_lowercase().contains("javascript:"),
        "a hostile link was printed:\n{printed}"
    );
    // The operator can still move subscriptions with their credentials, on request.
    let (ok, out, _) = gazette_cli(data, &["opml", "export", "--include-credentials"], true);
    assert!(ok && out.contains(SECRET), "{out}");

    // The site shows every source, and none of their hostile links.
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(data).await.unwrap());
    let sources = store.list_sources().await.unwrap();
    assert_eq!(sources.len(), 3);
    for s in &sources {
        assert_eq!(s.site_url, None, "{} stored {:?}", s.name, s.site_url);
    }
    let site = SiteConfig {
        name: "Hostile Test".into(),
        tagline: None,
        description: "d".into(),
        base_url: "http://portal.test".into(),
        lang: "en".into(),
        time_zone: chrono_tz::UTC,
        ads: gazette_web::AdConfig::default(),
        theme_dir: None,
        page_size: 20,
        ..SiteConfig::default()
    };
    let state = AppState::new(store.clone(), site, WeatherCache::default()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, gazette_web::router(state)).await;
    });
    let mut pages = vec!["/sources".to_string(), "/api/v1/articles".to_string()];
    pages.extend(sources.iter().map(|s| format!("/source/{}", s.id)));
    for path in pages {
        let page = get_page(&web, &path).await;
        assert_eq!(page.status, 200, "{path}");
        let body = page.body.to_ascii_lowercase();
        assert!(!body.contains("javascript:"), "{path}: {}", page.body);
        assert!(!body.contains(SECRET), "{path}");
    }
}
