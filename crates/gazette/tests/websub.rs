//! WebSub from the sources' side, over loopback on both stores: a feed that names a hub is
//! subscribed to at that hub, the hub's verification of intent is answered only for what was
//! asked, leases are renewed, pushed content signed with the subscription's secret appears on
//! the site without a poll while anything else is dropped, and a retired source is
//! unsubscribed. The publisher and its hub are a small server inside the test.

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use chrono::Utc;
use gazette_store::{NewSource, Page as StorePage, Store, SubscriptionState};
use gazette_web::{AppState, SiteConfig, WeatherCache};

/// The publisher's site and its hub.
#[derive(Clone)]
struct Publisher {
    base: String,
    /// What the hub was asked, one form per request.
    asked: Arc<Mutex<Vec<HashMap<String, String>>>>,
    /// What the hub's verifications got back: (status, challenge sent, body received).
    verified: Arc<Mutex<Vec<(u16, String, String)>>>,
    /// The lease the hub grants next.
    lease: Arc<AtomicU64>,
}

impl Publisher {
    fn feed_url(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }
    fn asked(&self) -> Vec<HashMap<String, String>> {
        self.asked.lock().unwrap().clone()
    }
}

fn rss(base: &str, name: &str, hub: &str, items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(id, title)| {
            format!(
                "<item><guid>{base}/news/{name}/{id}</guid><link>{base}/news/{name}/{id}</link>\
                 <title>{title}</title><pubDate>{}</pubDate>\
                 <content:encoded><![CDATA[<p>{title}. {}</p>]]></content:encoded></item>",
                Utc::now().to_rfc2822(),
                "The river authority said the work would go on through the week, and residents \
                 of the low-lying wards were asked to keep to the advice of the district office. "
                    .repeat(4)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" \
         xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>Valley Wire</title><link>{base}/</link>\
         <atom:link rel=\"hub\" href=\"{hub}\"/>\
         <atom:link rel=\"self\" href=\"{base}/{name}\"/>{items}</channel></rss>"
    )
}

async fn hub(
    State(p): State<Publisher>,
    Form(form): Form<HashMap<String, String>>,
) -> axum::http::StatusCode {
    p.asked.lock().unwrap().push(form.clone());
    let p = p.clone();
    // Like a real hub, the verification comes after the request was answered.
    tokio::spawn(async move {
        let callback = &form["hub.callback"];
        let topic = &form["hub.topic"];
        let challenge = format!("challenge-{}", p.asked.lock().unwrap().len());
        let (base, path) = split_url(callback);
        let query: String = if topic.ends_with("/denied.xml") {
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("hub.mode", "denied")
                .append_pair("hub.topic", topic)
                .append_pair("hub.reason", "Not allowed on this hub")
                .finish()
        } else {
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("hub.mode", &form["hub.mode"])
                .append_pair("hub.topic", topic)
                .append_pair("hub.challenge", &challenge)
                .append_pair(
                    "hub.lease_seconds",
                    &p.lease.load(Ordering::SeqCst).to_string(),
                )
                .finish()
        };
        let page = support::get_page(&base, &format!("{path}?{query}")).await;
        p.verified
            .lock()
            .unwrap()
            .push((page.status, challenge, page.body));
    });
    axum::http::StatusCode::ACCEPTED
}

fn split_url(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let slash = rest.find('/').unwrap();
    (
        format!("http://{}", &rest[..slash]),
        rest[slash..].to_string(),
    )
}

async fn start_publisher() -> Publisher {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let p = Publisher {
        base: base.clone(),
        asked: Arc::default(),
        verified: Arc::default(),
        lease: Arc::new(AtomicU64::new(864_000)),
    };
    let feed = |name: &'static str, hub: fn(&str) -> String| {
        move |State(p): State<Publisher>| async move {
            let body = rss(
                &p.base,
                name,
                &hub(&p.base),
                &[
                    ("1", "Floodgates checked before the monsoon"),
                    ("2", "Ward offices open on Sunday"),
                ],
            );
            ([(header::CONTENT_TYPE, "application/rss+xml")], body).into_response()
        }
    };
    let app = axum::Router::new()
        .route("/feed.xml", get(feed("feed.xml", |b| format!("{b}/hub"))))
        .route(
            "/denied.xml",
            get(feed("denied.xml", |b| format!("{b}/hub"))),
        )
        .route(
            "/public-hub.xml",
            get(feed("public-hub.xml", |_| "https://hub.example/".into())),
        )
        .route("/hub", post(hub))
        .with_state(p.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    p
}

/// Waits up to ten seconds for `check` to hold.
async fn wait_for<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "gave up waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn sign(secret: &str, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, body);
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("X-Hub-Signature: sha256={hex}")
}

async fn titles(store: &dyn Store, source: gazette_model::SourceId) -> Vec<String> {
    store
        .by_source(source, StorePage::new(1, 50))
        .await
        .unwrap()
        .cards
        .into_iter()
        .map(|c| c.title)
        .collect()
}

async fn pushes_arrive(store: Arc<dyn Store>, data: Option<&std::path::Path>) {
    let publisher = start_publisher().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let fetcher = gazette_fetch::Fetcher::new(gazette_fetch::FetchConfig {
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        ..gazette_fetch::FetchConfig::default()
    })
    .unwrap();
    let pipeline = gazette_pipeline::Pipeline::new(
        store.clone(),
        fetcher,
        gazette_pipeline::PipelineConfig {
            websub_site: Some(base.clone()),
            ..gazette_pipeline::PipelineConfig::default()
        },
    );
    let site = SiteConfig {
        base_url: base.clone(),
        ..SiteConfig::default()
    };
    let state = AppState::new(store.clone(), site, WeatherCache::default()).unwrap();
    state.set_pipeline(pipeline.clone());
    support::serve_site(listener, state);
    let add = |url: String| {
        let store = store.clone();
        async move {
            store
                .add_source(NewSource {
                    url,
                    name: Some("Valley Wire".into()),
                    extract_mode: gazette_model::ExtractMode::Never,
                })
                .await
                .unwrap()
        }
    };
    let source = add(publisher.feed_url("feed.xml")).await;
    let denied = add(publisher.feed_url("denied.xml")).await;
    let public = add(publisher.feed_url("public-hub.xml")).await;

    // 1. A poll reads the feed and its hub; the subscription is asked for and verified. The
    // first lease is a second long, to see it renewed.
    publisher.lease.store(1, Ordering::SeqCst);
    let round = pipeline.poll_due(true).await.unwrap();
    assert_eq!(round.inserted, 6, "{round:?}");
    wait_for("the subscription verified", || async {
        store
            .subscription(source.id)
            .await
            .unwrap()
            .is_some_and(|s| s.state == SubscriptionState::Active)
    })
    .await;
    let asked = publisher.asked();
    let first = asked
        .iter()
        .find(|f| f["hub.topic"] == publisher.feed_url("feed.xml"))
        .expect("the hub was asked for the feed");
    assert_eq!(first["hub.mode"], "subscribe");
    assert_eq!(first["hub.lease_seconds"], "864000");
    let sub = store.subscription(source.id).await.unwrap().unwrap();
    assert_eq!(
        first["hub.callback"],
        format!("{base}/websub/{}", sub.token)
    );
    assert_eq!(first["hub.secret"], sub.secret);
    assert!(sub.token.len() >= 43 && sub.secret.len() >= 43);
    let confirmed = publisher.verified.lock().unwrap().clone();
    assert!(
        confirmed
            .iter()
            .any(|(status, challenge, body)| *status == 200 && body == challenge),
        "the challenge was echoed: {confirmed:?}"
    );
    // A feed whose hub is on the public internet is not subscribed from a loopback site.
    assert!(store.subscription(public.id).await.unwrap().is_none());
    // A hub that refuses says so, and the refusal is kept with its reason.
    wait_for("the refusal noted", || async {
        store
            .subscription(denied.id)
            .await
            .unwrap()
            .is_some_and(|s| s.state == SubscriptionState::Denied)
    })
    .await;
    let refused = store.subscription(denied.id).await.unwrap().unwrap();
    assert!(
        refused
            .error
            .as_deref()
            .unwrap()
            .contains("Not allowed on this hub"),
        "{refused:?}"
    );
    assert!(refused.renew_at > Utc::now() + chrono::TimeDelta::days(6));

    // 2. The lease is renewed before it ends, with the same callback and secret.
    publisher.lease.store(864_000, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let asked_before = publisher.asked().len();
    assert!(pipeline.renew_subscriptions().await.unwrap() >= 1);
    wait_for("the lease renewed", || async {
        store
            .subscription(source.id)
            .await
            .unwrap()
            .and_then(|s| s.lease_until)
            .is_some_and(|l| l > Utc::now() + chrono::TimeDelta::days(9))
    })
    .await;
    let asked = publisher.asked();
    let renewal = asked[asked_before..]
        .iter()
        .find(|f| f["hub.topic"] == publisher.feed_url("feed.xml"))
        .expect("the renewal was asked");
    assert_eq!(renewal["hub.callback"], first["hub.callback"]);
    assert_eq!(renewal["hub.secret"], first["hub.secret"]);

    // 3. With the hub pushing, polling is the fallback: the next poll is an hour away at least.
    let before = Utc::now();
    pipeline.poll_due(true).await.unwrap();
    let polled = store.get_source(source.id).await.unwrap().unwrap();
    assert!(
        polled.next_poll >= before + chrono::TimeDelta::minutes(59),
        "{:?}",
        polled.next_poll
    );

    // 4. Content signed with the subscription's secret is on the site within seconds.
    let callback = format!("/websub/{}", sub.token);
    let pushed = rss(
        &publisher.base,
        "feed.xml",
        &format!("{}/hub", publisher.base),
        &[("3", "Dam gates opened at dawn")],
    );
    let started = Instant::now();
    let answer = support::request_with_body(
        &base,
        "POST",
        &callback,
        &[
            "Content-Type: application/rss+xml; charset=utf-8",
            &sign(&sub.secret, pushed.as_bytes()),
        ],
        Some(pushed.as_bytes()),
    )
    .await;
    assert_eq!(answer.status, 202);
    let path = format!("/source/{}", source.id.0);
    wait_for("the pushed article on the source's page", || async {
        support::get_page(&base, &path)
            .await
            .body
            .contains("Dam gates opened at dawn")
    })
    .await;
    eprintln!("push to page: {:?}", started.elapsed());
    let sub_now = store.subscription(source.id).await.unwrap().unwrap();
    assert_eq!(sub_now.pushes, 1);
    assert!(sub_now.last_push_at.is_some());
    // The operator sees it in `gazette source list`.
    if let Some(data) = data {
        let (ok, out, err) = support::gazette_cli(data, &["source", "list"], false);
        assert!(ok, "{err}");
        assert!(
            out.contains(&format!("push: pushed by {}/hub until", publisher.base))
                && out.contains("1 pushes"),
            "{out}"
        );
        let (ok, out, err) = support::gazette_cli(data, &["source", "list", "--json"], false);
        assert!(ok, "{err}");
        let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
        let ours = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == source.id.0)
            .unwrap();
        assert_eq!(ours["websub"]["state"], "active");
        assert_eq!(ours["websub"]["pushes"], 1);
        assert_eq!(ours["websub"]["topic"], publisher.feed_url("feed.xml"));
    }

    // 5. Anything else is acknowledged and dropped: a wrong signature, none, another body.
    let forged = rss(
        &publisher.base,
        "feed.xml",
        "",
        &[("4", "Forged notice of an evacuation")],
    );
    for signature in [
        sign("not the secret", forged.as_bytes()),
        String::new(),
        sign(&sub.secret, pushed.as_bytes()),
    ] {
        let mut headers = vec!["Content-Type: application/rss+xml"];
        if !signature.is_empty() {
            headers.push(&signature);
        }
        let answer =
            support::request_with_body(&base, "POST", &callback, &headers, Some(forged.as_bytes()))
                .await;
        assert_eq!(answer.status, 202);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stored = titles(store.as_ref(), source.id).await;
    assert!(
        !stored.iter().any(|t| t.contains("Forged")),
        "a forged push was stored: {stored:?}"
    );
    assert_eq!(stored.len(), 3, "{stored:?}");
    let noted = store.subscription(source.id).await.unwrap().unwrap();
    assert!(noted.error.as_deref().unwrap().contains("not signed"));
    assert_eq!(noted.pushes, 1);

    // 6. Verifications this side did not ask for are refused.
    let q = |mode: &str, topic: &str, challenge: Option<&str>| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("hub.mode", mode)
            .append_pair("hub.topic", topic);
        if let Some(c) = challenge {
            s.append_pair("hub.challenge", c);
        }
        s.finish()
    };
    let topic = publisher.feed_url("feed.xml");
    for (path, status) in [
        (
            format!(
                "{callback}?{}",
                q("subscribe", "http://other.example/", Some("x"))
            ),
            404,
        ),
        (
            format!("/websub/unknown?{}", q("subscribe", &topic, Some("x"))),
            404,
        ),
        (
            format!("{callback}?{}", q("unsubscribe", &topic, Some("x"))),
            404,
        ),
        (format!("{callback}?{}", q("subscribe", &topic, None)), 400),
        (
            format!("{callback}?{}", q("publish", &topic, Some("x"))),
            400,
        ),
    ] {
        let page = support::get_page(&base, &path).await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
    }
    let unknown =
        support::request_with_body(&base, "POST", "/websub/unknown", &[], Some(b"<rss/>")).await;
    assert_eq!(unknown.status, 410);

    // 7. A retired source is unsubscribed; its hub's pushes are then told the callback is gone.
    store
        .retire_source(source.id, true, Utc::now())
        .await
        .unwrap();
    pipeline.renew_subscriptions().await.unwrap();
    wait_for("the unsubscription verified", || async {
        store.subscription(source.id).await.unwrap().is_none()
    })
    .await;
    assert!(
        publisher
            .asked()
            .iter()
            .any(|f| f["hub.mode"] == "unsubscribe" && f["hub.topic"] == topic)
    );
    let late = support::request_with_body(
        &base,
        "POST",
        &callback,
        &[&sign(&sub.secret, pushed.as_bytes())],
        Some(pushed.as_bytes()),
    )
    .await;
    assert_eq!(late.status, 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pushes_arrive_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        gazette_store::SqliteStore::open_dir(dir.path())
            .await
            .unwrap(),
    );
    pushes_arrive(store, Some(dir.path())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pushes_arrive_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    pushes_arrive(store, None).await;
}
