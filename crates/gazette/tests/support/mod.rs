//! Test helpers: a fixture news site on 127.0.0.1 and a minimal HTTP client.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Switches and counters the tests flip and read.
#[derive(Default)]
pub struct SiteState {
    /// When set, the RSS feed's first item has a corrected headline.
    pub corrected: AtomicBool,
    pub rss_fetches: AtomicUsize,
    pub rss_not_modified: AtomicUsize,
}

pub struct Fixture {
    pub base: String,
    pub state: Arc<SiteState>,
    /// A port where nothing listens.
    pub closed_url: String,
    /// A server that accepts connections and never answers.
    pub hanging_url: String,
}

pub const BRIDGE_PARAGRAPHS: &[&str] = &[
    "The Kestrel Bridge reopened to traffic on Tuesday morning after engineers finished replacing the cracked girder that closed it six weeks ago.",
    "City engineer Amara Osei said the new steel section had passed three load tests and would carry the full 42,000 vehicles a day that used the crossing before the closure.",
    "Drivers had faced detours of up to twenty-five minutes through the Quayside ring road while the work went on, and shops on the north bank reported fewer customers.",
    "The repair cost 17.6 million crowns, slightly less than the 18 million the council had set aside when the crack was found during a routine inspection.",
    "Cyclists will have a wider lane on the eastern side, a change campaigners had requested for years and that the council agreed to make while the deck was open.",
    "A full inspection of the city's other four river crossings is due to finish by the end of the year, the transport department said in a statement.",
    "Harbour master Ines Calder said river traffic, which had been restricted under the bridge during the works, would return to normal on Wednesday.",
    "Residents gathered at both ends of the bridge to watch the first buses cross, and some applauded as the barriers were lifted shortly after seven.",
];

/// The bytes the fixture serves as the bridge photo (a JPEG header is enough for a proxy).
pub const BRIDGE_JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 fixture photo \xFF\xD9";

fn bridge_page(base: &str) -> String {
    let p = BRIDGE_PARAGRAPHS;
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Kestrel Bridge reopens after repairs | Harbour Fixture</title>
<meta name="description" content="The crossing is open again after six weeks.">
<meta property="og:title" content="Kestrel Bridge reopens after repairs">
<meta property="og:image" content="{base}/img/bridge.jpg">
<meta property="article:published_time" content="2026-02-10T07:00:00Z">
<link rel="canonical" href="{base}/a/bridge.html">
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<header><nav class="site-nav"><a href="/">Home</a> <a href="/city">City</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<main><article class="story">
<h1>Kestrel Bridge reopens after repairs</h1>
<p class="byline">By <a href="/authors/lena">Lena Marsh</a> · <time datetime="2026-02-10T07:00:00Z">February 10, 2026</time></p>
<div class="share-bar"><a href="https://share.example/?u=1">Share on Facebook</a> <a href="https://share.example/?u=2">Share on X</a> <a href="mailto:?body=x">Email this story</a></div>
<div class="article-body">
<figure><img src="/img/bridge.jpg" alt="Buses crossing the reopened bridge" width="1200" height="675"><figcaption>Buses crossed first.</figcaption></figure>
<p>{}</p><p>{}</p>
<div class="ad-container"><span>ADVERTISEMENT</span><div class="ad-slot-300x250"></div></div>
<p>{}</p>
<p class="ad-marker">STORY CONTINUES BELOW THIS AD</p>
<p>{}</p>
<aside class="related-links"><h3>Also read</h3><ul><li><a href="/a/1">Council approves harbour budget</a></li><li><a href="/a/2">Ferry fares to rise in spring</a></li></ul></aside>
<p>{}</p><p>{}</p><p>{}</p><p>{}</p>
</div>
<div class="newsletter-signup"><h3>Get the morning briefing</h3><form><input type="email" placeholder="Your email"><button>Subscribe</button></form></div>
</article>
<section id="comments" class="comments"><h2>Comments (12)</h2><p>Log in to comment.</p></section>
</main>
<footer class="site-footer"><p>© 2026 Harbour Fixture Media. All rights reserved.</p></footer>
<script>window.trackEverything = true;</script>
</body></html>"#,
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    )
}

fn council_page() -> String {
    let body: String = (0..7)
        .map(|i| format!("<p>Paragraph {i} of the council story: members debated the harbour budget line by line for several hours, weighing dredging against new ferry berths.</p>"))
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><title>Council votes on harbour budget</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Council votes on harbour budget</h1>{body}</article><footer>Footer links</footer></body></html>"
    )
}

fn rss(base: &str, corrected: bool) -> String {
    let title = if corrected {
        "Kestrel Bridge reopens to traffic after repairs"
    } else {
        "Kestrel Bridge reopens after repairs"
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Harbour Fixture</title><link>{base}/</link><description>Local news</description>
<item><title>{title}</title><link>{base}/a/bridge.html</link><guid isPermaLink="false">fixture-bridge</guid>
<description>The crossing is open again after six weeks.</description><pubDate>Tue, 10 Feb 2026 07:00:00 GMT</pubDate>
<category>City News</category><category>Transport</category><dc:creator>Lena Marsh</dc:creator></item>
<item><title>Council votes on harbour budget</title><link>{base}/a/council.html</link>
<description>Members weighed dredging against new ferry berths.</description><pubDate>Mon, 09 Feb 2026 18:30:00 GMT</pubDate>
<category>politics</category></item>
</channel></rss>"#
    )
}

fn atom(base: &str) -> String {
    let content: String = (0..8)
        .map(|i| format!("&lt;p&gt;Orchestra paragraph {i}: the Harbour Symphony opened its winter season with a programme of northern composers, and the hall was full for the first time since the renovation.&lt;/p&gt;"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture Arts</title><id>urn:fixture:arts</id><link href="{base}/arts/"/>
<updated>2026-02-11T10:00:00Z</updated>
<entry><title>Harbour Symphony opens winter season</title><id>urn:fixture:arts:1</id><link href="{base}/arts/symphony.html"/>
<updated>2026-02-11T10:00:00Z</updated><author><name>Jonas Berg</name></author><category term="World News"/>
<summary>A full hall for northern composers.</summary><content type="html">{content}</content></entry>
</feed>"#
    )
}

fn json_feed(base: &str) -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1", "title": "Fixture Science", "home_page_url": format!("{base}/sci/"),
        "items": [{"id": "sci-1", "url": format!("{base}/sci/comet.html"), "title": "Amateur astronomer spots new comet",
                   "content_html": "<p>A retired teacher photographed the comet from her garden.</p>".to_string() + &"<p>Observatories confirmed the sighting within two nights and gave the comet its provisional designation after careful measurement.</p>".repeat(10),
                   "date_published": "2026-02-12T21:00:00Z", "tags": ["Science", "world"]}]
    })
    .to_string()
}

async fn serve_rss(state: Arc<SiteState>, base: String, headers: HeaderMap) -> Response {
    state.rss_fetches.fetch_add(1, Ordering::SeqCst);
    let corrected = state.corrected.load(Ordering::SeqCst);
    let etag = if corrected {
        "\"rss-v2\""
    } else {
        "\"rss-v1\""
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag)
    {
        state.rss_not_modified.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml; charset=utf-8"),
            (header::ETAG, etag),
        ],
        rss(&base, corrected),
    )
        .into_response()
}

pub async fn start_fixture() -> Fixture {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = Arc::new(SiteState::default());
    let (b1, b2, b3, b4, s1) = (
        base.clone(),
        base.clone(),
        base.clone(),
        base.clone(),
        state.clone(),
    );
    let app =
        Router::new()
            .route(
                "/rss.xml",
                get(move |h: HeaderMap| serve_rss(s1.clone(), b1.clone(), h)),
            )
            .route(
                "/atom.xml",
                get(move || async move {
                    ([(header::CONTENT_TYPE, "application/atom+xml")], atom(&b2))
                }),
            )
            .route(
                "/feed.json",
                get(move || async move {
                    (
                        [(header::CONTENT_TYPE, "application/feed+json")],
                        json_feed(&b3),
                    )
                }),
            )
            .route(
                "/a/bridge.html",
                get(move || async move {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        bridge_page(&b4),
                    )
                }),
            )
            .route(
                "/a/council.html",
                get(|| async { ([(header::CONTENT_TYPE, "text/html")], council_page()) }),
            )
            .route(
                "/garbage.xml",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/rss+xml")],
                        vec![0u8, 159, 146, 150, 1, 2, 3, b'<', b'?', 0xff],
                    )
                }),
            )
            .route(
                "/img/bridge.jpg",
                get(|| async { ([(header::CONTENT_TYPE, "image/jpeg")], BRIDGE_JPEG) }),
            )
            .route(
                "/img/disguised.png",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "image/png, text/html")],
                        "<html><script>alert(document.domain)</script></html>",
                    )
                }),
            )
            .route(
                "/img/scripted.svg",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "image/svg+xml")],
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
                    )
                }),
            )
            .route(
                "/img/not-an-image.jpg",
                get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html>gotcha</html>") }),
            )
            .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed_url = format!("http://{}/feed.xml", closed.local_addr().unwrap());
    drop(closed);

    let hang = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging_url = format!("http://{}/feed.xml", hang.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = hang.accept().await {
            held.push(sock); // accept and never answer
        }
    });
    Fixture {
        base,
        state,
        closed_url,
        hanging_url,
    }
}

/// A response as the test client saw it.
pub struct Page {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Page {
    /// The body with minijinja's escaped slashes restored, for substring checks on URLs.
    pub fn text(&self) -> String {
        self.body.replace("&#x2f;", "/")
    }
}

/// A response with its body as bytes.
pub struct Raw {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Raw {
    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// Serves the website of `state` on `listener` until the test ends.
pub fn serve_site(listener: tokio::net::TcpListener, state: gazette_web::AppState) {
    let app = gazette_web::router(state);
    tokio::spawn(async move {
        let _ = gazette_web::serve(
            listener,
            app,
            gazette_web::ServerLimits::default(),
            std::future::pending(),
        )
        .await;
    });
}

/// GET over a fresh HTTP/1.1 connection (no TLS, no redirects followed).
pub async fn get_page(base: &str, path: &str) -> Page {
    let raw = get_bytes(base, path).await;
    Page {
        status: raw.status,
        headers: raw.headers,
        body: String::from_utf8_lossy(&raw.body).into_owned(),
    }
}

/// [`get_page`] keeping the body's bytes.
pub async fn get_bytes(base: &str, path: &str) -> Raw {
    request(base, "GET", path, &[]).await
}

/// One request with extra header lines (`"Name: value"`), over a fresh connection.
pub async fn request(base: &str, method: &str, path: &str, headers: &[&str]) -> Raw {
    request_with_body(base, method, path, headers, None).await
}

/// [`request`] with a body (its `Content-Length` is added).
pub async fn request_with_body(
    base: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: Option<&[u8]>,
) -> Raw {
    let addr = base.trim_start_matches("http://");
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    if let Some(body) = body {
        extra.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: Mozilla/5.0 (test reader)\r\n{extra}Connection: close\r\n\r\n"
    );
    sock.write_all(req.as_bytes()).await.unwrap();
    if let Some(body) = body {
        sock.write_all(body).await.unwrap();
    }
    let mut raw = Vec::new();
    sock.read_to_end(&mut raw).await.unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or(&[]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Raw {
        status,
        headers: head,
        body,
    }
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..eol]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let rest = &s[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        s = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}

/// The offline demo wire followed into a fresh SQLite store: every outlet added as a source and
/// polled once through the real pipeline. Keep the wire and the directory alive while testing.
pub struct Demo {
    pub wire: gazette_demo::Wire,
    pub dir: tempfile::TempDir,
    pub store: Arc<dyn gazette_store::Store>,
    pub fetcher: gazette_fetch::Fetcher,
    pub round: gazette_pipeline::RoundReport,
}

pub async fn ingest_demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn gazette_store::Store> = Arc::new(
        gazette_store::SqliteStore::open_dir(dir.path())
            .await
            .unwrap(),
    );
    ingest_demo_into(store, dir).await
}

/// [`ingest_demo`] into a given store (a PostgreSQL database, say).
pub async fn ingest_demo_into(
    store: Arc<dyn gazette_store::Store>,
    dir: tempfile::TempDir,
) -> Demo {
    let wire = gazette_demo::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    for s in &wire.sources {
        store
            .add_source(gazette_store::NewSource {
                url: s.feed_url.clone(),
                name: Some(s.name.clone()),
                extract_mode: gazette_model::ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    let fetcher = gazette_fetch::Fetcher::new(gazette_fetch::FetchConfig {
        allow_private_addresses: true,
        per_host_delay: std::time::Duration::ZERO,
        per_host_concurrency: 8,
        ..gazette_fetch::FetchConfig::default()
    })
    .unwrap();
    let pipeline = gazette_pipeline::Pipeline::new(
        store.clone(),
        fetcher.clone(),
        gazette_pipeline::PipelineConfig::default(),
    );
    let round = pipeline.poll_due(true).await.unwrap();
    Demo {
        wire,
        dir,
        store,
        fetcher,
        round,
    }
}

/// Runs the real `gazette` binary on `data` and returns (success, stdout, stderr). The caller's
/// GAZETTE_* variables are removed; fetch timeouts are short, per-host delay is off, and the SSRF
/// guard allows loopback when `allow_private`. Runs in `data`'s parent so that no developer's
/// gazette.toml is read.
pub fn gazette_cli(
    data: &std::path::Path,
    args: &[&str],
    allow_private: bool,
) -> (bool, String, String) {
    gazette_cli_env(data, args, allow_private, &[])
}

/// [`gazette_cli`] with extra `GAZETTE_*` variables (which override its defaults).
pub fn gazette_cli_env(
    data: &std::path::Path,
    args: &[&str],
    allow_private: bool,
    vars: &[(&str, &str)],
) -> (bool, String, String) {
    let out = gazette_command(data, args, allow_private, vars)
        .output()
        .expect("gazette runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The command [`gazette_cli_env`] runs, for a test that starts it as a child process.
pub fn gazette_command(
    data: &std::path::Path,
    args: &[&str],
    allow_private: bool,
    vars: &[(&str, &str)],
) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("GAZETTE_")) {
        cmd.env_remove(k);
    }
    cmd.arg("--data-dir")
        .arg(data)
        .args(args)
        .env("GAZETTE_FETCH_TIMEOUT_SECONDS", "2")
        .env("GAZETTE_FETCH_PER_HOST_DELAY_MS", "0")
        .current_dir(data.parent().unwrap());
    if allow_private {
        cmd.env("GAZETTE_ALLOW_PRIVATE_ADDRESSES", "1");
    }
    // The caller's variables win over the defaults above.
    cmd.envs(vars.iter().copied());
    cmd
}
