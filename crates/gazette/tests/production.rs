//! Running Gazette as an operator does: a backup taken while a poll writes restores the same
//! site; SIGTERM stops `poll` and `serve` gracefully (the requests in flight answered, the polls
//! running finished, nothing lost or stored twice, exit code 0); JSON logs are one object per
//! line. The binary runs as a child process against a slow news wire on 127.0.0.1.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use gazette_store::{SqliteStore, Store};

const OUTLETS: usize = 6;
const PER_FEED: usize = 6;
const PLACES: &[&str] = &[
    "Harrowgate",
    "Lindqvist",
    "Marrowby",
    "Ostend Vale",
    "Quillon",
    "Saltmere",
];
const SUBJECTS: &[&str] = &[
    "tram extension",
    "school meals contract",
    "flood barrier",
    "library closure",
    "bus depot",
    "harbour dredging",
];

/// The wire: `OUTLETS` summary-only feeds whose article pages answer after `page_delay_ms`,
/// and an image that takes two seconds.
#[derive(Default)]
struct Wire {
    page_delay_ms: AtomicU64,
    pages: AtomicUsize,
    images: AtomicUsize,
}

async fn feed(
    State((wire, base)): State<(Arc<Wire>, String)>,
    UrlPath(n): UrlPath<usize>,
) -> impl IntoResponse {
    let _ = wire;
    let items: String = (0..PER_FEED)
        .map(|i| {
            format!(
                "<item><title>{place} weighs the {subject}, report {n}-{i}</title>\
                 <link>{base}/a/{n}/{i}</link><guid isPermaLink=\"false\">wire-{n}-{i}</guid>\
                 <description>Short summary {n}-{i}.</description>\
                 <pubDate>Sat, 05 Dec 2026 {:02}:{:02}:00 GMT</pubDate></item>",
                8 + n,
                i * 7,
                place = PLACES[(n + i) % PLACES.len()],
                subject = SUBJECTS[(n * 5 + i) % SUBJECTS.len()],
            )
        })
        .collect();
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet {n}</title>\
             <link>{base}/</link><description>Wire outlet</description>{items}</channel></rss>"
        ),
    )
}

async fn page(
    State((wire, _)): State<(Arc<Wire>, String)>,
    UrlPath((n, i)): UrlPath<(usize, usize)>,
) -> impl IntoResponse {
    wire.pages.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(
        wire.page_delay_ms.load(Ordering::SeqCst),
    ))
    .await;
    let place = PLACES[(n + i) % PLACES.len()];
    let subject = SUBJECTS[(n * 5 + i) % SUBJECTS.len()];
    let body: String = (0..6)
        .map(|k| {
            format!(
                "<p>Paragraph {k} of report {n}-{i}: the {place} council debated the {subject} for \
                 {} hours, and residents of {place} asked about its cost, its timetable and who \
                 would pay for the {subject} if the estimates rose again next spring.</p>",
                2 + k
            )
        })
        .collect();
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!(
            "<!doctype html><html><head><title>{place} weighs the {subject}</title></head><body>\
             <nav><a href=\"/\">Home</a></nav><article><h1>{place} weighs the {subject}, report \
             {n}-{i}</h1>{body}</article><footer>Outlet {n}</footer></body></html>"
        ),
    )
}

async fn slow_image(State((wire, _)): State<(Arc<Wire>, String)>) -> impl IntoResponse {
    wire.images.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    ([(header::CONTENT_TYPE, "image/jpeg")], support::BRIDGE_JPEG)
}

async fn start_wire() -> (String, Arc<Wire>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let wire = Arc::new(Wire::default());
    let app = Router::new()
        .route("/feed/{n}", get(feed))
        .route("/a/{n}/{i}", get(page))
        .route("/img/slow.jpg", get(slow_image))
        .with_state((wire.clone(), base.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, wire)
}

/// The wire, and a new data directory (in the temporary directory returned) following it.
async fn wire_followed() -> (tempfile::TempDir, PathBuf, String, Arc<Wire>) {
    let (base, wire) = start_wire().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    follow_wire(&base, &data);
    (tmp, data, base, wire)
}

/// A data directory following the wire's outlets (not polled yet).
fn follow_wire(base: &str, data: &Path) {
    let outlines: String = (0..OUTLETS)
        .map(|n| format!("<outline type=\"rss\" text=\"Outlet {n}\" xmlUrl=\"{base}/feed/{n}\"/>"))
        .collect();
    let opml = data.parent().unwrap().join(format!(
        "{}.opml",
        data.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(
        &opml,
        format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>wire</title></head><body>{outlines}</body></opml>"),
    )
    .unwrap();
    let (ok, _, err) =
        support::gazette_cli(data, &["opml", "import", opml.to_str().unwrap()], true);
    assert!(ok, "{err}");
}

fn terminate(child: &Child) {
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM failed");
}

/// Waits for the child to exit, at most `within`; returns its exit code and how long it took.
fn wait_exit(child: &mut Child, within: Duration) -> (Option<i32>, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), started.elapsed());
        }
        if started.elapsed() > within {
            let _ = child.kill();
            panic!("the process did not stop within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

async fn wait_for(what: &str, within: Duration, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < within, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Lines a child writes to a pipe, collected by a thread.
fn collect_lines(pipe: impl std::io::Read + Send + 'static) -> Arc<std::sync::Mutex<Vec<String>>> {
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

type Lines = Arc<std::sync::Mutex<Vec<String>>>;

/// The binary started as a child with its output collected.
fn spawn(data: &Path, args: &[&str], vars: &[(&str, &str)]) -> (Child, Lines, Lines) {
    let mut child = support::gazette_command(data, args, true, vars)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = collect_lines(child.stdout.take().unwrap());
    let err = collect_lines(child.stderr.take().unwrap());
    (child, out, err)
}

/// `gazette serve` on a free port; returns the child, its output and the site's address.
async fn start_serve(
    data: &Path,
    args: &[&str],
    vars: &[(&str, &str)],
) -> (Child, Lines, Lines, String) {
    let args = [&["serve", "--listen", "127.0.0.1:0"], args].concat();
    let vars = [&[("GAZETTE_WEATHER_CITY", "")], vars].concat();
    let (child, out, err) = spawn(data, &args, &vars);
    let mut site = String::new();
    wait_for("the server to start", Duration::from_secs(20), || {
        if let Some(url) = out
            .lock()
            .unwrap()
            .iter()
            .find_map(|l| l.strip_prefix("Gazette is serving "))
        {
            site = url.split_whitespace().next().unwrap().to_string();
        }
        !site.is_empty()
    })
    .await;
    (child, out, err, site)
}

async fn entries_in(data: &Path) -> i64 {
    let store = SqliteStore::open_dir(data).await.unwrap();
    store.count_entries().await.unwrap()
}

/// A poll stopped by a signal a few pages in (the host takes two sources at once).
struct Stopped {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    wire: Arc<Wire>,
    code: Option<i32>,
    took: Duration,
    out: String,
    err: String,
}

/// Starts `gazette ARGS` over a slow wire on a fresh data directory and sends it `signal`
/// (`TERM`, `INT`) once its polls have fetched a few pages.
async fn stop_mid_poll(args: &[&str], signal: &str) -> Stopped {
    let (tmp, data, _, wire) = wire_followed().await;
    wire.page_delay_ms.store(400, Ordering::SeqCst);
    let (mut child, out, err) = spawn(&data, args, &[("GAZETTE_SERVER_SHUTDOWN_SECONDS", "8")]);
    wait_for("pages to be fetched", Duration::from_secs(20), || {
        wire.pages.load(Ordering::SeqCst) >= 3
    })
    .await;
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(sent, "kill -{signal} failed");
    let (code, took) = wait_exit(&mut child, Duration::from_secs(15));
    std::thread::sleep(Duration::from_millis(100));
    let (out, err) = (
        out.lock().unwrap().join("\n"),
        err.lock().unwrap().join("\n"),
    );
    Stopped {
        _tmp: tmp,
        data,
        wire,
        code,
        took,
        out,
        err,
    }
}

/// What the stopped poll left: its running polls stored whole, the rest not started; the
/// next poll (at full speed) stores exactly the rest, each entry once.
async fn the_rest_arrives_once(stopped: &Stopped) {
    let stored = entries_in(&stopped.data).await;
    assert!(
        stored > 0 && stored < (OUTLETS * PER_FEED) as i64,
        "the polls running finished, the rest were not started: {stored} stored"
    );
    stopped.wire.page_delay_ms.store(0, Ordering::SeqCst);
    let (ok, out, err) = support::gazette_cli(&stopped.data, &["poll", "--once"], true);
    assert!(ok, "{err}");
    assert!(out.contains(" 0 failed"), "{out}");
    assert_eq!(
        entries_in(&stopped.data).await,
        (OUTLETS * PER_FEED) as i64,
        "{out}"
    );
    let (ok, out, err) = support::gazette_cli(&stopped.data, &["poll", "--once", "--force"], true);
    assert!(ok, "{err}");
    assert!(out.contains(" 0 new"), "nothing is stored twice: {out}");
    assert_eq!(entries_in(&stopped.data).await, (OUTLETS * PER_FEED) as i64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_a_poll_gracefully_and_nothing_is_lost_or_stored_twice() {
    let s = stop_mid_poll(&["poll", "--once"], "TERM").await;
    assert_eq!(s.code, Some(0), "{}\n{}", s.out, s.err);
    assert!(s.took < Duration::from_secs(9), "took {:?}", s.took);
    assert!(
        s.err.contains("SIGTERM") && s.err.contains("stopping"),
        "{}",
        s.err
    );
    assert!(
        s.out.contains("Stopped early"),
        "the round ended early: {}",
        s.out
    );
    the_rest_arrives_once(&s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_the_polling_loop_the_same_way() {
    let s = stop_mid_poll(&["poll"], "INT").await;
    assert_eq!(s.code, Some(0), "{}", s.err);
    assert!(s.took < Duration::from_secs(9), "took {:?}", s.took);
    assert!(s.err.contains("SIGINT"), "{}", s.err);
    the_rest_arrives_once(&s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_serve_after_answering_the_request_in_flight_and_logs_are_json_lines() {
    let (_tmp, data, base, wire) = wire_followed().await;
    wire.page_delay_ms.store(400, Ordering::SeqCst);

    let (mut serve, _, err, site) = start_serve(
        &data,
        &[],
        &[
            ("GAZETTE_SERVER_SHUTDOWN_SECONDS", "6"),
            ("GAZETTE_LOG_FORMAT", "json"),
        ],
    )
    .await;
    // The background poll is under way.
    wait_for("pages to be fetched", Duration::from_secs(20), || {
        wire.pages.load(Ordering::SeqCst) >= 3
    })
    .await;

    // A slow request in flight: the image proxy fetching a two-second image.
    let key = gazette_web::media::MediaProxy::load_key(&data.join("media.key")).unwrap();
    let fetcher = gazette_fetch::Fetcher::new(gazette_fetch::FetchConfig::default()).unwrap();
    let path =
        gazette_web::media::MediaProxy::new(&key, fetcher).url_for(&format!("{base}/img/slow.jpg"));
    let in_flight = {
        let site = site.clone();
        tokio::spawn(async move { support::get_bytes(&site, &path).await })
    };
    wait_for("the image request", Duration::from_secs(10), || {
        wire.images.load(Ordering::SeqCst) >= 1
    })
    .await;
    terminate(&serve);
    let answered = tokio::time::timeout(Duration::from_secs(10), in_flight)
        .await
        .expect("the request in flight is answered")
        .unwrap();
    assert_eq!(answered.status, 200);
    assert_eq!(answered.body, support::BRIDGE_JPEG);
    let (code, took) = wait_exit(&mut serve, Duration::from_secs(15));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(8), "took {took:?}");

    // Every log line is one JSON object with the text format's keys.
    let lines = err.lock().unwrap().clone();
    assert!(!lines.is_empty());
    let mut stopping = None;
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        for key in ["timestamp", "level", "target", "message"] {
            assert!(v.get(key).is_some(), "no {key}: {line}");
        }
        if v["message"].as_str() == Some("stopping: no new work; finishing what is in hand") {
            stopping = Some(v);
        }
    }
    let stopping = stopping.expect("the stop is logged");
    assert_eq!(stopping["signal"], "SIGTERM", "fields sit at the top level");
    assert_eq!(stopping["grace_seconds"], 6);

    // What the poll stored is whole; the next poll stores the rest, each entry once.
    wire.page_delay_ms.store(0, Ordering::SeqCst);
    let before = entries_in(&data).await;
    assert!(before < (OUTLETS * PER_FEED) as i64, "{before}");
    let (ok, out, err) = support::gazette_cli(&data, &["poll", "--once", "--force"], true);
    assert!(ok, "{err}");
    assert!(out.contains(" 0 failed"), "{out}");
    assert_eq!(
        entries_in(&data).await,
        (OUTLETS * PER_FEED) as i64,
        "{out}"
    );
}

/// The site as a reader and a client see it: the API's articles and stories (ids, titles,
/// sources, counts) and the sources page.
async fn site_view(data: &Path) -> (Vec<String>, Vec<String>, String) {
    let (mut serve, _, _, site) = start_serve(data, &["--no-poll"], &[]).await;
    let mut articles = Vec::new();
    let mut stories = Vec::new();
    for page in 1..=3 {
        let a: serde_json::Value = serde_json::from_str(
            &support::get_page(&site, &format!("/api/v1/articles?page={page}"))
                .await
                .body,
        )
        .unwrap();
        for item in a["items"].as_array().unwrap() {
            articles.push(format!(
                "{} {} {}",
                item["id"], item["title"], item["source"]["name"]
            ));
        }
        let s: serde_json::Value = serde_json::from_str(
            &support::get_page(&site, &format!("/api/v1/stories?page={page}"))
                .await
                .body,
        )
        .unwrap();
        for item in s["items"].as_array().unwrap() {
            stories.push(format!(
                "{} {} {} {}",
                item["id"], item["articles"], item["sources"], item["lead"]["id"]
            ));
        }
    }
    // Each server has its own address, which the canonical link names.
    let sources = support::get_page(&site, "/sources")
        .await
        .text()
        .replace(&site, "SITE");
    terminate(&serve);
    let (code, _) = wait_exit(&mut serve, Duration::from_secs(15));
    assert_eq!(code, Some(0));
    (articles, stories, sources)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_a_poll_writes_restores_the_same_site() {
    let (tmp, data, _, wire) = wire_followed().await;
    wire.page_delay_ms.store(150, Ordering::SeqCst);
    let mut poll = support::gazette_command(&data, &["poll", "--once"], true, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // While the poll writes: a backup, consistent at its moment.
    wait_for("entries to be stored", Duration::from_secs(30), || {
        wire.pages.load(Ordering::SeqCst) >= 8
    })
    .await;
    let during: PathBuf = tmp.path().join("during");
    let (ok, out, err) = support::gazette_cli(&data, &["backup", during.to_str().unwrap()], true);
    assert!(ok, "{err}");
    assert!(
        out.contains("Backed up") && out.contains("media.key") == data.join("media.key").exists(),
        "{out}"
    );
    let (code, _) = wait_exit(&mut poll, Duration::from_secs(60));
    assert_eq!(code, Some(0));
    let copied = entries_in(&during).await;
    assert!(copied <= (OUTLETS * PER_FEED) as i64);
    assert!(!during.join("gazette.db.partial").exists());

    // A backup of the finished site serves the same site; the data directory's key comes along.
    std::fs::write(data.join("media.key"), [7u8; 32]).unwrap();
    let after = tmp.path().join("after");
    let (ok, out, err) = support::gazette_cli(&data, &["backup", after.to_str().unwrap()], true);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!(
            "Backed up {} articles and {OUTLETS} sources",
            OUTLETS * PER_FEED
        )),
        "{out}"
    );
    assert_eq!(std::fs::read(after.join("media.key")).unwrap(), [7u8; 32]);
    assert!(
        data.join("gazette.db.desk-lock").exists() && !after.join("gazette.db.desk-lock").exists(),
        "the story desk's lock stays behind"
    );
    let original = site_view(&data).await;
    let restored = site_view(&after).await;
    assert_eq!(original.0.len(), OUTLETS * PER_FEED);
    assert!(!original.1.is_empty());
    assert_eq!(original, restored);

    // The copy taken mid-poll opens and polls on: the rest arrives, nothing twice.
    wire.page_delay_ms.store(0, Ordering::SeqCst);
    let (ok, _, err) = support::gazette_cli(&during, &["poll", "--once", "--force"], true);
    assert!(ok, "{err}");
    assert_eq!(entries_in(&during).await, (OUTLETS * PER_FEED) as i64);

    // Refusals: a non-empty target, a missing database.
    let (ok, _, err) = support::gazette_cli(&data, &["backup", after.to_str().unwrap()], true);
    assert!(!ok && err.contains("not empty"), "{err}");
    let (ok, _, err) = support::gazette_cli(
        &tmp.path().join("nothing"),
        &["backup", tmp.path().join("x").to_str().unwrap()],
        true,
    );
    assert!(!ok && err.contains("no database to back up"), "{err}");
    // With PostgreSQL it says how to use pg_dump, password elided.
    let (ok, _, err) = support::gazette_cli_env(
        &data,
        &["backup", tmp.path().join("pg").to_str().unwrap()],
        true,
        &[(
            "GAZETTE_DATABASE_URL",
            "postgres://gazette:hunter2@db.internal:5432/site",
        )],
    );
    assert!(!ok && err.contains("pg_dump --format=custom"), "{err}");
    assert!(
        err.contains("gazette:***@db.internal") && !err.contains("hunter2"),
        "{err}"
    );
}

/// A round on the smallest database pool (`database_connections = 1`): the polls, the
/// frontier's claims and the story desk all wait for the one connection, and the round still
/// completes, every entry stored once and clustered. A part that held a connection while it
/// waited for another would hang here. (It does not reproduce the stall of polls not polled
/// while the frontier awaited the store: that needed a poll to be in line for a connection
/// at the moment of a claim, which six sources do not bring about.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_completes_on_a_single_database_connection() {
    let (_tmp, data, _, wire) = wire_followed().await;
    wire.page_delay_ms.store(20, Ordering::SeqCst);
    let (mut child, out, err) = spawn(
        &data,
        &["poll", "--once"],
        &[("GAZETTE_DATABASE_CONNECTIONS", "1")],
    );
    let (code, _) = wait_exit(&mut child, Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(100));
    let (out, err) = (
        out.lock().unwrap().join("\n"),
        err.lock().unwrap().join("\n"),
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    let all = OUTLETS * PER_FEED;
    assert!(
        out.contains(&format!("{all} new")) && out.contains(" 0 failed"),
        "{out}\n{err}"
    );
    assert!(
        out.contains(&format!("{all} clustered into stories")),
        "{out}\n{err}"
    );
    assert_eq!(entries_in(&data).await, all as i64);
    assert_eq!(
        wire.pages.load(Ordering::SeqCst),
        all,
        "each page fetched once"
    );
}
