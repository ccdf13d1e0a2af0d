//! How search engines, news apps and feed readers find the site, over loopback on both stores:
//! the sitemap index and its children (pages, articles, news), structured data on every kind
//! of page, and a feed in three formats for every list a reader can follow, advertised in the
//! page's head, parsed by our own parser and, where Python's feedparser is installed, by it.

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;

use gazette_feed::sitemap::Sitemap;
use gazette_store::{Page as StorePage, Store};
use gazette_web::{AppState, SiteConfig, WeatherCache};

async fn serve(store: Arc<dyn Store>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let site = SiteConfig {
        name: "Valley <Courier> & Co".into(),
        base_url: base.clone(),
        ..SiteConfig::default()
    };
    let state = AppState::new(store, site, WeatherCache::default()).unwrap();
    support::serve_site(listener, state);
    base
}

fn path_of(base: &str, url: &str) -> String {
    url.strip_prefix(base).unwrap_or(url).to_string()
}

/// The JSON-LD objects of a page.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| serde_json::from_str(&s[..s.find("</script>").unwrap()]).unwrap())
        .collect()
}

async fn found_everywhere(store: Arc<dyn Store>) {
    gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    let base = serve(store.clone()).await;

    // Every indexable page names its canonical address and how it is shared; results of a
    // search are not indexed.
    let escaped_base = base.replace('/', "&#x2f;");
    for path in ["/", "/topics", "/sources"] {
        let page = support::get_page(&base, path).await.body;
        let canonical = format!("{escaped_base}{path}");
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{path}"
        );
        assert!(!page.contains("noindex"), "{path}");
    }
    let home = support::get_page(&base, "/").await.body;
    assert!(
        home.contains(
            "<meta property=\"og:site_name\" content=\"Valley &lt;Courier&gt; &amp; Co\">"
        )
    );
    let search = support::get_page(&base, "/search?q=water").await.body;
    assert!(search.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(!search.contains("rel=\"canonical\""));

    // robots.txt names both sitemaps.
    let robots = support::get_page(&base, "/robots.txt").await.body;
    assert!(robots.contains(&format!("Sitemap: {base}/sitemap.xml")));
    assert!(robots.contains(&format!("Sitemap: {base}/sitemap-news.xml")));

    // The index, and its children, read by our own sitemap parser.
    let index = support::get_bytes(&base, "/sitemap.xml").await;
    let Sitemap::Index(children) = gazette_feed::sitemap::parse(&index.body).unwrap() else {
        panic!("sitemap.xml is an index");
    };
    let mut article_urls = BTreeSet::new();
    let mut news = Vec::new();
    for child in &children {
        let raw = support::get_bytes(&base, &path_of(&base, &child.loc)).await;
        assert_eq!(raw.status, 200, "{}", child.loc);
        let Sitemap::UrlSet(urls) = gazette_feed::sitemap::parse(&raw.body).unwrap() else {
            panic!("{} is a url set", child.loc);
        };
        assert!(urls.len() <= 50_000);
        for u in urls {
            if u.loc.contains("/article/") {
                if let Some(n) = u.news.clone() {
                    news.push((u.loc.clone(), n));
                } else {
                    assert!(u.lastmod.is_some(), "{}", u.loc);
                    article_urls.insert(u.loc);
                }
            }
        }
    }
    let total = store.count_entries().await.unwrap() as usize;
    assert_eq!(
        article_urls.len(),
        total,
        "every article is in a child sitemap"
    );
    // The demo's articles are of the last days: the news sitemap lists those of 48 hours.
    let since = chrono::Utc::now() - chrono::Duration::hours(48);
    let recent = store
        .latest(StorePage::new(1, 200))
        .await
        .unwrap()
        .cards
        .iter()
        .filter(|c| c.published >= since)
        .count();
    assert_eq!(
        news.len(),
        recent,
        "the news sitemap lists the last 48 hours"
    );
    for (loc, n) in &news {
        assert_eq!(
            n.publication_name.as_deref(),
            Some("Valley <Courier> & Co"),
            "{loc}"
        );
        assert_eq!(n.language.as_deref(), Some("en"));
        assert!(n.title.is_some() && n.publication_date.unwrap() >= since);
    }
    // A hidden article leaves the sitemaps.
    let hidden = store.latest(StorePage::new(1, 1)).await.unwrap().cards[0].clone();
    store
        .set_entry_hidden(hidden.id, true, chrono::Utc::now())
        .await
        .unwrap();
    let child = support::get_page(&base, "/sitemap-articles-0.xml")
        .await
        .body;
    assert!(!child.contains(&format!("/article/{}/", hidden.id.0)));
    let news_page = support::get_page(&base, "/sitemap-news.xml").await.body;
    assert!(!news_page.contains(&format!("/article/{}/", hidden.id.0)));
    store
        .set_entry_hidden(hidden.id, false, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        support::get_page(&base, "/sitemap-articles-x.xml")
            .await
            .status,
        404
    );

    // Structured data: the site with its search, an article, a story, a topic.
    let home = support::get_page(&base, "/").await.body;
    let site_ld = json_ld(&home);
    assert_eq!(site_ld[0]["@type"], "WebSite");
    assert_eq!(site_ld[0]["name"], "Valley <Courier> & Co");
    assert!(
        site_ld[0]["potentialAction"]["target"]["urlTemplate"]
            .as_str()
            .unwrap()
            .ends_with("/search?q={search_term_string}")
    );
    assert!(
        !home.contains("Valley <Courier>"),
        "the name is escaped in the script"
    );
    let (cards, _) = store.latest_stories(StorePage::new(1, 50)).await.unwrap();
    let story = cards.iter().find(|c| c.articles >= 2).unwrap();
    let article = story.card.clone();
    let entry = store.get_entry(article.id).await.unwrap().unwrap();
    let page = support::get_page(
        &base,
        &gazette_web::article_path(article.id, &article.title),
    )
    .await;
    assert_eq!(page.status, 200);
    let ld = json_ld(&page.body);
    let news_article = ld.iter().find(|v| v["@type"] == "NewsArticle").unwrap();
    assert_eq!(news_article["headline"], entry.title.as_str());
    assert_eq!(news_article["publisher"]["name"], "Valley <Courier> & Co");
    assert_eq!(
        news_article["isBasedOn"],
        entry.url.clone().unwrap().as_str()
    );
    assert_eq!(
        news_article["sourceOrganization"]["name"],
        entry.source_name.as_str()
    );
    assert!(news_article["datePublished"].is_string() && news_article["dateModified"].is_string());
    // No headline can end the script element.
    store
        .edit_entry(
            article.id,
            Some("Breaking </script><script>alert(1)</script>"),
            None,
        )
        .await
        .unwrap();
    let moved = support::get_bytes(&base, &format!("/article/{}", article.id.0)).await;
    assert_eq!(moved.status, 308);
    let page = support::get_page(&base, &moved.header("location").unwrap()).await;
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    let ld = json_ld(&page.body);
    assert_eq!(
        ld.iter().find(|v| v["@type"] == "NewsArticle").unwrap()["headline"],
        "Breaking </script><script>alert(1)</script>"
    );
    store.edit_entry(article.id, None, None).await.unwrap();

    let story_page = support::get_page(&base, &format!("/story/{}", story.story_id))
        .await
        .body;
    let list = json_ld(&story_page)
        .into_iter()
        .find(|v| v["@type"] == "ItemList")
        .unwrap();
    assert_eq!(
        list["itemListElement"].as_array().unwrap().len() as i64,
        story.articles.min(200)
    );
    let topic = &entry.topics[0];
    let topic_page = support::get_page(&base, &format!("/topic/{}", topic.slug))
        .await
        .body;
    let crumbs = json_ld(&topic_page)
        .into_iter()
        .find(|v| v["@type"] == "BreadcrumbList")
        .unwrap();
    assert_eq!(crumbs["itemListElement"][1]["name"], topic.name.as_str());

    // A feed in three formats for every followable list, advertised in its page's head,
    // parsed cleanly, with ETag and 304.
    let lists = [
        (
            format!("/topic/{}", topic.slug),
            store
                .by_topic(&topic.slug, StorePage::new(1, 50))
                .await
                .unwrap()
                .cards,
        ),
        (
            format!("/source/{}", entry.source_id.0),
            store
                .by_source(entry.source_id, StorePage::new(1, 50))
                .await
                .unwrap()
                .cards,
        ),
        (format!("/story/{}", story.story_id), {
            let mut c = store
                .story(story.story_id, 50)
                .await
                .unwrap()
                .unwrap()
                .articles;
            c.reverse();
            c
        }),
        (
            String::new(),
            store.latest(StorePage::new(1, 50)).await.unwrap().cards,
        ),
    ];
    let python = python_feedparser();
    for (dir, cards) in &lists {
        let page = support::get_page(&base, if dir.is_empty() { "/" } else { dir })
            .await
            .body;
        let found = gazette_feed::discover(&page, &format!("{base}{dir}"));
        for file in ["feed.xml", "feed.atom", "feed.json"] {
            let url = format!("{base}{dir}/{file}");
            assert!(
                found.contains(&url),
                "{dir}: {file} advertised in {found:?}"
            );
            let raw = support::get_bytes(&base, &format!("{dir}/{file}")).await;
            assert_eq!(raw.status, 200, "{url}");
            let feed = gazette_feed::parse(
                &raw.body,
                &gazette_feed::ParseOptions {
                    url: Some(url.clone()),
                    content_type: raw.header("content-type"),
                    ..Default::default()
                },
            )
            .unwrap();
            assert!(feed.warnings.is_empty(), "{url}: {:?}", feed.warnings);
            let links: Vec<String> = feed.items.iter().filter_map(|e| e.link.clone()).collect();
            let expected: Vec<String> = cards
                .iter()
                .map(|c| format!("{base}{}", gazette_web::article_path(c.id, &c.title)))
                .collect();
            assert_eq!(links, expected, "{url}");
            let etag = raw.header("etag").expect("an ETag");
            let again = support::request(
                &base,
                "GET",
                &format!("{dir}/{file}"),
                &[&format!("If-None-Match: {etag}")],
            )
            .await;
            assert_eq!(again.status, 304, "{url}");
            if let Some(python) = &python {
                python_parses(
                    python,
                    &raw.body,
                    &url,
                    &raw.header("content-type").unwrap(),
                );
            }
        }
    }
    assert_eq!(
        support::get_page(&base, &format!("/topic/{}/feed.rss", topic.slug))
            .await
            .status,
        404
    );
    assert_eq!(
        support::get_page(&base, "/story/999999/feed.xml")
            .await
            .status,
        404
    );
}

/// `python3` when it can import feedparser.
fn python_feedparser() -> Option<String> {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import feedparser"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("python3 with feedparser not found: its check is skipped (.ci/run installs it)");
    }
    ok.then(|| "python3".to_string())
}

/// Python's feedparser reads the feed without calling it malformed (`bozo`).
fn python_parses(python: &str, body: &[u8], url: &str, content_type: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed");
    std::fs::write(&file, body).unwrap();
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, feedparser; d = feedparser.parse(open(sys.argv[1], 'rb').read(), \
             response_headers={'content-type': sys.argv[2]}); \
             print(int(bool(d.bozo)), len(d.entries), repr(d.get('bozo_exception', '')))",
        ])
        .arg(&file)
        .arg(content_type)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    if content_type.starts_with("application/feed+json") {
        // feedparser 6 (PyPI's) reads RSS and Atom only; JSON Feed is checked by our parser.
        return;
    }
    let mut parts = said.split_whitespace();
    let (bozo, entries) = (
        parts.next(),
        parts.next().and_then(|n| n.parse::<usize>().ok()),
    );
    assert_eq!(
        bozo,
        Some("0"),
        "feedparser calls {url} malformed: {said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        entries.unwrap_or(0) > 0,
        "feedparser found no entries in {url}: {said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_site_is_found_on_sqlite() {
    let demo = support::ingest_demo().await;
    found_everywhere(demo.store.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_site_is_found_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let _demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    found_everywhere(store).await;
}

/// Whether `value` has the shape `schema` describes (the parts of JSON Schema utoipa writes:
/// `$ref`, `allOf`, `oneOf`/`anyOf`, `type` (also as a list), `properties`, `required`,
/// `items`).
fn conforms(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    doc: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(|r| r.as_str()) {
        let name = r
            .strip_prefix("#/components/schemas/")
            .ok_or(format!("{at}: unknown ref {r}"))?;
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: {r} is not in the document"));
        }
        return conforms(value, target, doc, at);
    }
    if let Some(all) = schema.get("allOf").and_then(|a| a.as_array()) {
        for s in all {
            conforms(value, s, doc, at)?;
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(any) = schema.get(key).and_then(|a| a.as_array())
            && !any.iter().any(|s| conforms(value, s, doc, at).is_ok())
        {
            return Err(format!("{at}: {value} matches none of {key}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {value} is not of type {t}"));
        }
    }
    if let Some(obj) = value.as_object() {
        for r in schema
            .get("required")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                return Err(format!("{at}: the required `{r}` is missing in {value}"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
            for (k, v) in obj {
                if let Some(s) = props.get(k) {
                    conforms(v, s, doc, &format!("{at}.{k}"))?;
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            conforms(v, items, doc, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

async fn the_api_keeps_its_contract(store: Arc<dyn Store>) {
    gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    let base = serve(store.clone()).await;
    let raw = support::get_page(&base, "/api/v1/openapi.json").await;
    assert_eq!(raw.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&raw.body).unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "/articles",
            "/articles/{id}",
            "/search",
            "/stories",
            "/topics"
        ]),
        "every route of the API is documented, and nothing else"
    );
    // Every documented route answers as documented.
    let latest = store.latest(StorePage::new(1, 1)).await.unwrap().cards[0].clone();
    let word = latest
        .title
        .split_whitespace()
        .find(|w| w.len() > 4)
        .unwrap()
        .to_string();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let op = &item["get"];
        let url = match path.as_str() {
            "/articles/{id}" => format!("/api/v1/articles/{}", latest.id.0),
            "/search" => format!("/api/v1/search?q={word}"),
            p => format!("/api/v1{p}"),
        };
        let answer = support::get_page(&base, &url).await;
        let status = answer.status.to_string();
        let documented = &op["responses"][&status];
        assert!(
            !documented.is_null(),
            "{url} answered {status}, which is not documented"
        );
        let schema = &documented["content"]["application/json"]["schema"];
        let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        conforms(&body, schema, &doc, &url).unwrap();
    }
    // Errors too: an unknown article, a bad cursor.
    for (url, status) in [
        ("/api/v1/articles/999999999", "404"),
        ("/api/v1/articles?cursor=xyz", "400"),
    ] {
        let answer = support::get_page(&base, url).await;
        assert_eq!(answer.status.to_string(), status, "{url}");
        let path = if url.contains("cursor") {
            "/articles"
        } else {
            "/articles/{id}"
        };
        let schema = &doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]
            ["schema"];
        conforms(
            &serde_json::from_str(&answer.body).unwrap(),
            schema,
            &doc,
            url,
        )
        .unwrap();
    }

    // A cursor walks the whole archive once, while new articles arrive.
    let before: BTreeSet<i64> = {
        let mut all = BTreeSet::new();
        let mut n = 1;
        loop {
            let page = store.latest(StorePage::new(n, 200)).await.unwrap();
            all.extend(page.cards.iter().map(|c| c.id.0));
            if !page.has_more {
                break all;
            }
            n += 1;
        }
    };
    let source = store.list_sources().await.unwrap()[0].id;
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut step = 0;
    loop {
        let answer =
            support::get_page(&base, &format!("/api/v1/articles?cursor={cursor}&limit=10")).await;
        let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        seen.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap()),
        );
        // New articles arrive between steps, some dated in the past (a late feed).
        step += 1;
        let arrived = gazette_model::NewEntry {
            identity: format!("late-{step}"),
            title: format!("A late report number {step}"),
            published: Some(chrono::Utc::now() - chrono::Duration::days(step)),
            feed_hash: format!("h{step}"),
            ..Default::default()
        };
        store
            .save_poll(
                source,
                &[arrived],
                &gazette_store::PollOutcome::Failure {
                    error: "test".into(),
                },
                chrono::Utc::now(),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        match body["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert!(step >= 5, "the walk took several steps ({step})");
    let walked: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(walked.len(), seen.len(), "no article twice");
    assert_eq!(
        walked, before,
        "every article that was there, and only those"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_api_keeps_its_contract_on_sqlite() {
    let demo = support::ingest_demo().await;
    the_api_keeps_its_contract(demo.store.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_api_keeps_its_contract_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let _demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    the_api_keeps_its_contract(store).await;
}

/// With a hub configured, feeds name it and the hub is told which feeds changed.
async fn the_hub_hears_of_changes(store: Arc<dyn Store>, fetcher: gazette_fetch::Fetcher) {
    use axum::routing::post;
    let pings: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let hub_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hub = format!("http://{}/hub", hub_listener.local_addr().unwrap());
    let heard = pings.clone();
    let hub_app = axum::Router::new().route(
        "/hub",
        post(move |body: String| {
            let heard = heard.clone();
            async move {
                heard.lock().unwrap().push(body);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(hub_listener, hub_app).await;
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let site = SiteConfig {
        base_url: base.clone(),
        websub_hub: Some(hub.clone()),
        ..SiteConfig::default()
    };
    let state = AppState::new(store.clone(), site, WeatherCache::default()).unwrap();
    let _pinger = state
        .spawn_hub_pinger(fetcher, std::time::Duration::from_millis(100))
        .unwrap();
    support::serve_site(listener, state);

    // Every feed names the hub, in its body and its Link header.
    let source = store.list_sources().await.unwrap()[0].clone();
    for dir in [String::new(), format!("/source/{}", source.id.0)] {
        for file in ["feed.xml", "feed.atom", "feed.json"] {
            let raw = support::get_bytes(&base, &format!("{dir}/{file}")).await;
            let body = String::from_utf8_lossy(&raw.body).replace("\\/", "/");
            assert!(body.contains(&hub), "{dir}/{file} names the hub");
            let link = raw.header("link").unwrap_or_default();
            assert!(
                link.contains(&format!("<{hub}>; rel=\"hub\""))
                    && link.contains(&format!("<{base}{dir}/{file}>; rel=\"self\"")),
                "{link}"
            );
        }
    }
    // Nothing new: nothing said.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(pings.lock().unwrap().is_empty(), "no ping without a change");
    // A new article of a source, in a section: the hub hears of its lists' feeds.
    let arrived = gazette_model::NewEntry {
        identity: "pushed-1".into(),
        title: "A fresh report for the hub".into(),
        published: Some(chrono::Utc::now()),
        topics: vec![gazette_model::Topic {
            slug: "harbour-news".into(),
            name: "Harbour News".into(),
        }],
        feed_hash: "h".into(),
        ..Default::default()
    };
    store
        .save_poll(
            source.id,
            &[arrived],
            &gazette_store::PollOutcome::Failure {
                error: "test".into(),
            },
            chrono::Utc::now(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut heard = String::new();
    for _ in 0..50 {
        heard = pings.lock().unwrap().join("&");
        if !heard.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let urls: BTreeSet<String> = url::form_urlencoded::parse(heard.as_bytes())
        .filter(|(k, _)| k == "hub.url")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert!(heard.contains("hub.mode=publish"), "{heard}");
    for dir in [
        String::new(),
        format!("/source/{}", source.id.0),
        "/topic/harbour-news".into(),
    ] {
        for file in ["feed.xml", "feed.atom", "feed.json"] {
            assert!(
                urls.contains(&format!("{base}{dir}/{file}")),
                "{dir}/{file} in {urls:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_hub_hears_of_changes_on_sqlite() {
    let demo = support::ingest_demo().await;
    the_hub_hears_of_changes(demo.store.clone(), demo.fetcher.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_hub_hears_of_changes_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    the_hub_hears_of_changes(store, demo.fetcher.clone()).await;
}
