//! The real binary on PostgreSQL: sources added and polled by two processes at once, every
//! entry stored once, stories clustered by one of them, and the site served from the same
//! database. Runs where `POSTGRES_TEST_URL` names a server (`.ci/run` starts one).

mod support;

use std::sync::Arc;

use gazette_store::{PgStore, Store};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_postgres_site() {
    let Some(db) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let site = support::start_fixture().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let vars = [("GAZETTE_DATABASE_URL", db.as_str())];
    let run = |args: &'static [&'static str]| {
        let (data, db) = (data.clone(), db.clone());
        std::thread::spawn(move || {
            support::gazette_cli_env(&data, args, true, &[("GAZETTE_DATABASE_URL", &db)])
        })
    };

    for feed in ["rss.xml", "atom.xml", "feed.json"] {
        let (ok, _, err) = support::gazette_cli_env(
            &data,
            &["source", "add", &format!("{}/{feed}", site.base)],
            true,
            &vars,
        );
        assert!(ok, "{err}");
    }
    // Two pollers at once: each due source is claimed by one of them.
    let a = run(&["poll", "--once"]);
    let b = run(&["poll", "--once"]);
    for (ok, out, err) in [a.join().unwrap(), b.join().unwrap()] {
        assert!(ok, "{out}{err}");
    }
    let store: Arc<dyn Store> = Arc::new(PgStore::connect(&db).await.unwrap());
    let entries = store.count_entries().await.unwrap();
    assert!(entries >= 3, "the feeds' entries are stored: {entries}");
    let (ok, out, err) =
        support::gazette_cli_env(&data, &["poll", "--once", "--force"], true, &vars);
    assert!(ok, "{out}{err}");
    assert_eq!(
        store.count_entries().await.unwrap(),
        entries,
        "polling again stores nothing twice"
    );
    let sources = store.list_sources().await.unwrap();
    assert_eq!(sources.len(), 3);
    assert!(
        sources.iter().all(|s| s.last_error.is_none()),
        "{sources:?}"
    );
    assert!(
        store.unclustered(10, None).await.unwrap().is_empty(),
        "the process that led the desk clustered every entry"
    );
    let found = store
        .search("bridge", gazette_store::Page::new(1, 10))
        .await
        .unwrap();
    assert!(!found.cards.is_empty(), "full-text search on PostgreSQL");
}

/// Request start times per host, as the wire saw them.
type Log = Arc<std::sync::Mutex<Vec<(String, String, std::time::Instant)>>>;

/// Three hosts (127.0.0.1–3), each with four summary-only feeds of two entries whose article
/// pages live on the same host; every request is logged with its host and time.
async fn start_wire(log: Log) -> Vec<String> {
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, header};
    use axum::response::IntoResponse;
    async fn feed(
        State(log): State<Log>,
        headers: HeaderMap,
        Path(name): Path<String>,
    ) -> impl IntoResponse {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string();
        log.lock()
            .unwrap()
            .push((host.clone(), name.clone(), std::time::Instant::now()));
        let body = if let Some(feed) = name.strip_suffix(".xml") {
            let items: String = (0..2)
                .map(|i| {
                    format!(
                        "<item><title>{feed} story {i} on {host}</title>\
                         <link>http://{host}/{feed}-{i}.html</link><guid>{host}/{feed}/{i}</guid>\
                         <description>A short summary.</description></item>"
                    )
                })
                .collect();
            format!("<rss version=\"2.0\"><channel><title>{feed}</title>{items}</channel></rss>")
        } else {
            let words = "The harbour council met again to weigh dredging the channel. ".repeat(40);
            format!(
                "<html><body><article><h1>{name}</h1><p>{words}</p><p>{words}</p></article></body></html>"
            )
        };
        let kind = if name.ends_with(".xml") {
            "application/rss+xml"
        } else {
            "text/html"
        };
        ([(header::CONTENT_TYPE, kind)], body)
    }
    let app = axum::Router::new()
        .route("/{name}", axum::routing::get(feed))
        .with_state(log);
    let mut bases = Vec::new();
    for ip in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
        bases.push(format!("http://{}", listener.local_addr().unwrap()));
        let app = app.clone();
        tokio::spawn(async move { axum::serve(listener, app).await });
    }
    bases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_keep_each_hosts_politeness_between_them() {
    let Some(db) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let log: Log = Arc::default();
    let bases = start_wire(log.clone()).await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let delay_ms = 300;
    let vars = [
        ("GAZETTE_DATABASE_URL", db.as_str()),
        ("GAZETTE_FETCH_PER_HOST_DELAY_MS", "300"),
        // Two sources at a time each, so that both processes have work to share.
        ("GAZETTE_POLLING_CONCURRENT_SOURCES", "2"),
    ];
    for base in &bases {
        for feed in ["a", "b", "c", "d"] {
            let (ok, _, err) = support::gazette_cli_env(
                &data,
                &["source", "add", &format!("{base}/{feed}.xml")],
                true,
                &vars[..1],
            );
            assert!(ok, "{err}");
        }
    }
    log.lock().unwrap().clear();
    let run = || {
        let (data, vars) = (data.clone(), vars.map(|(k, v)| (k, v.to_string())));
        std::thread::spawn(move || {
            let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            support::gazette_cli_env(&data, &["poll", "--once"], true, &vars)
        })
    };
    let (a, b) = (run(), run());
    let (mut polled, mut clustered) = (Vec::new(), Vec::new());
    for (ok, out, err) in [a.join().unwrap(), b.join().unwrap()] {
        assert!(ok, "{out}{err}");
        let count = |before: &str, after: &str| -> usize {
            out.split(after)
                .next()
                .and_then(|r| r.rsplit(before).next())
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("no count before {after:?} in {out}"))
        };
        polled.push(count("Polled ", " source(s)"));
        clustered.push(count("; ", " clustered into stories"));
    }
    assert_eq!(
        polled.iter().sum::<usize>(),
        12,
        "every source polled once: {polled:?}"
    );
    // The process that ran the desk stayed while the other polled: the other never had to
    // take the desk over (and rebuild its window) for its last entries.
    clustered.sort_unstable();
    assert_eq!(clustered, vec![0, 24], "one process clustered every entry");
    let store: Arc<dyn Store> = Arc::new(PgStore::connect(&db).await.unwrap());
    assert_eq!(
        store.count_entries().await.unwrap(),
        24,
        "every entry stored once"
    );
    assert!(store.unclustered(10, None).await.unwrap().is_empty());
    // Politeness held across both processes: on each host, feeds and pages alike started at
    // least the per-host delay apart (robots.txt is part of a page's fetch and not spaced).
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log.iter().filter(|(_, p, _)| p.ends_with(".html")).count(),
        24
    );
    for base in &bases {
        let host = base.trim_start_matches("http://");
        let mut times: Vec<_> = log
            .iter()
            .filter(|(h, p, _)| h == host && p != "robots.txt")
            .map(|(_, _, t)| *t)
            .collect();
        times.sort();
        assert_eq!(times.len(), 12, "4 feeds and 8 pages on {host}");
        for pair in times.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= std::time::Duration::from_millis(delay_ms * 9 / 10),
                "two requests to {host} {gap:?} apart"
            );
        }
    }
}
