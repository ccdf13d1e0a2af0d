//! Polling benchmark: 2,000 full-content feeds of 50 entries each, every feed on its own
//! loopback host (127.1.x.y), each response delayed 20–80 ms; polled from an empty database,
//! then polled again while every feed answers 304.
//!
//! ```text
//! cargo run -p gazette-pipeline --release --example bench_poll
//! BENCH_FEEDS=500 BENCH_CONCURRENCY=32 cargo run -p gazette-pipeline --release --example bench_poll
//! BENCH_PAGES=1 BENCH_FEEDS=100 cargo run -p gazette-pipeline --release --example bench_poll
//! BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/empty_db cargo run -p gazette-pipeline --release --example bench_poll
//! ```
//!
//! With `BENCH_PAGES=1` the feeds carry summaries only, so every entry's article page is
//! fetched from the feed's host (same latency) and extracted; the per-host delay is then set
//! to zero, or politeness alone (1 s between a host's requests) would set the time.
//!
//! The feeds are served by a child process (this example re-run with `--serve`), so that the
//! peak memory (VmHWM, and VmRSS sampled every 20 ms) and CPU time reported are the poller's alone.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig};
use gazette_store::{NewSource, PgStore, SqliteStore, Store};

const ENTRIES: usize = 50;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if std::env::args().any(|a| a == "--serve") {
        rt.block_on(serve(env_usize("BENCH_FEEDS", 2000), pages_mode()));
    } else {
        rt.block_on(bench());
    }
}

// ---- the publishers (child process) ----

fn pages_mode() -> bool {
    std::env::var("BENCH_PAGES").is_ok_and(|v| v == "1")
}

const PARAGRAPH: &str = "The harbour council met again on Tuesday to weigh the cost of dredging \
    the old channel against building two new ferry berths on the north bank, and members asked \
    for a fuller survey before the spring vote. ";

/// A summary-only feed whose links point to article pages on the same host.
fn partial_feed_xml(feed: usize, base: &str) -> String {
    let items: String = (0..ENTRIES)
        .map(|i| {
            format!(
                "<item><title>Feed {feed} story {i}: council weighs harbour plans</title>\
                 <link>{base}/story/{i}.html</link><guid>feed{feed}-{i}</guid>\
                 <pubDate>Tue, 10 Feb 2026 {:02}:{:02}:00 GMT</pubDate>\
                 <category>City</category><description>Members asked for a fuller survey \
                 before the spring vote.</description></item>",
                i / 60,
                i % 60
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
         <title>Bench Wire {feed}</title><link>{base}/</link>\
         <description>Benchmark feed</description>{items}</channel></rss>"
    )
}

/// An article page with the usual furniture around eight paragraphs (~11 KB).
fn article_html(i: &str) -> String {
    let body: String = (0..8)
        .map(|n| format!("<p>Paragraph {n} of story {i}. {PARAGRAPH}{PARAGRAPH}</p>"))
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Story {i}: council weighs harbour plans | Bench Wire</title>\
         <meta property=\"og:title\" content=\"Story {i}: council weighs harbour plans\">\
         <meta property=\"article:published_time\" content=\"2026-02-10T07:00:00Z\"></head>\
         <body><header><nav><a href=\"/\">Home</a> <a href=\"/city\">City</a> \
         <a href=\"/sport\">Sport</a></nav></header><main><article><h1>Story {i}: council \
         weighs harbour plans</h1><p class=\"byline\">By Lena Marsh</p>\
         <div class=\"share-bar\"><a href=\"/s/1\">Share</a> <a href=\"/s/2\">Email</a></div>\
         {body}<aside class=\"related\"><h3>Also read</h3><ul><li><a href=\"/a/1\">Ferry \
         fares</a></li></ul></aside></article></main><footer>© Bench Wire</footer></body></html>"
    )
}

fn feed_xml(feed: usize) -> String {
    let items: String = (0..ENTRIES)
        .map(|i| {
            format!(
                "<item><title>Feed {feed} story {i}: council weighs harbour plans</title>\
                 <link>https://feed{feed}.example/story/{i}</link><guid>feed{feed}-{i}</guid>\
                 <pubDate>Tue, 10 Feb 2026 {:02}:{:02}:00 GMT</pubDate>\
                 <category>City</category><category>Transport</category>\
                 <description>Members asked for a fuller survey.</description>\
                 <content:encoded><![CDATA[<p>{p}</p><p>{p}</p><p>{p}</p><p>{p}</p>]]>\
                 </content:encoded></item>",
                i / 60,
                i % 60,
                p = PARAGRAPH
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>Bench Wire {feed}</title><link>https://feed{feed}.example/</link>\
         <description>Benchmark feed</description>{items}</channel></rss>"
    )
}

async fn serve(feeds: usize, pages: bool) {
    let counter = Arc::new(AtomicU64::new(0x5EED));
    let mut urls = Vec::with_capacity(feeds);
    for feed in 0..feeds {
        let ip = format!("127.1.{}.{}", feed / 250, feed % 250 + 1);
        let listener = tokio::net::TcpListener::bind((ip.as_str(), 0))
            .await
            .expect("bind a loopback address");
        let addr = listener.local_addr().unwrap();
        let body = Arc::new(if pages {
            partial_feed_xml(feed, &format!("http://{addr}"))
        } else {
            feed_xml(feed)
        });
        let feed_counter = counter.clone();
        let page_counter = counter.clone();
        let app = Router::new()
            .route(
                "/feed.xml",
                get(move |headers: HeaderMap| {
                    let body = body.clone();
                    let n = feed_counter.fetch_add(1, Ordering::Relaxed);
                    async move { reply(&headers, &body, n).await }
                }),
            )
            .route(
                "/story/{name}",
                get(
                    move |axum::extract::Path(name): axum::extract::Path<String>| {
                        let n = page_counter.fetch_add(1, Ordering::Relaxed);
                        async move {
                            tokio::time::sleep(latency(n)).await;
                            let i = name.trim_end_matches(".html").to_string();
                            (
                                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                                article_html(&i),
                            )
                        }
                    },
                ),
            );
        tokio::spawn(async move { axum::serve(listener, app).await });
        urls.push(format!("http://{addr}/feed.xml"));
    }
    for url in urls {
        println!("{url}");
    }
    println!("ready");
    // Serve until the parent closes our stdin.
    let _ = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    })
    .await;
}

/// 20–80 ms, a well-spread pseudo-random sequence (SplitMix64 of a counter).
fn latency(n: u64) -> Duration {
    let mut z = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^= z >> 31;
    Duration::from_millis(20 + z % 61)
}

async fn reply(headers: &HeaderMap, body: &str, n: u64) -> Response {
    tokio::time::sleep(latency(n)).await;
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == "\"v1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml; charset=utf-8"),
            (header::ETAG, "\"v1\""),
        ],
        body.to_owned(),
    )
        .into_response()
}

// ---- the poller (this process) ----

fn proc_status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
        .unwrap_or_else(|| "?".into())
}

/// User + system CPU seconds of this process.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name; 100 Hz.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory: the larger of the kernel's VmHWM (updated lazily) and the largest
/// VmRSS seen by a sampler every 20 ms.
struct PeakMemory(Arc<AtomicU64>);

impl PeakMemory {
    fn start() -> PeakMemory {
        let peak = Arc::new(AtomicU64::new(0));
        let sampler = peak.clone();
        std::thread::spawn(move || {
            loop {
                sampler.fetch_max(kb(&proc_status("VmRSS:")), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        PeakMemory(peak)
    }

    fn mb(&self) -> f64 {
        let hwm = kb(&proc_status("VmHWM:"));
        self.0.fetch_max(hwm, Ordering::Relaxed).max(hwm) as f64 / 1024.0
    }
}

fn kb(v: &str) -> u64 {
    v.trim_end_matches("kB").trim().parse().unwrap_or(0)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

async fn bench() {
    let feeds = env_usize("BENCH_FEEDS", 2000);
    let pages = pages_mode();
    let concurrency = env_usize(
        "BENCH_CONCURRENCY",
        PipelineConfig::default().concurrent_sources,
    );
    println!(
        "bench_poll: {feeds} feeds x {ENTRIES} entries ({}), 20-80 ms per response, \
         {concurrency} sources at a time; load average before: {}",
        if pages {
            "summaries: every article page fetched and extracted, no per-host delay"
        } else {
            "full content"
        },
        loadavg()
    );
    let mut server = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .env("BENCH_FEEDS", feeds.to_string())
        .env("BENCH_PAGES", if pages { "1" } else { "0" })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the feed server");
    let mut urls = Vec::with_capacity(feeds);
    for line in BufReader::new(server.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if line == "ready" {
            break;
        }
        urls.push(line);
    }
    assert_eq!(urls.len(), feeds, "the server started every feed");

    let dir = tempfile::tempdir().unwrap();
    // `BENCH_DATABASE_URL=postgres://...` (an empty database) measures the PostgreSQL store.
    let store: Arc<dyn Store> = match std::env::var("BENCH_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Arc::new(PgStore::connect(&url).await.unwrap()),
        _ => Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap()),
    };
    for url in &urls {
        store
            .add_source(NewSource {
                url: url.clone(),
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    let fetcher = Fetcher::new(FetchConfig {
        user_agent: "GazetteBench/0.1".into(),
        allow_private_addresses: true,
        per_host_delay: if pages {
            Duration::ZERO
        } else {
            FetchConfig::default().per_host_delay
        },
        ..FetchConfig::default()
    })
    .unwrap();
    let pipeline = Pipeline::new(
        store.clone(),
        fetcher,
        PipelineConfig {
            concurrent_sources: concurrency,
            ..PipelineConfig::default()
        },
    );
    let peak = PeakMemory::start();
    println!("before polling: peak RSS {:.1} MB", peak.mb());

    for (round, label) in [(1, "from empty"), (2, "every feed 304")] {
        let cpu = cpu_seconds();
        let started = Instant::now();
        let r = pipeline.poll_due(true).await.unwrap();
        let wall = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        let entries = r.inserted + r.updated;
        println!(
            "round {round} ({label}): {} sources in {wall:.2} s ({:.0} sources/s), \
             {} inserted, {} updated, {} not modified, {} failed; {:.0} entries/s; \
             CPU {cpu:.1} s; peak RSS so far {:.1} MB; load average {}",
            r.sources,
            r.sources as f64 / wall,
            r.inserted,
            r.updated,
            r.not_modified,
            r.failed,
            entries as f64 / wall,
            peak.mb(),
            loadavg()
        );
    }
    let fetched_pages: u64 = pipeline
        .fetcher()
        .metrics()
        .snapshot()
        .outcomes
        .iter()
        .filter(|(kind, _, _)| *kind == "page")
        .map(|(_, _, n)| n)
        .sum();
    let db = std::fs::metadata(dir.path().join("gazette.db")).map_or(0, |m| m.len());
    println!(
        "pages fetched: {fetched_pages}, extracted and used: {}; stored entries: {}; \
         database {:.1} MB",
        pipeline.metrics().snapshot().pages_extracted,
        store.count_entries().await.unwrap(),
        db as f64 / 1e6
    );
    drop(server.stdin.take());
    let _ = server.wait();
}
