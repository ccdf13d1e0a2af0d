//! The wire as the pipeline sees it: started on 127.0.0.1:0 and fetched over real HTTP with a
//! minimal hand-written HTTP/1.1 client (so the tests need no HTTP client stack).

use std::collections::HashMap;

use gazette_demo::{FeedFormat, Wire, articles, outlets, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

/// GET `url` (an `http://host:port/path` URL) with extra request headers.
async fn get(url: &str, extra: &[(&str, &str)]) -> Reply {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host).await.expect("connect");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in extra {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8(raw[..end].to_vec()).expect("ASCII header");
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    assert!(!headers.contains_key("transfer-encoding"), "{url}: chunked");
    // Decode as a browser would: the charset of the Content-Type, else UTF-8.
    let charset = headers
        .get("content-type")
        .and_then(|t| t.split("charset=").nth(1))
        .unwrap_or("utf-8");
    let encoding = encoding_rs::Encoding::for_label(charset.as_bytes()).expect("known charset");
    let (body, _, malformed) = encoding.decode(&raw[end + 4..]);
    assert!(!malformed, "{url}: body is not {charset}");
    let body = body.into_owned();
    Reply {
        status,
        headers,
        body,
    }
}

async fn wire() -> Wire {
    start("127.0.0.1:0".parse().unwrap())
        .await
        .expect("wire starts")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn assert_well_formed_xml(doc: &str, what: &str) {
    let mut reader = quick_xml::Reader::from_str(doc);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{what} is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
}

#[tokio::test]
async fn wire_describes_itself() {
    let w = wire().await;
    assert!(w.base_url.starts_with("http://127.0.0.1:"));
    assert_eq!(w.weather_base, w.base_url);
    assert_eq!(w.sources.len(), outlets().len());
    for s in &w.sources {
        assert!(s.feed_url.starts_with(&w.base_url) && s.feed_url.ends_with("/feed"));
        assert!(s.home_url.ends_with('/'));
    }
    let index = get(&format!("{}/", w.base_url), &[]).await;
    assert_eq!(index.status, 200);
    for s in &w.sources {
        assert!(index.body.contains(&s.feed_url));
    }
    let robots = get(&format!("{}/robots.txt", w.base_url), &[]).await;
    assert_eq!(robots.status, 200);
    assert!(robots.body.contains("Allow: /"));
    assert!(robots.header("content-type").starts_with("text/plain"));
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let w = wire().await;
    for path in [
        "/nope",
        "/nope/feed",
        "/daily-ledger/feeds",
        "/daily-ledger/2020/01/no-such-story.html",
        "/img/no-such-story.svg",
        "/daily-ledger/a/b/c/d",
    ] {
        let r = get(&format!("{}{path}", w.base_url), &[]).await;
        assert_eq!(r.status, 404, "{path}");
    }
    // An article under another outlet's prefix is not that outlet's.
    let a = articles().iter().find(|a| a.outlet == "nbs").unwrap();
    let wrong = w.article_url(a).replace("/nbs/", "/circuit/");
    assert_eq!(get(&wrong, &[]).await.status, 404);
}

#[tokio::test]
async fn every_feed_is_served_well_formed_with_every_article() {
    let w = wire().await;
    for o in outlets() {
        let url = w.feed_url(&o.slug).unwrap();
        let r = get(&url, &[]).await;
        assert_eq!(r.status, 200, "{url}");
        let media = o.format.media_type();
        assert!(r.header("content-type").starts_with(media), "{url}");
        assert!(!r.header("etag").is_empty() && !r.header("last-modified").is_empty());
        match o.format {
            FeedFormat::Json => {
                let v: serde_json::Value = serde_json::from_str(&r.body).expect("JSON feed");
                assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
                // Sniffers look for the version near the start of the document.
                assert!(r.body.find("\"version\"").unwrap() < 20, "{url}");
                for item in v["items"].as_array().unwrap() {
                    for key in ["id", "url", "title", "summary", "date_published", "image"] {
                        assert!(item[key].is_string(), "{url}: item without {key}");
                    }
                    assert!(item["content_html"].is_string() || item["content_text"].is_string());
                }
            }
            FeedFormat::Rss => {
                assert_well_formed_xml(&r.body, &url);
                assert!(r.body.contains("<rss version=\"2.0\""));
            }
            FeedFormat::Atom => {
                assert_well_formed_xml(&r.body, &url);
                assert!(
                    r.body
                        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
                );
            }
        }
        // Every article is linked, newest first.
        let mut last = 0;
        for a in articles().iter().filter(|a| a.outlet == o.slug) {
            let link = w.article_url(a);
            let at = r
                .body
                .find(&link)
                .unwrap_or_else(|| panic!("{url} lacks {link}"));
            assert!(at >= last, "{url}: {} out of order", a.slug);
            last = at;
            assert!(
                r.body.contains(&w.image_url(a)),
                "{url} lacks the image of {}",
                a.slug
            );
            // Full-content feeds carry the last paragraph, summary feeds never do.
            let tail: String = a.paragraphs().last().unwrap().chars().take(40).collect();
            // Raw in CDATA, escaped once in JSON, escaped twice in Atom's HTML in XML.
            let once = html_escape(&tail);
            let carried = [tail.clone(), html_escape(&once), once]
                .iter()
                .any(|t| r.body.contains(t.as_str()));
            assert_eq!(carried, o.full_content, "{url}: {}", a.slug);
        }
    }
}

#[tokio::test]
async fn conditional_get_answers_304() {
    let w = wire().await;
    for s in &w.sources {
        let first = get(&s.feed_url, &[]).await;
        let etag = first.header("etag").to_string();
        let modified = first.header("last-modified").to_string();

        let again = get(&s.feed_url, &[("If-None-Match", &etag)]).await;
        assert_eq!(again.status, 304, "{}", s.feed_url);
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), etag);

        let weak = format!("\"stale\", W/{etag}");
        let again = get(&s.feed_url, &[("If-None-Match", &weak)]).await;
        assert_eq!(again.status, 304);

        let again = get(&s.feed_url, &[("If-Modified-Since", &modified)]).await;
        assert_eq!(again.status, 304);

        let stale = get(&s.feed_url, &[("If-None-Match", "\"stale\"")]).await;
        assert_eq!(stale.status, 200);
        assert_eq!(stale.body, first.body);

        let old = "Sat, 01 Jan 2000 00:00:00 GMT";
        let changed = get(&s.feed_url, &[("If-Modified-Since", old)]).await;
        assert_eq!(changed.status, 200);
    }
}

#[tokio::test]
async fn home_pages_point_at_their_feed() {
    let w = wire().await;
    for (o, s) in outlets().iter().zip(&w.sources) {
        let r = get(&s.home_url, &[]).await;
        assert_eq!(r.status, 200);
        let link = format!("<link rel=\"alternate\" type=\"{}\"", o.format.media_type());
        assert!(r.body.contains(&link), "{}", s.home_url);
        assert!(r.body.contains(&s.feed_url));
        // Without the slash, a redirect to the home page.
        let bare = get(s.home_url.trim_end_matches('/'), &[]).await;
        assert_eq!(bare.status, 301);
        assert_eq!(bare.header("location"), format!("/{}/", o.slug));
    }
}

#[tokio::test]
async fn article_pages_bury_the_text_in_clutter_and_carry_metadata() {
    let w = wire().await;
    for a in articles() {
        let url = w.article_url(a);
        let r = get(&url, &[]).await;
        assert_eq!(r.status, 200, "{url}");
        assert!(r.header("content-type").starts_with("text/html"));
        let page = &r.body;
        let lower = page.to_lowercase();
        for marker in [
            "advertisement",
            "story continues below this ad",
            "also read",
            "cookie",
            "newsletter",
            "comments",
            "share",
            "<footer",
            "<nav",
        ] {
            assert!(lower.contains(marker), "{url} lacks {marker}");
        }
        for p in a.paragraphs() {
            assert!(
                page.contains(&html_escape(&p)),
                "{url} lacks a paragraph: {p}"
            );
        }
        let published = w.published(a).to_rfc3339();
        for meta in [
            "<html lang=\"en".to_string(),
            format!("<link rel=\"canonical\" href=\"{url}\">"),
            format!(
                "<meta property=\"og:title\" content=\"{}\">",
                html_escape(&a.title)
            ),
            format!(
                "<meta property=\"og:image\" content=\"{}\">",
                w.image_url(a)
            ),
            "<meta property=\"og:site_name\"".to_string(),
            "<meta property=\"og:description\"".to_string(),
            "<meta name=\"description\"".to_string(),
            format!("<meta property=\"article:published_time\" content=\"{published}\">"),
            format!("<time datetime=\"{published}\">"),
            "\"@type\":\"NewsArticle\"".to_string(),
            "<figure".to_string(),
            "width=\"1200\" height=\"675\" alt=\"".to_string(),
            html_escape(&a.author),
        ] {
            assert!(page.contains(&meta), "{url} lacks {meta}");
        }
        let marker = "application/ld+json\">";
        let ld_start = page.find(marker).unwrap() + marker.len();
        let ld_end = ld_start + page[ld_start..].find("</script>").unwrap();
        let ld: serde_json::Value = serde_json::from_str(&page[ld_start..ld_end]).unwrap();
        assert_eq!(ld["headline"], a.title.as_str());
        assert_eq!(ld["author"][0]["name"], a.author.as_str());
        assert_eq!(ld["datePublished"], published.as_str());
        assert!(ld["publisher"]["name"].is_string());

        let again = get(&url, &[("If-None-Match", r.header("etag"))]).await;
        assert_eq!(again.status, 304);
    }
}

#[tokio::test]
async fn outlets_use_different_markup() {
    let w = wire().await;
    let mut bodies = Vec::new();
    for o in outlets() {
        let a = articles().iter().find(|a| a.outlet == o.slug).unwrap();
        let page = get(&w.article_url(a), &[]).await.body;
        // Compare the page skeleton: the tags and classes around the first paragraph.
        let first = html_escape(&a.paragraphs()[0]);
        let at = page.find(&first).unwrap();
        bodies.push(page[at.saturating_sub(120)..at].to_string());
    }
    let distinct: std::collections::HashSet<_> = bodies.iter().collect();
    assert!(distinct.len() >= 5, "{bodies:#?}");
}

#[tokio::test]
async fn misdated_article_urls_redirect_to_the_canonical_one() {
    let w = wire().await;
    let a = &articles()[0];
    let canonical = w.article_url(a);
    let wrong = format!("{}/{}/1999/01/{}.html", w.base_url, a.outlet, a.slug);
    let r = get(&wrong, &[]).await;
    assert_eq!(r.status, 301);
    assert_eq!(format!("{}{}", w.base_url, r.header("location")), canonical);
}

#[tokio::test]
async fn images_are_svg_of_the_lead_size() {
    let w = wire().await;
    for a in articles().iter().take(8) {
        let r = get(&w.image_url(a), &[]).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), "image/svg+xml");
        assert!(r.body.starts_with("<svg") && r.body.contains("width=\"1200\" height=\"675\""));
        assert_well_formed_xml(&r.body, &a.slug);
    }
    let (a, b) = (&articles()[0], &articles()[1]);
    assert_ne!(
        get(&w.image_url(a), &[]).await.body,
        get(&w.image_url(b), &[]).await.body
    );
    // Enclosure lengths are the served sizes.
    let a = articles()
        .iter()
        .find(|a| a.outlet == "daily-ledger")
        .unwrap();
    let feed = get(&w.feed_url("daily-ledger").unwrap(), &[]).await.body;
    let enclosure = format!("<enclosure url=\"{}\" length=\"", w.image_url(a));
    let at = feed.find(&enclosure).unwrap() + enclosure.len();
    let length: usize = feed[at..at + feed[at..].find('"').unwrap()]
        .parse()
        .unwrap();
    assert_eq!(length, get(&w.image_url(a), &[]).await.body.len());
    for o in outlets() {
        let logo = get(&format!("{}/img/logo-{}.svg", w.base_url, o.slug), &[]).await;
        assert_eq!(logo.status, 200);
    }
}

#[tokio::test]
async fn weather_answers_like_open_meteo() {
    let w = wire().await;
    let url = format!(
        "{}/v1/forecast?latitude=59.91&longitude=10.75&current=temperature_2m,weather_code",
        w.weather_base
    );
    let r = get(&url, &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["latitude"].is_f64() && v["longitude"].is_f64());
    let current = &v["current"];
    assert_eq!(
        current["time"].as_str().unwrap().len(),
        "2026-02-14T10:00".len()
    );
    assert_eq!(current["interval"], 900);
    let t = current["temperature_2m"].as_f64().unwrap();
    assert!((-40.0..45.0).contains(&t));
    assert!(current["weather_code"].is_u64());

    let bad = get(&format!("{}/v1/forecast?longitude=1", w.weather_base), &[]).await;
    assert_eq!(bad.status, 400);
    let v: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(v["error"], true);
}

#[tokio::test]
async fn dates_are_fresh_and_relative_to_the_start() {
    let w = wire().await;
    let start = w.started_at();
    for a in articles() {
        let age = start - w.published(a);
        assert!(age.num_minutes() >= 0 && age.num_days() < 10, "{}", a.slug);
        assert!(w.updated(a) >= w.published(a) && w.updated(a) <= start);
    }
}

#[tokio::test]
async fn snapshot_renders_what_the_wire_serves_at_a_pinned_time() {
    use chrono::{TimeZone, Utc};
    let now = Utc.with_ymd_and_hms(2026, 2, 14, 10, 7, 30).unwrap();
    let w = gazette_demo::start_at("127.0.0.1:0".parse().unwrap(), now)
        .await
        .unwrap();
    assert_eq!(
        w.started_at(),
        Utc.with_ymd_and_hms(2026, 2, 14, 10, 7, 0).unwrap()
    );
    let snap = gazette_demo::Snapshot::new(&w.base_url, now);
    for o in outlets() {
        let served = get(&w.feed_url(&o.slug).unwrap(), &[]).await.body;
        assert_eq!(Some(served), snap.feed(&o.slug));
    }
    let a = &articles()[3];
    assert_eq!(
        Some(get(&w.article_url(a), &[]).await.body),
        snap.article_page(&a.slug)
    );
    assert_eq!(
        Some(get(&w.image_url(a), &[]).await.body),
        snap.image(&a.slug)
    );
    assert!(snap.article_page("no-such-story").is_none());
}

#[tokio::test]
async fn head_requests_get_headers_only() {
    let w = wire().await;
    let url = &w.sources[0].feed_url;
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).await.unwrap();
    let req = format!("HEAD {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(raw.to_lowercase().contains("etag:"));
    assert!(raw.ends_with("\r\n\r\n"), "HEAD carried a body");
}

/// GET with `Accept-Encoding: gzip`; returns the raw head and the body bytes.
async fn get_gzip(url: &str, extra: &str) -> (String, Vec<u8>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).await.unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip, deflate\r\n{extra}Connection: close\r\n\r\n"
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..end].to_vec())
        .unwrap()
        .to_lowercase();
    (head, raw[end + 4..].to_vec())
}

#[tokio::test]
async fn most_outlets_compress_for_clients_that_accept_gzip() {
    use std::io::Read;
    let w = wire().await;
    for o in outlets() {
        let url = w.feed_url(&o.slug).unwrap();
        let plain = get(&url, &[]).await;
        assert!(plain.header("content-encoding").is_empty());
        let (head, body) = get_gzip(&url, "").await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        if o.gzip {
            assert!(head.contains("content-encoding: gzip"), "{url}: {head}");
            assert!(head.contains("vary: accept-encoding"));
            let mut text = String::new();
            flate2::read::GzDecoder::new(&body[..])
                .read_to_string(&mut text)
                .unwrap();
            assert_eq!(text, plain.body);
            // The gzip variant's tag revalidates, and so does the plain one.
            let etag = head
                .lines()
                .find_map(|l| l.strip_prefix("etag: "))
                .unwrap()
                .to_string();
            assert!(etag.ends_with("-gzip\""));
            let (again, body) = get_gzip(&url, &format!("If-None-Match: {etag}\r\n")).await;
            assert!(again.starts_with("http/1.1 304"), "{again}");
            assert!(body.is_empty());
            assert_eq!(
                get(&url, &[("If-None-Match", &etag)]).await.status,
                304,
                "{url}"
            );
        } else {
            assert!(!head.contains("content-encoding"), "{url}: {head}");
            assert_eq!(String::from_utf8(body).unwrap(), plain.body);
        }
    }
}

#[tokio::test]
async fn scheduled_stories_appear_only_when_their_time_comes() {
    use chrono::Duration;
    let w = gazette_demo::start_at("127.0.0.1:0".parse().unwrap(), chrono::Utc::now())
        .await
        .unwrap();
    let later = w.snapshot().at(w.started_at() + Duration::hours(2));
    assert!(!gazette_demo::scheduled().is_empty());
    for a in gazette_demo::scheduled() {
        let url = w.article_url(a);
        assert!(w.published(a) > w.started_at());
        // A pinned clock never reaches them.
        let feed = get(&w.feed_url(&a.outlet).unwrap(), &[]).await.body;
        assert!(!feed.contains(&url), "{url} is early");
        assert_eq!(get(&url, &[]).await.status, 404);
        assert!(w.snapshot().article_page(&a.slug).is_none());
        // Two hours on, they are out, newest first.
        let feed = later.feed(&a.outlet).unwrap();
        let at = feed
            .find(&url)
            .unwrap_or_else(|| panic!("{url} missing later"));
        let older = articles().iter().find(|b| b.outlet == a.outlet).unwrap();
        assert!(at < feed.find(&w.article_url(older)).unwrap());
        assert!(later.article_page(&a.slug).unwrap().contains(&a.title));
        let home = later.home_page(&a.outlet).unwrap();
        assert!(home.contains(&a.title));
    }
}

#[tokio::test]
async fn feed_dates_are_the_page_dates_whatever_their_spelling() {
    use chrono::{DateTime, Utc};
    let w = wire().await;
    let by_url: HashMap<String, DateTime<Utc>> = articles()
        .iter()
        .map(|a| (w.article_url(a), w.published(a)))
        .collect();
    let mut checked = 0;
    for o in outlets() {
        let feed = get(&w.feed_url(&o.slug).unwrap(), &[]).await.body;
        let pairs: Vec<(String, String)> = match o.format {
            FeedFormat::Json => {
                let v: serde_json::Value = serde_json::from_str(&feed).unwrap();
                v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| {
                        let url = i["url"].as_str().unwrap().to_string();
                        (url, i["date_published"].as_str().unwrap().to_string())
                    })
                    .collect()
            }
            FeedFormat::Atom => feed
                .split("<entry>")
                .skip(1)
                .map(|e| {
                    let between = |open: &str, close: &str| {
                        let s = e.find(open).unwrap() + open.len();
                        e[s..s + e[s..].find(close).unwrap()].to_string()
                    };
                    (between("href=\"", "\""), between("<published>", "<"))
                })
                .collect(),
            FeedFormat::Rss => feed
                .split("<item>")
                .skip(1)
                .map(|e| {
                    let between = |open: &str, close: &str| {
                        let s = e.find(open).unwrap() + open.len();
                        e[s..s + e[s..].find(close).unwrap()].to_string()
                    };
                    (between("<link>", "<"), between("<pubDate>", "<"))
                })
                .collect(),
        };
        for (url, date) in pairs {
            let parsed = match o.format {
                FeedFormat::Rss => DateTime::parse_from_rfc2822(&date),
                _ => DateTime::parse_from_rfc3339(&date),
            }
            .unwrap_or_else(|e| panic!("{url}: {date}: {e}"));
            assert_eq!(parsed.with_timezone(&Utc), by_url[&url], "{url}: {date}");
            checked += 1;
        }
    }
    assert_eq!(checked, articles().len());
}

#[tokio::test]
async fn the_legacy_outlet_serves_windows_1252_pages_and_utf8_feeds() {
    let w = wire().await;
    let o = outlets()
        .iter()
        .find(|o| o.charset.is_some())
        .expect("a legacy outlet");
    let a = articles()
        .iter()
        .find(|a| a.outlet == o.slug && !a.body.is_ascii())
        .expect("a legacy article with non-ASCII text");
    let url = w.article_url(a);
    let (head, body) = get_gzip(&url, "").await;
    assert!(
        head.contains("content-type: text/html; charset=windows-1252"),
        "{head}"
    );
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut raw).unwrap();
    assert!(std::str::from_utf8(&raw).is_err(), "{url} is UTF-8");
    let page = get(&url, &[]).await.body;
    assert!(page.contains("charset=windows-1252\">"));
    for p in a.paragraphs() {
        assert!(page.contains(&html_escape(&p)), "{url} lacks {p}");
    }
    let feed = get(&w.feed_url(&o.slug).unwrap(), &[]).await;
    assert!(feed.header("content-type").ends_with("charset=utf-8"));
}
