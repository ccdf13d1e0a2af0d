//! Fault injection: every way a server can misbehave, served on 127.0.0.1, and how the
//! fetcher must react. Each test also asserts it finished quickly, because the point of
//! the limits is to free a worker fast.

mod support;

use std::io::Write;
use std::time::Duration;

use gazette_fetch::{FeedFetch, FetchConfig, FetchError, Fetcher, Validators};
use support::{Reply, Server};
use tokio::time::Instant;

/// Small limits so the suite runs in seconds; the guard is off because the test
/// servers live on loopback.
fn config() -> FetchConfig {
    FetchConfig {
        user_agent: "Gazette/0.1 (+https://news.example)".into(),
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(3),
        min_bytes_per_sec: 1024,
        min_rate_window: Duration::from_millis(200),
        max_feed_bytes: 64 * 1024,
        max_page_bytes: 64 * 1024,
        max_redirects: 3,
        per_host_concurrency: 2,
        per_host_delay: Duration::ZERO,
        max_in_flight: 16,
        allow_private_addresses: true,
    }
}

fn fetcher(cfg: FetchConfig) -> Fetcher {
    Fetcher::new(cfg).unwrap()
}

fn no_validators() -> Validators {
    Validators::default()
}

/// Asserts the future's time and returns its output.
async fn timed<T>(limit: Duration, fut: impl Future<Output = T>) -> T {
    let t0 = Instant::now();
    let out = fut.await;
    let took = t0.elapsed();
    assert!(took < limit, "took {took:?}, expected under {limit:?}");
    out
}

#[tokio::test]
async fn dripping_server_is_cut_off_as_too_slow() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::Drip {
            chunk: vec![b'a'; 10],
            every: Duration::from_millis(50),
            count: 1000,
        },
    })
    .await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/drip")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooSlow { .. }), "{err}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn silent_server_times_out() {
    let server = Server::start(|_| Reply::Hang).await;
    let f = fetcher(FetchConfig {
        total_timeout: Duration::from_millis(300),
        ..config()
    });
    let t0 = Instant::now();
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(t0.elapsed() >= Duration::from_millis(300));
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn endless_body_is_too_large() {
    let server = Server::start(|_| Reply::Endless).await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit, .. } if limit == 64 * 1024),
        "{err}"
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn declared_length_over_the_limit_fails_before_reading() {
    let server = Server::start(|_| Reply::ok("text/html", vec![b'x'; 100 * 1024])).await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/big")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[tokio::test]
async fn gzip_bomb_is_stopped_at_the_decompressed_limit() {
    let bomb = gzip(&vec![0u8; 20 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024, "the bomb itself is under the limit");
    let server = Server::start(move |_| {
        Reply::ok("application/rss+xml", bomb.clone()).with("Content-Encoding", "gzip")
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(2),
        f.fetch_feed(&server.url("/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn gzip_body_is_decompressed() {
    let server = Server::start(|_| {
        Reply::ok("application/rss+xml", gzip(b"<rss version=\"2.0\"/>"))
            .with("Content-Encoding", "gzip")
    })
    .await;
    let f = fetcher(config());
    let FeedFetch::Fetched(got) = f
        .fetch_feed(&server.url("/feed"), &no_validators())
        .await
        .unwrap()
    else {
        panic!("expected a body")
    };
    assert_eq!(&got.body[..], b"<rss version=\"2.0\"/>");
    let accept_encoding = server.hits("/feed")[0]
        .header("accept-encoding")
        .unwrap_or("")
        .to_owned();
    assert!(accept_encoding.contains("gzip"), "{accept_encoding}");
}

#[tokio::test]
async fn redirect_loop_is_detected() {
    let server = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::redirect(302, "/b"),
        _ => Reply::redirect(302, "/a"),
    })
    .await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/a")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err}");
}

#[tokio::test]
async fn too_many_redirects() {
    let server = Server::start(|r| {
        let n: u32 = r.path.trim_start_matches("/r").parse().unwrap_or(0);
        Reply::redirect(307, &format!("/r{}", n + 1))
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/r0"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
        "{err}"
    );
    // The start and three followed hops; the fourth redirect is not followed.
    assert_eq!(server.all_hits(), 4);
}

#[tokio::test]
async fn permanent_redirect_chain_reports_the_new_url() {
    let server = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::redirect(301, "/mid"),
        "/mid" => Reply::redirect(308, "/new"),
        "/temp" => Reply::redirect(302, "/new"),
        "/mixed" => Reply::redirect(301, "/temp"),
        _ => Reply::ok("application/atom+xml", "<feed/>"),
    })
    .await;
    let f = fetcher(config());
    let got = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/old"), &no_validators()),
    )
    .await
    .unwrap();
    let FeedFetch::Fetched(got) = got else {
        panic!("expected a body")
    };
    assert_eq!(got.url, server.url("/old"));
    assert_eq!(got.final_url, server.url("/new"));
    assert_eq!(got.permanent_redirect, Some(server.url("/new")));

    let FeedFetch::Fetched(mixed) = f
        .fetch_feed(&server.url("/mixed"), &no_validators())
        .await
        .unwrap()
    else {
        panic!("expected a body")
    };
    assert_eq!(mixed.final_url, server.url("/new"));
    assert_eq!(mixed.permanent_redirect, None);
}

#[tokio::test]
async fn conditional_get_gives_not_modified() {
    let server = Server::start(|r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            Reply::status(304).with("Cache-Control", "max-age=300")
        } else {
            Reply::ok("application/rss+xml", "<rss/>")
                .with("ETag", "\"v1\"")
                .with("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")
        }
    })
    .await;
    let f = fetcher(config());
    let first = f
        .fetch_feed(&server.url("/feed"), &no_validators())
        .await
        .unwrap();
    let FeedFetch::Fetched(first) = first else {
        panic!("expected a body")
    };
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    let second = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/feed"), &first.validators),
    )
    .await
    .unwrap();
    let FeedFetch::NotModified { cache, .. } = second else {
        panic!("expected 304, got {second:?}")
    };
    assert_eq!(cache.max_age, Some(Duration::from_secs(300)));
    let hits = server.hits("/feed");
    assert_eq!(
        hits[1].header("if-modified-since"),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );
    assert!(hits[0].header("if-none-match").is_none());
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let server = Server::start(|r| match r.path.as_str() {
        "/429" => Reply::status(429).with("Retry-After", "120"),
        _ => Reply::status(503).with("Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"),
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/429"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 429, .. }),
        "{err}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(err.is_transient());

    // A fresh fetcher: `f` now holds the host back (see the next test).
    let err = fetcher(config())
        .fetch_feed(&server.url("/503"), &no_validators())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 503, .. }),
        "{err}"
    );
    assert!(err.retry_after().unwrap() > Duration::from_secs(86_400));
}

#[tokio::test]
async fn server_error_is_a_transient_status() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/gone" => Reply::status(410),
        _ => Reply::status(500),
    })
    .await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/page")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 500,
                retry_after: None,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_transient());
    let err = f.fetch_page(&server.url("/gone")).await.unwrap_err();
    assert!(!err.is_transient(), "{err}");
}

const ROBOTS: &str =
    "User-agent: *\nDisallow: /private\n\nUser-agent: gazette\nDisallow: /members/\n";

#[tokio::test]
async fn robots_txt_disallows_a_page_and_is_cached() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", ROBOTS),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_page(&server.url("/members/story")),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed { .. }), "{err}");
    assert!(!err.is_transient());
    // Our named group replaces `*`: /private is allowed for us.
    f.fetch_page(&server.url("/private")).await.unwrap();
    f.fetch_page(&server.url("/news/1")).await.unwrap();
    assert!(server.hits("/members/story").is_empty());
    assert_eq!(server.hits("/robots.txt").len(), 1, "robots.txt is cached");
    // Feeds are not subject to robots.txt.
    f.fetch_feed(&server.url("/members/feed"), &no_validators())
        .await
        .unwrap();
}

#[tokio::test]
async fn missing_robots_txt_allows_everything() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let f = fetcher(config());
    let got = timed(Duration::from_secs(1), f.fetch_page(&server.url("/a")))
        .await
        .unwrap();
    assert_eq!(got.status, 200);
}

#[tokio::test]
async fn failing_robots_txt_means_try_later() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(503),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/a")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
    assert!(err.is_transient());
    // The failure is remembered for a while: the next page does not ask again.
    let err = f.fetch_page(&server.url("/b")).await.unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
    assert_eq!(server.hits("/robots.txt").len(), 1);
    assert!(server.hits("/a").is_empty());
    assert!(server.hits("/b").is_empty());
}

#[tokio::test]
async fn ssrf_guard_refuses_non_public_addresses() {
    let server = Server::start(|_| Reply::ok("text/html", "secret")).await;
    let f = fetcher(FetchConfig {
        allow_private_addresses: false,
        ..config()
    });
    let port = server.addr.port();
    let urls = [
        server.url("/"),
        format!("http://localhost:{port}/"),
        "http://10.0.0.1/".to_owned(),
        "http://[::1]/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[::ffff:169.254.169.254]/".to_owned(),
        "http://2130706433/".to_owned(),
    ];
    timed(Duration::from_secs(2), async {
        for url in &urls {
            let err = f.check_url(url).await.unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
            let err = f.fetch_page(url).await.unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
            let err = f.fetch_feed(url, &no_validators()).await.unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
            let err = f.fetch_json(url, Duration::from_secs(1)).await.unwrap_err();
            assert!(matches!(err, FetchError::Blocked { .. }), "{url}: {err}");
            assert!(!err.is_transient());
        }
    })
    .await;
    assert_eq!(server.all_hits(), 0, "nothing reached the loopback server");

    let err = f.check_url("file:///etc/passwd").await.unwrap_err();
    assert!(matches!(err, FetchError::UnsupportedScheme { .. }), "{err}");
    let err = f.check_url("not a url").await.unwrap_err();
    assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err}");
    // With the guard off the same server is reachable.
    let open = fetcher(config());
    open.check_url(&server.url("/")).await.unwrap();
    open.fetch_page(&server.url("/")).await.unwrap();
}

#[tokio::test]
async fn per_host_delay_spaces_page_fetches() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let delay = Duration::from_millis(300);
    let f = fetcher(FetchConfig {
        per_host_delay: delay,
        ..config()
    });
    let (u1, u2) = (server.url("/1"), server.url("/2"));
    let f2 = f.clone();
    let (a, b) = timed(Duration::from_secs(2), async {
        tokio::join!(f.fetch_page(&u1), f2.fetch_page(&u2))
    })
    .await;
    a.unwrap();
    b.unwrap();
    let t1 = server.hits("/1")[0].at;
    let t2 = server.hits("/2")[0].at;
    let gap = if t1 > t2 { t1 - t2 } else { t2 - t1 };
    // Server-side timestamps jitter a little with connection set-up; without the
    // delay the gap would be near zero.
    assert!(gap >= delay - Duration::from_millis(50), "gap {gap:?}");
}

#[tokio::test]
async fn crawl_delay_raises_the_host_delay() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nCrawl-delay: 0.4\n"),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let f = fetcher(config());
    timed(Duration::from_secs(2), async {
        f.fetch_page(&server.url("/1")).await.unwrap();
        f.fetch_page(&server.url("/2")).await.unwrap();
    })
    .await;
    let gap = server.hits("/2")[0].at - server.hits("/1")[0].at;
    assert!(gap >= Duration::from_millis(350), "gap {gap:?}");
}

#[tokio::test]
async fn per_host_concurrency_limits_requests_in_flight() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::Drip {
            chunk: vec![b'a'; 4096],
            every: Duration::from_millis(150),
            count: 2,
        },
    })
    .await;
    let f = fetcher(FetchConfig {
        per_host_concurrency: 1,
        ..config()
    });
    let (u1, u2) = (server.url("/1"), server.url("/2"));
    timed(Duration::from_secs(3), async {
        let (a, b) = tokio::join!(f.fetch_page(&u1), f.fetch_page(&u2));
        a.unwrap();
        b.unwrap();
    })
    .await;
    let t1 = server.hits("/1")[0].at;
    let t2 = server.hits("/2")[0].at;
    let gap = if t1 > t2 { t1 - t2 } else { t2 - t1 };
    // The second request starts only after the first body (2 × 150 ms) is done.
    assert!(gap >= Duration::from_millis(250), "gap {gap:?}");
}

#[tokio::test]
async fn headers_sent_and_metadata_read() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::ok("text/html; charset=ISO-8859-1", b"<p>caf\xe9</p>".to_vec())
            .with("Content-Language", "fr")
            .with("Content-Location", "/canonical")
            .with("Cache-Control", "max-age=60"),
    })
    .await;
    let f = fetcher(config());
    let page = f.fetch_page(&server.url("/page#frag")).await.unwrap();
    assert_eq!(page.url, server.url("/page#frag"));
    assert_eq!(page.final_url, server.url("/page"));
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("iso-8859-1"));
    assert_eq!(page.content_language.as_deref(), Some("fr"));
    assert_eq!(
        page.content_location.as_deref(),
        Some(server.url("/canonical").as_str())
    );
    assert_eq!(page.cache.max_age, Some(Duration::from_secs(60)));
    assert_eq!(page.permanent_redirect, None);

    f.fetch_feed(&server.url("/feed"), &no_validators())
        .await
        .unwrap();
    let page_req = &server.hits("/page")[0];
    let feed_req = &server.hits("/feed")[0];
    for req in [page_req, feed_req] {
        assert_eq!(
            req.header("user-agent"),
            Some("Gazette/0.1 (+https://news.example)")
        );
    }
    assert!(page_req.header("accept").unwrap().starts_with("text/html"));
    assert!(
        feed_req
            .header("accept")
            .unwrap()
            .starts_with("application/rss+xml")
    );
}

#[tokio::test]
async fn fetch_json_parses_and_respects_its_timeout() {
    let server = Server::start(|r| match r.path.as_str() {
        "/ok" => Reply::ok("application/json", r#"{"temp": 21.5}"#),
        "/bad" => Reply::ok("application/json", "{nope"),
        _ => Reply::Hang,
    })
    .await;
    let f = fetcher(config());
    let v = f
        .fetch_json(&server.url("/ok"), Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(v["temp"], 21.5);
    assert_eq!(
        server.hits("/ok")[0].header("accept"),
        Some("application/json")
    );
    let err = f
        .fetch_json(&server.url("/bad"), Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Json { .. }), "{err}");
    let err = timed(
        Duration::from_secs(1),
        f.fetch_json(&server.url("/hang"), Duration::from_millis(200)),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn refused_connection_is_a_transient_connect_error() {
    // Bind then drop to find a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&format!("http://127.0.0.1:{port}/"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn deflate_bomb_is_stopped_too() {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 20 * 1024 * 1024]).unwrap();
    let bomb = enc.finish().unwrap();
    let server = Server::start(move |_| {
        Reply::ok("application/rss+xml", bomb.clone()).with("Content-Encoding", "deflate")
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(2),
        f.fetch_feed(&server.url("/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn corrupt_gzip_is_a_decode_error() {
    let server = Server::start(|_| {
        Reply::ok("application/rss+xml", b"\x1f\x8b\x08\x00garbage".to_vec())
            .with("Content-Encoding", "gzip")
    })
    .await;
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&server.url("/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Decode { .. }), "{err}");
    assert!(!err.is_transient());
}

#[tokio::test]
async fn redirect_into_a_disallowed_path_is_refused() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/public" => Reply::redirect(302, "/private/page"),
        _ => Reply::ok("text/html", "<p>secret</p>"),
    })
    .await;
    let f = fetcher(config());
    let err = timed(Duration::from_secs(1), f.fetch_page(&server.url("/public")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed { .. }), "{err}");
    assert!(server.hits("/private/page").is_empty());
}

#[tokio::test]
async fn credentials_are_sent_but_never_shown() {
    let server = Server::start(|r| match r.header("authorization") {
        Some(_) => Reply::status(503),
        None => Reply::status(401),
    })
    .await;
    let f = fetcher(config());
    let url = format!("http://reader:s3cret@{}/feed", server.addr);
    let err = f.fetch_feed(&url, &no_validators()).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 503, .. }),
        "{err}"
    );
    let shown = err.to_string();
    assert!(!shown.contains("s3cret"), "{shown}");
}

#[tokio::test]
async fn https_to_a_plain_server_is_a_connect_error() {
    // Answers anything with plain HTTP: the TLS handshake must fail cleanly (this also
    // proves the client's TLS stack is usable with the one crypto provider).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            use tokio::io::AsyncWriteExt;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let f = fetcher(config());
    let err = timed(
        Duration::from_secs(1),
        f.fetch_feed(&format!("https://{addr}/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn invalid_stored_validators_make_an_unconditional_request() {
    let server = Server::start(|_| Reply::ok("application/rss+xml", "<rss/>")).await;
    let f = fetcher(config());
    let validators = Validators {
        etag: Some("\"a\"\n\"b\"".into()),
        last_modified: Some("Sun, 06 Nov 1994 08:49:37 GMT".into()),
    };
    let got = f
        .fetch_feed(&server.url("/feed"), &validators)
        .await
        .unwrap();
    assert!(matches!(got, FeedFetch::Fetched(_)));
    let hit = &server.hits("/feed")[0];
    assert!(hit.header("if-none-match").is_none());
    assert!(hit.header("if-modified-since").is_some());
}

#[tokio::test]
async fn retry_after_pauses_the_host_for_other_requests() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/busy" => Reply::status(429).with("Retry-After", "3"),
        _ => Reply::ok("text/html", "<p>hi</p>"),
    })
    .await;
    let f = fetcher(config());
    timed(Duration::from_secs(1), async {
        let err = f.fetch_page(&server.url("/busy")).await.unwrap_err();
        assert!(
            matches!(err, FetchError::Status { status: 429, .. }),
            "{err}"
        );
        let err = f.fetch_page(&server.url("/other")).await.unwrap_err();
        assert!(matches!(err, FetchError::HostBackoff { .. }), "{err}");
        let wait = err.retry_after().unwrap();
        assert!(wait > Duration::from_secs(2) && wait <= Duration::from_secs(3));
        assert!(err.is_transient());
        let err = f
            .fetch_feed(&server.url("/feed"), &no_validators())
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::HostBackoff { .. }), "{err}");
        // Small JSON APIs are not subject to host politeness.
        let _ = f
            .fetch_json(&server.url("/api"), Duration::from_secs(1))
            .await;
    })
    .await;
    assert!(server.hits("/other").is_empty());
    assert!(server.hits("/feed").is_empty());
    assert_eq!(server.hits("/api").len(), 1);
}

#[tokio::test]
async fn unanswered_connect_hits_the_connect_timeout() {
    // A listener that never accepts, with its backlog already full: the kernel drops
    // further SYNs, so a connection attempt hangs like one to a dead host.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        let s = tokio::net::TcpSocket::new_v4().unwrap();
        if let Ok(Ok(c)) = tokio::time::timeout(Duration::from_millis(50), s.connect(addr)).await {
            fillers.push(c);
        }
    }
    let f = fetcher(FetchConfig {
        connect_timeout: Duration::from_millis(300),
        total_timeout: Duration::from_secs(5),
        ..config()
    });
    let t0 = Instant::now();
    let err = timed(
        Duration::from_secs(2),
        f.fetch_feed(&format!("http://{addr}/feed"), &no_validators()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(t0.elapsed() >= Duration::from_millis(300));
    drop(listener);
}

#[tokio::test]
async fn not_modified_after_a_permanent_redirect_reports_the_new_url() {
    let server = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::redirect(301, "/new"),
        _ => Reply::status(304),
    })
    .await;
    let f = fetcher(config());
    let validators = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    let got = f
        .fetch_feed(&server.url("/old"), &validators)
        .await
        .unwrap();
    let FeedFetch::NotModified {
        permanent_redirect, ..
    } = got
    else {
        panic!("expected 304, got {got:?}")
    };
    assert_eq!(permanent_redirect, Some(server.url("/new")));
}

#[tokio::test]
async fn every_fetch_is_counted_by_kind_and_outcome() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/feed" if r.header("if-none-match").is_some() => Reply::status(304),
        "/feed" => Reply::ok("application/rss+xml", "<rss/>").with("ETag", "\"v1\""),
        "/page" => Reply::ok("text/html", "<p>hi</p>"),
        "/gone" => Reply::status(410),
        _ => Reply::ok("application/json", "{\"a\":1}"),
    })
    .await;
    let f = fetcher(config());
    let count = |kind: &str, outcome: &str| {
        f.metrics()
            .snapshot()
            .outcomes
            .iter()
            .find(|(k, o, _)| *k == kind && *o == outcome)
            .map(|(_, _, n)| *n)
            .unwrap()
    };
    f.fetch_feed(&server.url("/feed"), &no_validators())
        .await
        .unwrap();
    let v = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    f.fetch_feed(&server.url("/feed"), &v).await.unwrap();
    f.fetch_feed(&server.url("/gone"), &no_validators())
        .await
        .unwrap_err();
    f.fetch_page(&server.url("/page")).await.unwrap();
    f.fetch_json(&server.url("/api"), Duration::from_secs(1))
        .await
        .unwrap();
    // A clone shares the counters.
    let clone = f.clone();
    clone.fetch_page(&server.url("/gone")).await.unwrap_err();
    assert_eq!(count("feed", "ok"), 1);
    assert_eq!(count("feed", "not_modified"), 1);
    assert_eq!(count("feed", "status"), 1);
    assert_eq!(count("page", "ok"), 1);
    assert_eq!(count("page", "status"), 1);
    assert_eq!(count("json", "ok"), 1);
    let latency = f.metrics().snapshot().latency;
    let (kind, feed) = &latency[0];
    assert_eq!((*kind, feed.count), ("feed", 3));
    assert!(feed.sum_seconds > 0.0);
}

#[tokio::test]
async fn a_gated_feed_holds_its_slot_until_the_caller_lets_it_go() {
    let server =
        Server::start(|_| Reply::ok("application/rss+xml", "<rss version=\"2.0\"/>")).await;
    let f = fetcher(config());
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(1));
    let (a, b, none) = (server.url("/a.xml"), server.url("/b.xml"), no_validators());
    let (first, slot) = f.fetch_feed_gated(&a, &none, &gate).await.unwrap();
    assert!(matches!(first, FeedFetch::Fetched(_)));
    assert_eq!(gate.available_permits(), 0, "the document holds the slot");
    // A second feed waits for the slot, not for the server.
    let second = f.fetch_feed_gated(&b, &none, &gate);
    tokio::pin!(second);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), &mut second)
            .await
            .is_err(),
        "no second document while the first is in hand"
    );
    assert!(server.hits("/b.xml").is_empty(), "not even requested");
    drop(slot);
    let (_, slot) = timed(Duration::from_secs(2), second).await.unwrap();
    assert_eq!(server.hits("/b.xml").len(), 1);
    drop(slot);
    assert_eq!(gate.available_permits(), 1);
}
