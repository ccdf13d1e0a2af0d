//! One round of polling where most sources misbehave (a server that drips bytes, one that
//! never answers, an endless body, a gzip bomb, a redirect loop, 429 and 500 answers, an HTML
//! page, a feed under a wrong content type) and two behave: the good ones ingest, each bad one
//! records a clear error and a later retry, and the round costs bounded time and memory.

#[path = "../../fetch/tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig};
use gazette_store::{NewSource, SqliteStore, Store};
use support::{Reply, Server};

const MAX_FEED_BYTES: u64 = 256 * 1024;

fn rss(title: &str) -> String {
    let body = "<p>".to_string() + &"Harbour council word ".repeat(40) + "</p>";
    let items: String = (0..3)
        .map(|i| {
            format!(
                "<item><title>{title} {i}</title><link>https://news.example/{i}</link>\
                 <guid>{title}-{i}</guid><content:encoded><![CDATA[{body}]]></content:encoded>\
                 </item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>{title}</title>{items}</channel></rss>"
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_sources_ingest_while_hostile_ones_fail_cleanly() {
    let bomb = gzip(&vec![b' '; 50 * 1024 * 1024]);
    let server = Server::start(move |r| match r.path.as_str() {
        "/good.xml" => Reply::ok("application/rss+xml", rss("Good")),
        "/plain.xml" => Reply::ok("text/plain", rss("Plain")),
        "/drip.xml" => Reply::Drip {
            chunk: b"<".to_vec(),
            every: Duration::from_millis(400),
            count: 1000,
        },
        "/hang.xml" => Reply::Hang,
        "/endless.xml" => Reply::Endless,
        "/bomb.xml" => {
            Reply::ok("application/rss+xml", bomb.clone()).with("Content-Encoding", "gzip")
        }
        "/loop-a.xml" => Reply::redirect(301, "/loop-b.xml"),
        "/loop-b.xml" => Reply::redirect(301, "/loop-a.xml"),
        "/busy.xml" => Reply::status(429).with("Retry-After", "7200"),
        "/broken.xml" => Reply::status(500),
        "/page.html" => Reply::ok(
            "text/html",
            "<!doctype html><html><head><link rel=\"alternate\" \
             type=\"application/atom+xml\" href=\"/atom.xml\"></head><body>Hi</body></html>",
        ),
        _ => Reply::status(404),
    })
    .await;

    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    let expected: &[(&str, Option<&str>)] = &[
        ("/good.xml", None),
        ("/plain.xml", None),
        ("/drip.xml", Some("bytes/s")),
        ("/hang.xml", Some("timed out")),
        ("/endless.xml", Some("larger than the limit")),
        ("/bomb.xml", Some("larger than the limit")),
        ("/loop-a.xml", Some("redirect loop")),
        ("/busy.xml", Some("answered HTTP 429")),
        ("/broken.xml", Some("answered HTTP 500")),
        (
            "/page.html",
            Some("is an HTML page, not a feed; it links to the feed"),
        ),
    ];
    for (path, _) in expected {
        // A 429 pauses its whole host: the busy publisher is another host name.
        let url = match *path {
            "/busy.xml" => format!("http://localhost:{}{path}", server.addr.port()),
            _ => server.url(path),
        };
        store
            .add_source(NewSource {
                url,
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    // Each path stands for a different publisher: no per-host queueing between them.
    let fetcher = Fetcher::new(FetchConfig {
        user_agent: "GazetteTest/0.1".into(),
        allow_private_addresses: true,
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(3),
        min_bytes_per_sec: 1024,
        min_rate_window: Duration::from_millis(500),
        max_feed_bytes: MAX_FEED_BYTES,
        per_host_concurrency: 16,
        per_host_delay: Duration::ZERO,
        ..FetchConfig::default()
    })
    .unwrap();
    let pipeline = Pipeline::new(
        store.clone(),
        fetcher,
        PipelineConfig {
            concurrent_sources: 16,
            ..PipelineConfig::default()
        },
    );

    let baseline = rss_kb();
    let peak = Arc::new(AtomicU64::new(baseline));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kb(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let started = Instant::now();
    let before = Utc::now();
    let round = pipeline.poll_due(true).await.unwrap();
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let grew_mb = peak.load(Ordering::Relaxed).saturating_sub(baseline) as f64 / 1024.0;
    println!("round: {round:?} in {took:?}; resident memory grew by {grew_mb:.1} MB");

    // The slowest sources cost the total timeout (3 s), in parallel, not one after another.
    assert!(took < Duration::from_secs(8), "round took {took:?}");
    assert!(grew_mb < 64.0, "memory grew by {grew_mb:.1} MB");
    assert_eq!((round.sources, round.failed, round.inserted), (10, 8, 6));

    for source in store.list_sources().await.unwrap() {
        let path = source
            .url
            .rsplit_once('/')
            .map(|(_, p)| format!("/{p}"))
            .unwrap();
        let (_, error) = expected.iter().find(|(p, _)| *p == path).unwrap();
        match error {
            None => {
                assert_eq!(source.entries, 3, "{path} ingests: {:?}", source.last_error);
                assert!(source.last_error.is_none());
            }
            Some(phrase) => {
                let got = source.last_error.as_deref().unwrap_or("");
                assert!(got.contains(phrase), "{path}: {got}");
                assert_eq!(source.entries, 0, "{path}");
                assert_eq!(source.consecutive_failures, 1, "{path}");
                assert!(source.next_poll > before, "{path} is retried later");
            }
        }
        if path == "/busy.xml" {
            let wait = source.next_poll - before;
            assert!(
                wait >= chrono::Duration::seconds(6400),
                "Retry-After honoured: {wait}"
            );
        }
    }
    let pages: u64 = pipeline
        .fetcher()
        .metrics()
        .snapshot()
        .outcomes
        .iter()
        .filter(|(kind, _, _)| *kind == "page")
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(pages, 0);
}
