//! The newsroom admin, end to end over loopback on both stores: the demo wire ingested into a
//! real SQLite file (and, where `POSTGRES_TEST_URL` names a server, a fresh PostgreSQL
//! database), served by the real router and server loop, and used as an editor's browser and
//! an attacker would: sign-in, sessions, form tokens, origins, the login limit, roles, hiding
//! and showing an article everywhere the public reads, headlines, settings, the audit log; and
//! `gazette user ...` on the command line.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use gazette_store::{AdminStore, EntryFilter, Page as StorePage, Role, Store};
use gazette_web::{AppState, ServerLimits, SiteConfig, WeatherCache};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PASSWORD: &str = "correct horse battery";

/// Serves the store with the real router and server loop; drop the sender to stop.
async fn serve(
    store: Arc<dyn Store>,
    site: SiteConfig,
    fetcher: gazette_fetch::Fetcher,
) -> (String, AppState, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), site, WeatherCache::default()).unwrap();
    state.set_pipeline(gazette_pipeline::Pipeline::new(
        store,
        fetcher,
        gazette_pipeline::PipelineConfig::default(),
    ));
    state.reload_settings().await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = gazette_web::router(state.clone());
    tokio::spawn(async move {
        let _ = gazette_web::serve(listener, app, ServerLimits::default(), async {
            let _ = stopped.await;
        })
        .await;
    });
    (base, state, stop)
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
    fn headers_named(&self, name: &str) -> Vec<String> {
        self.headers
            .lines()
            .filter_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
            .collect()
    }
    /// The body with the escaped slashes of attribute values read back.
    fn html(&self) -> String {
        self.body.replace("&#x2f;", "/")
    }
    /// The value of the first hidden input named `name`.
    fn input(&self, name: &str) -> Option<String> {
        let html = self.html();
        let at = html.find(&format!("name=\"{name}\" value=\""))?;
        let rest = &html[at + name.len() + 15..];
        Some(rest[..rest.find('"')?].to_string())
    }
}

/// A browser: keeps cookies, sends `Origin` on POSTs as a browser does.
struct Browser {
    base: String,
    cookies: HashMap<String, String>,
    origin: Option<String>,
}

impl Browser {
    fn new(base: &str) -> Self {
        Browser {
            base: base.to_string(),
            cookies: HashMap::new(),
            origin: Some(base.to_string()),
        }
    }

    async fn send(&mut self, method: &str, path: &str, body: &str, extra: &[&str]) -> Response {
        let addr = self.base.trim_start_matches("http://").to_string();
        let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: Mozilla/5.0 (test editor)\r\nConnection: close\r\n"
        );
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            head.push_str(&format!("Cookie: {}\r\n", c.join("; ")));
        }
        if method == "POST" {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            if let Some(o) = &self.origin {
                head.push_str(&format!("Origin: {o}\r\n"));
            }
        }
        for h in extra {
            head.push_str(&format!("{h}\r\n"));
        }
        head.push_str("\r\n");
        sock.write_all(head.as_bytes()).await.unwrap();
        sock.write_all(body.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        sock.read_to_end(&mut raw).await.unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
        let body = String::from_utf8_lossy(raw.get(split + 4..).unwrap_or(&[])).into_owned();
        let status = headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let r = Response {
            status,
            headers,
            body,
        };
        for c in r.headers_named("set-cookie") {
            let pair = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        r
    }

    async fn get(&mut self, path: &str) -> Response {
        self.send("GET", path, "", &[]).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let body = form_body(form);
        self.send("POST", path, &body, &[]).await
    }

    async fn sign_in(&mut self, name: &str, password: &str) -> Response {
        let form = self.get("/admin/login").await;
        let token = form.input("csrf").expect("the login form has a csrf input");
        self.post(
            "/admin/login",
            &[
                ("csrf", &token),
                ("username", name),
                ("password", password),
                ("next", "/admin"),
            ],
        )
        .await
    }

    /// The session's form token, read from a page's form.
    async fn csrf(&mut self) -> String {
        self.get("/admin/account")
            .await
            .input("csrf")
            .expect("a signed-in page has a csrf input")
    }
}

fn form_body(form: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        s.append_pair(k, v);
    }
    s.finish()
}

async fn add_user(store: &dyn Store, name: &str, role: Role) {
    let hash = gazette_web::admin::auth::hash_password(PASSWORD).unwrap();
    store
        .add_user(name, role, &hash, chrono::Utc::now())
        .await
        .unwrap();
}

/// An article that leads a story on the front page, with its topic and source.
async fn front_page_lead(base: &str) -> (i64, String) {
    let home = support::get_page(base, "/")
        .await
        .body
        .replace("&#x2f;", "/");
    let at = home
        .find("href=\"/article/")
        .expect("an article on the front page")
        + 15;
    let id: i64 = home[at..at + home[at..].find('/').unwrap()]
        .parse()
        .unwrap();
    let path_end = at + home[at..].find('"').unwrap();
    (id, format!("/article/{}", &home[at..path_end]))
}

/// Every public place an article can show up, and whether it does.
async fn where_listed(base: &str, store: &dyn Store, id: i64) -> Vec<String> {
    let entry = store
        .get_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap();
    let needle = format!("/article/{id}/");
    let mut places = vec![
        "/".to_string(),
        format!("/source/{}", entry.source_id.0),
        "/feed.xml".into(),
        "/feed.atom".into(),
        "/feed.json".into(),
        "/sitemap.xml".into(),
        "/api/v1/articles?per_page=200".into(),
    ];
    for t in &entry.topics {
        places.push(format!("/topic/{}", t.slug));
    }
    let words: Vec<&str> = entry.title.split_whitespace().take(3).collect();
    places.push(format!(
        "/search?q={}",
        url::form_urlencoded::byte_serialize(words.join(" ").as_bytes()).collect::<String>()
    ));
    let mut found = Vec::new();
    for p in places {
        let page = support::get_page(base, &p).await;
        let body = page.body.replace("&#x2f;", "/").replace("\\/", "/");
        let api_hit = p.starts_with("/api/") && body.contains(&format!("{{\"id\":{id},\"url\""));
        if body.contains(&needle) || api_hit {
            found.push(p);
        }
    }
    found
}

async fn the_admin_contract(store: Arc<dyn Store>, fetcher: gazette_fetch::Fetcher) {
    add_user(store.as_ref(), "ana", Role::Admin).await;
    add_user(store.as_ref(), "ed", Role::Editor).await;
    let (base, _state, _stop) = serve(store.clone(), SiteConfig::default(), fetcher).await;
    let (id, public) = front_page_lead(&base).await;
    let listed_before = where_listed(&base, store.as_ref(), id).await;
    assert!(
        listed_before.len() >= 5,
        "the lead is listed in many places: {listed_before:?}"
    );

    // Anonymous visitors see nothing of the admin.
    let mut anon = Browser::new(&base);
    for path in [
        "/admin",
        "/admin/articles",
        "/admin/sources",
        "/admin/settings",
        "/admin/users",
        "/admin/audit",
        "/admin/articles/1",
        "/admin/nothing-here",
        "/admin/sources.opml",
    ] {
        let r = anon.get(path).await;
        assert!(matches!(r.status, 303 | 401 | 403), "{path}: {}", r.status);
        assert!(!r.body.contains("Signed in"), "{path} shows admin content");
        if r.status == 303 {
            assert!(
                r.header("location").unwrap().starts_with("/admin/login"),
                "{path}"
            );
        }
    }
    let r = anon
        .post(&format!("/admin/articles/{id}/hide"), &[("csrf", "x")])
        .await;
    assert_eq!(r.status, 403, "an anonymous POST is refused");

    // The login form.
    let form = anon.get("/admin/login").await;
    assert_eq!(form.status, 200);
    for field in [
        "name=\"username\"",
        "name=\"password\"",
        "type=\"hidden\" name=\"csrf\"",
    ] {
        assert!(form.html().contains(field), "the login form has {field}");
    }
    assert_admin_headers("/admin/login", &form);
    // Without the form's token, or from another site, a login is refused.
    let r = anon
        .post(
            "/admin/login",
            &[("username", "ana"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 403);
    let mut evil = Browser::new(&base);
    evil.origin = Some("https://evil.example".into());
    let token = evil.get("/admin/login").await.input("csrf").unwrap();
    let r = evil
        .post(
            "/admin/login",
            &[
                ("csrf", &token),
                ("username", "ana"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "a login posted from another site");
    assert!(!evil.cookies.contains_key("gazette_admin"));

    // A wrong password, then the right one.
    let mut ana = Browser::new(&base);
    let r = ana.sign_in("ana", "wrong password here").await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("Wrong name or password"));
    let r = ana.sign_in("ana", PASSWORD).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location").as_deref(), Some("/admin"));
    let cookie = r
        .headers_named("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("gazette_admin="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "an http site's cookie cannot be Secure: {cookie}"
    );
    let dash = ana.get("/admin").await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Signed in as"));
    assert_admin_headers("/admin", &dash);
    let csrf = ana.csrf().await;

    // A hide without the token, with another session's token, or from another site changes
    // nothing.
    let r = ana.post(&format!("/admin/articles/{id}/hide"), &[]).await;
    assert_eq!(r.status, 403);
    let r = ana
        .post(
            &format!("/admin/articles/{id}/hide"),
            &[("csrf", "not-the-token")],
        )
        .await;
    assert_eq!(r.status, 403);
    ana.origin = Some("https://evil.example".into());
    let r = ana
        .post(&format!("/admin/articles/{id}/hide"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 403);
    ana.origin = Some(base.clone());
    let r = ana
        .send(
            "POST",
            &format!("/admin/articles/{id}/hide"),
            &form_body(&[("csrf", &csrf)]),
            &["Sec-Fetch-Site: cross-site"],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        support::get_page(&base, &public).await.status,
        200,
        "still shown"
    );

    // Hidden: gone everywhere the public reads, its page 410.
    let r = ana
        .post(&format!("/admin/articles/{id}/hide"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(support::get_page(&base, &public).await.status, 410);
    assert_eq!(
        support::get_page(&base, &format!("/api/v1/articles/{id}"))
            .await
            .status,
        404
    );
    let listed = where_listed(&base, store.as_ref(), id).await;
    assert!(
        listed.is_empty(),
        "a hidden article still shows on {listed:?}"
    );
    if let Some(story) = store
        .story_of(gazette_model::EntryId(id), 50)
        .await
        .unwrap()
    {
        let page = support::get_page(&base, &format!("/story/{}", story.id)).await;
        assert!(
            !page
                .body
                .replace("&#x2f;", "/")
                .contains(&format!("/article/{id}/"))
        );
    }
    let hidden = ana.get("/admin/articles?hidden=1").await;
    assert!(
        hidden
            .html()
            .contains(&format!("/admin/articles/{id}/show")),
        "listed as hidden for editors"
    );

    // Shown again: back where it was.
    let r = ana
        .post(&format!("/admin/articles/{id}/show"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(support::get_page(&base, &public).await.status, 200);
    let listed = where_listed(&base, store.as_ref(), id).await;
    assert_eq!(listed, listed_before);

    // A headline rewritten: shown on the site, the feed's kept for editors.
    let feed_title = store
        .admin_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap()
        .feed_title;
    let r = ana
        .post(
            &format!("/admin/articles/{id}/edit"),
            &[
                ("csrf", &csrf),
                ("title", "Corrected: the headline an editor wrote"),
                ("summary", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let home = support::get_page(&base, "/").await.body;
    assert!(home.contains("Corrected: the headline an editor wrote"));
    let page = ana.get(&format!("/admin/articles/{id}")).await;
    assert!(
        page.body.contains(&feed_title.replace('\'', "&#x27;")) || page.body.contains(&feed_title),
        "the feed's headline shown to editors"
    );
    let api = support::get_page(&base, &format!("/api/v1/articles/{id}"))
        .await
        .body;
    assert!(api.contains("Corrected: the headline an editor wrote"));
    let r = ana
        .post(
            &format!("/admin/articles/{id}/edit"),
            &[("csrf", &csrf), ("title", ""), ("summary", "")],
        )
        .await;
    assert_eq!(r.status, 303);
    let entry = store
        .get_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entry.title, feed_title,
        "an empty field goes back to the feed's"
    );

    // Settings apply at once, and say what wins.
    let r = ana
        .post(
            "/admin/settings",
            &[
                ("csrf", &csrf),
                ("site.name", "The Valley Courier"),
                ("site.time_zone", "Asia/Kolkata"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let home = support::get_page(&base, "/").await.body;
    assert!(
        home.contains("The Valley Courier"),
        "the new name is on the front page"
    );
    let settings = ana.get("/admin/settings").await.body;
    assert!(settings.contains("this wins") && settings.contains("Configuration: Gazette"));
    let r = ana
        .post(
            "/admin/settings",
            &[("csrf", &csrf), ("site.time_zone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("not a time zone"));
    assert!(
        support::get_page(&base, "/")
            .await
            .body
            .contains("The Valley Courier"),
        "a refused form changes nothing"
    );
    let r = ana.post("/admin/settings", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    assert!(
        !support::get_page(&base, "/")
            .await
            .body
            .contains("The Valley Courier"),
        "emptied: the configuration's again"
    );

    // Editors moderate articles, not sources, settings or accounts.
    let mut ed = Browser::new(&base);
    assert_eq!(ed.sign_in("ed", PASSWORD).await.status, 303);
    assert_eq!(ed.get("/admin/articles").await.status, 200);
    for path in ["/admin/sources", "/admin/settings", "/admin/users"] {
        assert_eq!(ed.get(path).await.status, 403, "{path}");
    }
    let ed_csrf = ed.csrf().await;
    let r = ed
        .post(
            "/admin/settings",
            &[("csrf", &ed_csrf), ("site.name", "Editor's site")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(store.settings().await.unwrap().is_empty());
    let r = ed
        .post(&format!("/admin/articles/{id}/hide"), &[("csrf", &ed_csrf)])
        .await;
    assert_eq!(r.status, 303);
    let r = ed
        .post(&format!("/admin/articles/{id}/show"), &[("csrf", &ed_csrf)])
        .await;
    assert_eq!(r.status, 303);

    // Sources: health listed, a source retired keeps its articles and is not polled.
    let sources = ana.get("/admin/sources").await;
    assert!(sources.body.contains("Last success"));
    let source_id = store
        .get_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap()
        .source_id;
    // A source's page says whether its hub pushes, and what went wrong last.
    let page = ana.get(&format!("/admin/sources/{}", source_id.0)).await;
    assert!(page.body.contains("none: the feed names no hub"));
    let now = chrono::Utc::now();
    store
        .save_subscription(&gazette_store::Subscription {
            source: source_id,
            hub: "https://hub.example/".into(),
            topic: "https://news.example/feed.xml".into(),
            token: "t".repeat(43),
            secret: "s".repeat(43),
            state: gazette_store::SubscriptionState::Active,
            requested_at: now,
            lease_until: Some(now + chrono::Duration::days(10)),
            renew_at: now + chrono::Duration::days(9),
            failures: 0,
            last_push_at: Some(now),
            pushes: 7,
            error: Some("a push was not signed with the subscription's secret".into()),
        })
        .await
        .unwrap();
    let page = ana.get(&format!("/admin/sources/{}", source_id.0)).await;
    assert!(
        page.body
            .contains("pushed by https:&#x2f;&#x2f;hub.example&#x2f; until")
            && page.body.contains("7 pushes")
            && page
                .body
                .contains("not signed with the subscription&#x27;s secret"),
        "{}",
        page.body
    );
    let r = ana
        .post(
            &format!("/admin/sources/{}/remove", source_id.0),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 303);
    let s = store.get_source(source_id).await.unwrap().unwrap();
    assert!(s.retired_at.is_some() && s.entries > 0);
    let due = store
        .due_sources(chrono::Utc::now() + chrono::Duration::days(30), 100)
        .await
        .unwrap();
    assert!(
        due.iter().all(|d| d.id != source_id),
        "a retired source is never due"
    );
    assert_eq!(
        support::get_page(&base, &public).await.status,
        200,
        "its articles stay"
    );
    let r = ana
        .post(
            &format!("/admin/sources/{}/restore", source_id.0),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        store
            .get_source(source_id)
            .await
            .unwrap()
            .unwrap()
            .retired_at
            .is_none()
    );
    let opml = ana.get("/admin/sources.opml").await;
    assert_eq!(opml.status, 200);
    assert!(opml.body.contains("<opml"));
    // A non-web address is refused before anything is fetched.
    let r = ana
        .post(
            "/admin/sources",
            &[("csrf", &csrf), ("url", "javascript:alert(1)")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = ana
        .post(
            "/admin/sources/import",
            &[
                ("csrf", &csrf),
                (
                    "opml",
                    "<opml><body><outline xmlUrl=\"file:///etc/passwd\"/></body></opml>",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        store
            .list_sources()
            .await
            .unwrap()
            .iter()
            .all(|s| !s.url.starts_with("file:"))
    );

    // The audit log names who did what.
    let log = store.audit_log(100, None).await.unwrap();
    let did =
        |actor: &str, action: &str| log.iter().any(|l| l.actor == actor && l.action == action);
    for (actor, action) in [
        ("ana", "login"),
        ("ana", "article.hide"),
        ("ana", "article.show"),
        ("ana", "article.edit"),
        ("ana", "settings.save"),
        ("ed", "article.hide"),
        ("ana", "source.retire"),
        ("ana", "source.restore"),
    ] {
        assert!(did(actor, action), "audit log lacks {actor} {action}");
    }
    assert!(ana.get("/admin/audit").await.body.contains("article.hide"));

    // Logging out ends the session; a password change ends every session of the account.
    let old = ed.cookies.clone();
    let r = ed.post("/admin/logout", &[("csrf", &ed_csrf)]).await;
    assert_eq!(r.status, 303);
    let mut replay = Browser::new(&base);
    replay.cookies = old;
    assert_eq!(
        replay.get("/admin").await.status,
        303,
        "a logged-out session is dead"
    );
    let hash = gazette_web::admin::auth::hash_password("another long password").unwrap();
    assert!(
        store
            .set_password("ana", &hash, chrono::Utc::now())
            .await
            .unwrap()
    );
    assert_eq!(
        ana.get("/admin").await.status,
        303,
        "a password change ends the session"
    );
    assert_eq!(
        ana.sign_in("ana", "another long password").await.status,
        303
    );

    // A session past its time is refused like none.
    let ana_id = store.user_credentials("ana").await.unwrap().unwrap().0.id;
    let now = chrono::Utc::now();
    let token = "an-expired-session-token-of-forty-three-chars";
    store
        .create_session(
            ana_id,
            &gazette_web::admin::auth::session_hash(token),
            "csrf",
            now - chrono::Duration::hours(13),
            now - chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    let mut expired = Browser::new(&base);
    expired.cookies.insert("gazette_admin".into(), token.into());
    assert_eq!(
        expired.get("/admin").await.status,
        303,
        "an expired session is refused"
    );
    assert!(
        store
            .session(&gazette_web::admin::auth::session_hash(token), now)
            .await
            .unwrap()
            .is_none()
    );

    // The login limit: five failures lock the account from any address, whether it exists
    // or not, and say so the same way.
    let mut guesser = Browser::new(&base);
    for _ in 0..5 {
        assert_eq!(guesser.sign_in("ed", "guess guess guess").await.status, 401);
    }
    let locked = guesser.sign_in("ed", PASSWORD).await;
    assert_eq!(
        locked.status, 429,
        "the right password is refused while locked"
    );
    assert!(locked.body.contains("locked"));
    for _ in 0..5 {
        assert_eq!(
            guesser.sign_in("nobody", "guess guess guess").await.status,
            401
        );
    }
    let unknown = guesser.sign_in("nobody", "guess guess guess").await;
    assert_eq!(unknown.status, 429);
    assert_eq!(
        locked
            .body
            .split("role=\"alert\">")
            .nth(1)
            .map(|s| s.split('<').next()),
        unknown
            .body
            .split("role=\"alert\">")
            .nth(1)
            .map(|s| s.split('<').next()),
        "a locked name and an unknown one read alike"
    );
}

fn assert_admin_headers(what: &str, r: &Response) {
    let cache = r.header("cache-control").unwrap_or_default();
    assert!(cache.contains("no-store"), "{what}: cache-control {cache}");
    assert_eq!(
        r.header("x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(
        r.header("x-robots-tag")
            .unwrap_or_default()
            .contains("noindex"),
        "{what}"
    );
    assert!(
        r.body.contains("<meta name=\"robots\" content=\"noindex"),
        "{what}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_admin_on_sqlite() {
    let demo = support::ingest_demo().await;
    the_admin_contract(demo.store.clone(), demo.fetcher.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_admin_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    the_admin_contract(store, demo.fetcher.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_site_marks_its_cookies_secure() {
    let demo = support::ingest_demo().await;
    add_user(demo.store.as_ref(), "ana", Role::Admin).await;
    let site = SiteConfig {
        base_url: "https://news.example".into(),
        ..SiteConfig::default()
    };
    let (base, _state, _stop) = serve(demo.store.clone(), site, demo.fetcher.clone()).await;
    let mut ana = Browser::new(&base);
    let form = ana.get("/admin/login").await;
    assert!(
        form.headers_named("set-cookie")
            .iter()
            .all(|c| c.contains("Secure"))
    );
    let r = ana.sign_in("ana", PASSWORD).await;
    assert_eq!(r.status, 303);
    let cookie = r
        .headers_named("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("gazette_admin="))
        .unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

#[test]
fn user_accounts_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = support::gazette_command(&data, args, false, &[])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = run(
        &["user", "add", "ana", "--role", "admin"],
        "correct horse battery\n",
    );
    assert!(ok, "{out}");
    assert!(
        !out.contains("correct horse"),
        "the password is never printed: {out}"
    );
    let (ok, out) = run(
        &["user", "add", "ana", "--role", "editor"],
        "another long password\n",
    );
    assert!(!ok && out.contains("exists already"), "{out}");
    let (ok, out) = run(&["user", "add", "bo", "--role", "editor"], "short\n");
    assert!(!ok && out.contains("at least 10"), "{out}");
    let (ok, out) = run(
        &["user", "add", "bo", "--role", "owner"],
        "long enough password\n",
    );
    assert!(!ok && out.contains("admin, editor"), "{out}");
    let (ok, out) = run(&["user", "list"], "");
    assert!(
        ok && out.contains("ana") && out.contains("admin") && !out.contains("argon2"),
        "{out}"
    );
    let (ok, out) = run(&["user", "password", "ana"], "a brand new password\n");
    assert!(ok, "{out}");
    let (ok, out) = run(&["user", "remove", "ana"], "");
    assert!(ok, "{out}");
    let (ok, out) = run(&["user", "remove", "ana"], "");
    assert!(!ok && out.contains("no account"), "{out}");
    // The stored hash is Argon2id.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = gazette_store::SqliteStore::open_dir(&data).await.unwrap();
        run(
            &["user", "add", "cy", "--role", "editor"],
            "correct horse battery\n",
        );
        let (_, hash) = store.user_credentials("cy").await.unwrap().unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let log = store.audit_log(10, None).await.unwrap();
        assert!(
            log.iter()
                .any(|l| l.action == "account.remove" && l.target == "account ana")
        );
        let _ = store
            .admin_entries(&EntryFilter::default(), StorePage::new(1, 10))
            .await
            .unwrap();
    });
}

/// Editors move articles between stories, merge stories and choose leads; the story desk,
/// rebuilt or running, keeps every such decision.
async fn editors_shape_stories(store: Arc<dyn Store>, fetcher: gazette_fetch::Fetcher) {
    use gazette_store::StoryAssignment;
    gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    add_user(store.as_ref(), "ed", Role::Editor).await;
    let (base, _state, _stop) = serve(store.clone(), SiteConfig::default(), fetcher).await;
    let mut ed = Browser::new(&base);
    assert_eq!(ed.sign_in("ed", PASSWORD).await.status, 303);
    let csrf = ed.csrf().await;
    let (cards, _) = store.latest_stories(StorePage::new(1, 100)).await.unwrap();
    let big: Vec<_> = cards.iter().filter(|c| c.articles >= 2).collect();
    assert!(big.len() >= 2, "the demo has stories of several articles");
    // An article that neither leads story A nor founded it (a story bears its founder's
    // number, which the founder keeps when it leaves for a story of its own): which article
    // founded which story depends on the order the demo's polls were written in.
    let mut found = None;
    for card in &big {
        let story = store.story(card.story_id, 50).await.unwrap().unwrap();
        let lead = store.story_lead(card.story_id).await.unwrap().unwrap();
        if let Some(c) = story
            .articles
            .iter()
            .find(|c| c.id != lead && c.id.0 != card.story_id.0)
        {
            found = Some((card.story_id, c.id));
            break;
        }
    }
    let (a, moved) = found.expect("a demo story with an article that neither leads nor founded it");
    let b = big.iter().find(|c| c.story_id != a).unwrap().story_id;
    let page = ed.get(&format!("/admin/stories/{a}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html()
            .contains(&format!("/admin/articles/{}/move", moved.0))
    );
    let story_of = |id: gazette_model::EntryId| {
        let store = store.clone();
        async move { store.admin_entry(id).await.unwrap().unwrap().story_id }
    };

    // Out of its story, into one of its own.
    let r = ed
        .post(
            &format!("/admin/articles/{}/move", moved.0),
            &[("csrf", &csrf), ("to", "")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let own = story_of(moved).await.unwrap();
    assert_ne!(own, a);
    assert!(
        store
            .story(a, 50)
            .await
            .unwrap()
            .unwrap()
            .articles
            .iter()
            .all(|c| c.id != moved)
    );
    // The clusterer's later decisions do not undo it: a decision written for the entry is
    // refused, and a rebuilt desk that clusters on keeps it where the editor put it.
    store
        .assign_stories(&[StoryAssignment {
            entry: moved,
            story: a,
            duplicate_of: None,
        }])
        .await
        .unwrap();
    assert_eq!(story_of(moved).await, Some(own));
    let desk = gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    desk.cluster_pending(true).await.unwrap();
    assert_eq!(
        story_of(moved).await,
        Some(own),
        "a rebuilt desk keeps the editor's story"
    );

    // Into another story by its number; then story A merged into story B.
    let r = ed
        .post(
            &format!("/admin/articles/{}/move", moved.0),
            &[("csrf", &csrf), ("to", &b.to_string())],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(story_of(moved).await, Some(b));
    let r = ed
        .post(
            &format!("/admin/articles/{}/move", moved.0),
            &[("csrf", &csrf), ("to", "999999999")],
        )
        .await;
    assert!(r.header("location").unwrap().contains("no-story"));
    assert_eq!(
        story_of(moved).await,
        Some(b),
        "an unknown story changes nothing"
    );
    let left_in_a: Vec<_> = store
        .story(a, 50)
        .await
        .unwrap()
        .unwrap()
        .articles
        .iter()
        .map(|c| c.id)
        .collect();
    let r = ed
        .post(
            &format!("/admin/stories/{a}/merge"),
            &[("csrf", &csrf), ("into", &b.to_string())],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        store.story(a, 50).await.unwrap().is_none(),
        "the merged story is gone"
    );
    for id in &left_in_a {
        assert_eq!(story_of(*id).await, Some(b));
    }
    desk.apply_edits().await.unwrap();
    desk.cluster_pending(true).await.unwrap();
    for id in left_in_a.iter().chain([&moved]) {
        assert_eq!(
            story_of(*id).await,
            Some(b),
            "the running desk keeps the merge"
        );
    }

    // The lead the editor chooses is the story's card.
    let new_lead = left_in_a[0];
    let r = ed
        .post(
            &format!("/admin/stories/{b}/lead"),
            &[("csrf", &csrf), ("entry", &new_lead.0.to_string())],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(store.story_lead(b).await.unwrap(), Some(new_lead));
    let (cards, _) = store.latest_stories(StorePage::new(1, 100)).await.unwrap();
    assert_eq!(
        cards.iter().find(|c| c.story_id == b).unwrap().card.id,
        new_lead
    );
    // Featured: the front page's lead, then first in a section, until no longer.
    let first_article = |html: String| {
        let html = html.replace("&#x2f;", "/");
        let at = html.find("href=\"/article/").unwrap() + 15;
        html[at..at + html[at..].find('/').unwrap()]
            .parse::<i64>()
            .unwrap()
    };
    let (cards, _) = store.latest_stories(StorePage::new(1, 100)).await.unwrap();
    let quiet = cards.last().unwrap();
    assert_ne!(
        first_article(support::get_page(&base, "/?look=1").await.body),
        quiet.card.id.0
    );
    let r = ed
        .post(
            &format!("/admin/stories/{}/feature", quiet.story_id),
            &[("csrf", &csrf), ("slot", "lead")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        first_article(support::get_page(&base, "/?look=2").await.body),
        quiet.card.id.0
    );
    let section = store
        .admin_topics(None, StorePage::new(1, 100))
        .await
        .unwrap()
        .0
        .into_iter()
        .find(|t| t.kind == "section" && t.articles >= 3)
        .unwrap();
    let r = ed
        .post(
            &format!("/admin/stories/{}/feature", quiet.story_id),
            &[("csrf", &csrf), ("slot", &section.name)],
        )
        .await;
    assert_eq!(r.status, 303);
    let topic_page = support::get_page(&base, &format!("/topic/{}?look=3", section.slug))
        .await
        .body;
    let main = &topic_page[topic_page.find("<main").unwrap()..];
    assert_eq!(
        first_article(main.to_string()),
        quiet.card.id.0,
        "first in its section"
    );
    let r = ed
        .post(
            &format!("/admin/stories/{}/feature", quiet.story_id),
            &[("csrf", &csrf), ("slot", "no such section at all")],
        )
        .await;
    assert!(r.header("location").unwrap().contains("no-topic"));
    let r = ed
        .post(
            &format!("/admin/stories/{}/unfeature", quiet.story_id),
            &[("csrf", &csrf), ("slot", "lead")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_ne!(
        first_article(support::get_page(&base, "/?look=4").await.body),
        quiet.card.id.0
    );
    let log = store.audit_log(50, None).await.unwrap();
    for action in [
        "story.move",
        "story.merge",
        "story.lead",
        "story.feature",
        "story.unfeature",
    ] {
        assert!(
            log.iter().any(|l| l.action == action && l.actor == "ed"),
            "{action}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_shape_stories_on_sqlite() {
    let demo = support::ingest_demo().await;
    editors_shape_stories(demo.store.clone(), demo.fetcher.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_shape_stories_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    editors_shape_stories(store, demo.fetcher.clone()).await;
}

/// Editors rename, hide and merge topics and choose the navigation; the public site follows.
async fn editors_manage_topics(store: Arc<dyn Store>, fetcher: gazette_fetch::Fetcher) {
    add_user(store.as_ref(), "ed", Role::Editor).await;
    let (base, _state, _stop) = serve(store.clone(), SiteConfig::default(), fetcher).await;
    let mut ed = Browser::new(&base);
    assert_eq!(ed.sign_in("ed", PASSWORD).await.status, 303);
    let csrf = ed.csrf().await;
    let page = ed.get("/admin/topics").await;
    assert_eq!(page.status, 200);
    let (topics, _) = store
        .admin_topics(None, StorePage::new(1, 200))
        .await
        .unwrap();
    let sections: Vec<_> = topics
        .iter()
        .filter(|t| t.kind == "section" && t.articles > 0)
        .collect();
    assert!(sections.len() >= 3, "{topics:?}");
    let (a, b, c) = (
        sections[0].slug.clone(),
        sections[1].slug.clone(),
        sections[2].slug.clone(),
    );

    // Renamed: the page and the navigation say the new name.
    let r = ed
        .post(
            &format!("/admin/topics/{a}"),
            &[("csrf", &csrf), ("name", "Our Region"), ("hidden", "0")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        support::get_page(&base, &format!("/topic/{a}"))
            .await
            .body
            .contains("Our Region")
    );

    // The navigation chosen: exactly these, in this order.
    for (slug, pos) in [(&b, "1"), (&a, "2")] {
        let r = ed
            .post(
                &format!("/admin/topics/{slug}"),
                &[("csrf", &csrf), ("name", ""), ("nav_position", pos)],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    let home = support::get_page(&base, "/?nav=1")
        .await
        .body
        .replace("&#x2f;", "/");
    let nav = &home[home.find("aria-label=\"Topics\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let (pb, pa) = (
        nav.find(&format!("/topic/{b}\"")),
        nav.find(&format!("/topic/{a}\"")),
    );
    assert!(pb.is_some() && pa.is_some() && pb < pa, "{nav}");
    assert!(
        !nav.contains(&format!("/topic/{c}\"")),
        "only the chosen topics: {nav}"
    );

    // Hidden: no page, in no list; shown again.
    let r = ed
        .post(
            &format!("/admin/topics/{c}"),
            &[("csrf", &csrf), ("name", ""), ("hidden", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        support::get_page(&base, &format!("/topic/{c}"))
            .await
            .status,
        404
    );
    assert!(
        !support::get_page(&base, "/topics")
            .await
            .body
            .contains(&format!("/topic/{c}\""))
    );
    let r = ed
        .post(
            &format!("/admin/topics/{c}"),
            &[("csrf", &csrf), ("name", ""), ("hidden", "0")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        support::get_page(&base, &format!("/topic/{c}"))
            .await
            .status,
        200
    );

    // Merged: c's articles are tagged b, c's address redirects to b, later tags of c go to b.
    let c_articles = store
        .by_topic(&c, StorePage::new(1, 200))
        .await
        .unwrap()
        .cards;
    let r = ed
        .post(
            &format!("/admin/topics/{c}/merge"),
            &[("csrf", &csrf), ("into", &b)],
        )
        .await;
    assert_eq!(r.status, 303);
    let moved = support::get_bytes(&base, &format!("/topic/{c}")).await;
    assert_eq!(moved.status, 308);
    assert_eq!(moved.header("location"), Some(format!("/topic/{b}")));
    let b_ids: Vec<_> = store
        .by_topic(&b, StorePage::new(1, 200))
        .await
        .unwrap()
        .cards
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(c_articles.iter().all(|a| b_ids.contains(&a.id)));
    let entry = c_articles[0].id;
    store
        .add_entry_topics(&[(
            entry,
            gazette_model::Topic {
                slug: c.clone(),
                name: "Again".into(),
            },
        )])
        .await
        .unwrap();
    assert!(
        store
            .by_topic(&c, StorePage::new(1, 10))
            .await
            .unwrap()
            .cards
            .is_empty()
    );
    let r = ed
        .post(
            &format!("/admin/topics/{b}/merge"),
            &[("csrf", &csrf), ("into", &b)],
        )
        .await;
    assert!(
        r.header("location").unwrap().contains("no-topic"),
        "a topic does not merge into itself"
    );
    let log = store.audit_log(50, None).await.unwrap();
    for action in ["topic.edit", "topic.merge"] {
        assert!(
            log.iter().any(|l| l.action == action && l.actor == "ed"),
            "{action}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_manage_topics_on_sqlite() {
    let demo = support::ingest_demo().await;
    editors_manage_topics(demo.store.clone(), demo.fetcher.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_manage_topics_on_postgres() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let store: Arc<dyn Store> = Arc::new(gazette_store::PgStore::connect(&url).await.unwrap());
    let demo = support::ingest_demo_into(store.clone(), tempfile::tempdir().unwrap()).await;
    editors_manage_topics(store, demo.fetcher.clone()).await;
}

/// The weather's city is chosen by name: the geocoding service (the demo wire's stand-in)
/// gives its coordinates and time zone, which the site takes at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_weather_city_is_chosen_by_name() {
    let demo = support::ingest_demo().await;
    add_user(demo.store.as_ref(), "ana", Role::Admin).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let weather = WeatherCache::default();
    let _refresher = weather.spawn_refresher(
        gazette_web::WeatherSettings {
            city: "New Delhi".into(),
            latitude: 28.61,
            longitude: 77.21,
            api_base: demo.wire.weather_base.clone(),
            geocoding_base: demo.wire.weather_base.clone(),
        },
        demo.fetcher.clone(),
        std::time::Duration::from_secs(600),
    );
    let state = AppState::new(demo.store.clone(), SiteConfig::default(), weather).unwrap();
    state.set_pipeline(gazette_pipeline::Pipeline::new(
        demo.store.clone(),
        demo.fetcher.clone(),
        gazette_pipeline::PipelineConfig::default(),
    ));
    support::serve_site(listener, state);
    let mut ana = Browser::new(&base);
    assert_eq!(ana.sign_in("ana", PASSWORD).await.status, 303);
    let csrf = ana.csrf().await;
    let found = ana.get("/admin/settings?city=harbour").await;
    assert_eq!(found.status, 200);
    assert!(
        found.body.contains("Harbour City") && found.body.contains("Europe&#x2f;Oslo"),
        "{}",
        found.body
    );
    let none = ana.get("/admin/settings?city=Atlantis").await;
    assert!(none.body.contains("No place named Atlantis"));
    let r = ana
        .post(
            "/admin/settings/city",
            &[
                ("csrf", &csrf),
                ("name", "Harbour City"),
                ("latitude", "59.91"),
                ("longitude", "10.75"),
                ("time_zone", "Europe/Oslo"),
                ("use_time_zone", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let stored: HashMap<String, String> = demo
        .store
        .settings()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.key, s.value))
        .collect();
    assert_eq!(
        stored.get("weather.city").map(String::as_str),
        Some("Harbour City")
    );
    assert_eq!(
        stored.get("site.time_zone").map(String::as_str),
        Some("Europe/Oslo")
    );
    // The header follows: the new city's weather within moments.
    let mut shown = false;
    for i in 0..50 {
        let home = support::get_page(&base, &format!("/?w={i}")).await.body;
        if home.contains("wx-city\">Harbour City") {
            shown = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(shown, "the header shows the new city's weather");
    // A bad place is refused without storing anything.
    let r = ana
        .post(
            "/admin/settings/city",
            &[
                ("csrf", &csrf),
                ("name", "X"),
                ("latitude", "500"),
                ("longitude", "0"),
            ],
        )
        .await;
    assert!(r.header("location").unwrap().contains("bad-city"));
}
