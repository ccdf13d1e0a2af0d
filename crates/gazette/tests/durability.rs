//! A poll killed at any moment (SIGKILL, no chance to clean up) leaves a database that is
//! whole: no duplicate entries, every stored entry complete, each source's entries and
//! validators from the same feed revision, and the next poll completes.
//!
//! The real binary runs `poll --once --force` against 40 local feeds that answer after a
//! random delay; each round publishes a new revision of every feed (every entry changes and
//! a new one appears), so that a kill can land in the middle of fetching, parsing or writing.
//! The seed is printed; set `GAZETTE_TEST_SEED` to replay a run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use gazette_model::ExtractMode;
use gazette_store::{NewSource, Page, SqliteStore, Store};

const FEEDS: usize = 40;
const KILLS: u64 = 8;

/// Entries in revision `rev` of every feed: one more each revision.
fn entries_in(rev: u64) -> usize {
    30 + rev as usize
}

/// A small, seedable generator (SplitMix64) for delays and kill times.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct Wire {
    rev: AtomicU64,
    requests: AtomicU64,
    seed: u64,
}

fn etag(feed: usize, rev: u64) -> String {
    format!("\"f{feed}-r{rev}\"")
}

fn body_text(feed: usize, i: usize, rev: u64) -> String {
    // Over 120 words: full content, so no article page is fetched.
    let filler =
        "The harbour council met again to weigh dredging against new ferry berths. ".repeat(12);
    format!("Feed {feed} story {i} revision {rev}. {filler}End of story {i}.")
}

fn feed_xml(feed: usize, rev: u64) -> String {
    let items: String = (0..entries_in(rev))
        .map(|i| {
            format!(
                "<item><title>Feed {feed} story {i} rev {rev}</title>\
                 <link>https://wire.example/{feed}/{i}</link><guid>f{feed}-e{i}</guid>\
                 <pubDate>Tue, 10 Feb 2026 {:02}:{:02}:00 GMT</pubDate>\
                 <content:encoded><![CDATA[<p>{}</p>]]></content:encoded></item>",
                i / 60,
                i % 60,
                body_text(feed, i, rev)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Wire {feed}</title>\
         <link>https://wire.example/{feed}/</link>{items}</channel></rss>"
    )
}

async fn serve_feed(
    State(wire): State<Arc<Wire>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let Some(feed) = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let n = wire.requests.fetch_add(1, Ordering::Relaxed);
    let delay = Rng(wire.seed ^ n.wrapping_mul(7919)).below(40) + 5;
    tokio::time::sleep(Duration::from_millis(delay)).await;
    let rev = wire.rev.load(Ordering::SeqCst);
    let tag = etag(feed, rev);
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml".to_string()),
            (header::ETAG, tag),
        ],
        feed_xml(feed, rev),
    )
        .into_response()
}

fn poll_command(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("GAZETTE_")) {
        cmd.env_remove(k);
    }
    cmd.arg("--data-dir")
        .arg(data)
        .args(["poll", "--once", "--force"])
        .env("GAZETTE_ALLOW_PRIVATE_ADDRESSES", "1")
        .env("GAZETTE_FETCH_PER_HOST_DELAY_MS", "0")
        .env("GAZETTE_FETCH_PER_HOST_CONCURRENCY", "4")
        .env("GAZETTE_LOG", "warn")
        .current_dir(data.parent().unwrap())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Checks everything a crash must not break; returns the revision stored for each source
/// (`None`: never stored).
async fn check_database(data: &Path, newest_rev: u64) -> Vec<Option<u64>> {
    let store = SqliteStore::open_dir(data).await.unwrap();
    let sources = store.list_sources().await.unwrap();
    assert_eq!(sources.len(), FEEDS);
    let mut total = 0;
    let mut revs = Vec::new();
    for s in &sources {
        assert!(s.last_error.is_none(), "{}: {:?}", s.url, s.last_error);
        assert_eq!(s.consecutive_failures, 0);
        let feed: usize = s
            .url
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse().ok())
            .unwrap();
        let listing = store.by_source(s.id, Page::new(1, 200)).await.unwrap();
        assert_eq!(listing.cards.len() as i64, s.entries);
        total += s.entries;
        if s.entries == 0 {
            assert!(s.last_success.is_none() && s.etag.is_none(), "{s:?}");
            revs.push(None);
            continue;
        }
        // The entries and the validators were written together: one revision for all.
        let rev: u64 = s
            .etag
            .as_deref()
            .and_then(|e| e.trim_matches('"').rsplit("-r").next())
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("a source with entries has its ETag: {s:?}"));
        assert!(rev <= newest_rev);
        assert!(s.last_success.is_some());
        assert_eq!(s.name, format!("Wire {feed}"));
        assert_eq!(
            s.entries as usize,
            entries_in(rev),
            "source {feed} holds revision {rev} entirely"
        );
        let mut stories: Vec<usize> = Vec::new();
        for card in &listing.cards {
            let e = store.get_entry(card.id).await.unwrap().unwrap();
            let prefix = format!("Feed {feed} story ");
            let rest = e
                .title
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{}", e.title));
            let (i, entry_rev) = rest.split_once(" rev ").unwrap();
            let i: usize = i.parse().unwrap();
            assert_eq!(entry_rev, rev.to_string(), "entry and source agree");
            assert_eq!(
                e.content_text.as_deref().map(str::trim),
                Some(body_text(feed, i, rev).as_str()),
                "the stored entry is complete"
            );
            assert!(e.summary.is_some() && e.url.is_some() && !e.extracted);
            stories.push(i);
        }
        stories.sort_unstable();
        stories.dedup();
        assert_eq!(stories.len(), listing.cards.len(), "no duplicate entries");
        revs.push(Some(rev));
    }
    assert_eq!(store.count_entries().await.unwrap(), total);
    revs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_killed_at_random_moments_leaves_a_whole_database() {
    let seed = std::env::var("GAZETTE_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    println!("GAZETTE_TEST_SEED={seed}");
    let mut rng = Rng(seed);
    let wire = Arc::new(Wire {
        rev: AtomicU64::new(0),
        requests: AtomicU64::new(0),
        seed,
    });
    let app = Router::new()
        .route("/feeds/{name}", get(serve_feed))
        .with_state(wire.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    {
        let store = SqliteStore::open_dir(&data).await.unwrap();
        for feed in 0..FEEDS {
            store
                .add_source(NewSource {
                    url: format!("http://{addr}/feeds/{feed}.xml"),
                    name: None,
                    extract_mode: ExtractMode::Auto,
                })
                .await
                .unwrap();
        }
    }

    // Revision 0 is stored by an uninterrupted poll, revision 1 too: that second poll
    // (updates, like every later round) says how long a poll takes here.
    let mut full = Duration::ZERO;
    for rev in 0..2 {
        wire.rev.store(rev, Ordering::SeqCst);
        let started = Instant::now();
        let mut cmd = poll_command(&data);
        let status = tokio::task::spawn_blocking(move || cmd.status())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success());
        full = started.elapsed();
    }
    let mut stored = check_database(&data, 1).await;
    assert!(stored.iter().all(|r| *r == Some(1)), "{stored:?}");

    let mut window = full.as_millis() as u64;
    let mut killed_while_running = 0;
    let mut partial_rounds = 0;
    for round in 2..KILLS + 2 {
        wire.rev.store(round, Ordering::SeqCst);
        let wait = Duration::from_millis(window / 20 + rng.below(window * 8 / 10));
        let mut child = poll_command(&data).spawn().unwrap();
        tokio::time::sleep(wait).await;
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        } else {
            // Polls run faster than measured (a quieter machine): aim earlier.
            window = window * 3 / 4;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let revs = check_database(&data, round).await;
        for (before, after) in stored.iter().zip(&revs) {
            assert!(
                after >= before,
                "a kill lost what an earlier poll stored: {stored:?} {revs:?}"
            );
        }
        let updated = revs.iter().filter(|r| **r == Some(round)).count();
        partial_rounds += usize::from(updated > 0 && updated < FEEDS);
        stored = revs;
        println!(
            "round {round}: killed after {wait:?} (a full poll took {full:?}); \
             {updated}/{FEEDS} sources at the new revision"
        );
    }
    println!(
        "{killed_while_running} of {KILLS} kills hit a running poll; {partial_rounds} left some sources updated and others not"
    );
    assert!(
        killed_while_running >= 3,
        "most kills should land while the poll runs"
    );

    // After all that, a poll completes and brings every source to the newest revision.
    let last = KILLS + 2;
    wire.rev.store(last, Ordering::SeqCst);
    let mut cmd = poll_command(&data);
    let status = tokio::task::spawn_blocking(move || cmd.status())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
    let revs = check_database(&data, last).await;
    assert!(revs.iter().all(|r| *r == Some(last)), "{revs:?}");
}
