//! Page tests in a real headless browser (Chromium): layout at phone and desktop widths,
//! landmarks, alt text, language and contrast, measured by the browser itself.
//!
//! The portal is served together with a small harness page from one origin; the harness loads a
//! portal page in an iframe of the wanted width, measures it with the DOM APIs and writes the
//! result into its own DOM, which `chromium --dump-dom` prints. `.ci/run` installs Chromium;
//! where it is missing (a developer machine without it) the test says so and passes.

mod support;

use std::process::Command;

use axum::extract::Query;
use axum::http::header;
use axum::response::Html;
use axum::routing::get;
use gazette_pipeline::StoryDesk;
use gazette_web::{AdConfig, AppState, SiteConfig, WeatherCache};

const HARNESS: &str = r##"<!doctype html><html lang="en"><body><pre id="out">pending</pre>
<iframe id="f" style="border:0"></iframe>
<script>
const q = new URLSearchParams(location.search);
const f = document.getElementById('f');
f.width = q.get('w'); f.height = 900;
f.addEventListener('load', () => {
  const d = f.contentDocument, w = f.contentWindow;
  const lum = c => { const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = w.getComputedStyle(d.body).backgroundColor;
  const contrast = el => { if (!el) return null; const a = lum(w.getComputedStyle(el).color), b = lum(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const box = s => { const e = d.querySelector(s); return e ? e.getBoundingClientRect() : null; };
  const side = box('.sidebar'), main = box('.primary');
  const r = {
    overflow: d.documentElement.scrollWidth - d.documentElement.clientWidth,
    missing_landmarks: ['header', 'nav', 'main', 'footer'].filter(t => !d.querySelector(t)),
    images: d.images.length,
    images_without_alt: [...d.images].filter(i => !i.hasAttribute('alt')).length,
    images_without_size: [...d.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).length,
    images_shown: [...d.images].filter(i => i.complete && i.naturalWidth > 0).length,
    images_broken: [...d.images].filter(i => i.complete && i.naturalWidth === 0).length,
    images_off_site: [...d.images].filter(i => !i.src.startsWith(location.origin + '/media/')).length,
    lang: d.documentElement.lang,
    skip_link: !!d.querySelector('a.skip[href="#main"]'),
    h1: d.querySelectorAll('h1').length,
    body_contrast: contrast(d.body),
    meta_contrast: contrast(d.querySelector('.meta')),
    sidebar_below: side && main ? side.top >= main.bottom - 1 : null,
    sidebar_beside: side && main ? side.left >= main.right - 1 : null,
    scripts: [...d.scripts].filter(s => s.type !== 'application/ld+json').length,
  };
  document.getElementById('out').textContent = 'RESULT ' + JSON.stringify(r);
});
f.src = q.get('path');
</script></body></html>"##;

/// The harness measures each page inside a frame of its own origin, and pages forbid framing
/// (`frame-ancestors 'none'`, `X-Frame-Options: DENY`): for these tests only, framing by the
/// same origin is allowed. The rest of the real Content-Security-Policy stays (no script on any
/// HTML page, checked here), so pages are measured under it.
async fn framable_by_the_harness(mut r: axum::response::Response) -> axum::response::Response {
    let h = r.headers_mut();
    let html = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if let Some(csp) = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
    {
        if html {
            let no_script = csp.contains("script-src 'none'")
                || (csp.contains("default-src 'none'") && !csp.contains("script-src"));
            assert!(no_script, "{csp}");
        }
        let relaxed = csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'");
        h.insert(header::CONTENT_SECURITY_POLICY, relaxed.parse().unwrap());
    }
    h.insert(header::X_FRAME_OPTIONS, "SAMEORIGIN".parse().unwrap());
    r
}

fn chromium() -> Option<String> {
    let candidates = [
        std::env::var("CHROMIUM").unwrap_or_default(),
        "chromium".into(),
        "chromium-browser".into(),
    ];
    candidates.into_iter().filter(|c| !c.is_empty()).find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn measure(browser: &str, base: &str, path: &str, width: u32) -> serde_json::Value {
    let url = format!("{base}/__harness?w={width}&path={}", url_encode(path));
    run_harness(browser, &url, 5_000)
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_responsive_and_accessible_in_a_real_browser() {
    let Some(browser) = chromium() else {
        eprintln!("chromium not found: browser test skipped (.ci/run installs it)");
        return;
    };
    let support::Demo {
        wire: _wire,
        dir: _dir,
        store,
        fetcher,
        ..
    } = support::ingest_demo().await;
    StoryDesk::open(store.clone()).await.unwrap();

    let site = SiteConfig {
        name: "Browser Gazette".into(),
        tagline: None,
        description: "Test".into(),
        base_url: "http://portal.test".into(),
        lang: "en".into(),
        time_zone: chrono_tz::UTC,
        ads: AdConfig::default(),
        theme_dir: None,
        page_size: 24,
        ..SiteConfig::default()
    };
    let state = AppState::new(store.clone(), site, WeatherCache::default()).unwrap();
    state.set_media_proxy(gazette_web::media::MediaProxy::new(
        b"a fixed key for the browser test",
        fetcher,
    ));
    // Framable by the harness only; a stylesheet or image the real policy blocked would show
    // below.
    let app = gazette_web::router(state)
        .layer(axum::middleware::map_response(framable_by_the_harness))
        .route(
            "/__harness",
            get(|_: Query<Vec<(String, String)>>| async { Html(HARNESS) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let home = support::get_page(&base, "/").await.text();
    let article = home
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|h| h.starts_with("/article/"))
        .unwrap()
        .to_string();
    let story = home
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|h| h.starts_with("/story/"))
        .unwrap()
        .to_string();

    let pages = [
        "/".to_string(),
        article,
        story,
        "/topic/business".to_string(),
        "/no-such-page".to_string(),
    ];
    let browser2 = browser.clone();
    let base2 = base.clone();
    let results = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        for path in &pages {
            for width in [320, 1280] {
                out.push((path.clone(), width, measure(&browser2, &base2, path, width)));
            }
        }
        out
    })
    .await
    .unwrap();

    for (path, width, r) in results {
        let at = format!("{path} at {width}px: {r}");
        eprintln!("{at}");
        assert_eq!(r["overflow"], 0, "no horizontal scrolling: {at}");
        assert_eq!(
            r["missing_landmarks"],
            serde_json::json!([]),
            "landmarks: {at}"
        );
        assert_eq!(r["images_without_alt"], 0, "alt text: {at}");
        // Images come from the site's media proxy, and every one that loaded shows.
        assert_eq!(r["images_off_site"], 0, "images served by the site: {at}");
        assert_eq!(r["images_broken"], 0, "no broken image: {at}");
        if path == "/" {
            assert!(
                r["images_shown"].as_u64().unwrap() > 0,
                "images render: {at}"
            );
        }
        assert_eq!(
            r["images_without_size"], 0,
            "images carry width and height: {at}"
        );
        assert_eq!(r["lang"], "en", "{at}");
        assert_eq!(r["skip_link"], true, "{at}");
        assert_eq!(r["h1"], 1, "one h1: {at}");
        assert_eq!(r["scripts"], 0, "no JavaScript needed: {at}");
        assert!(
            r["body_contrast"].as_f64().unwrap() >= 4.5,
            "body text contrast AA: {at}"
        );
        if let Some(c) = r["meta_contrast"].as_f64() {
            assert!(c >= 4.5, "muted text contrast AA: {at}");
        }
        if r["sidebar_below"].is_boolean() {
            if width == 320 {
                assert_eq!(
                    r["sidebar_below"], true,
                    "the sidebar drops below the content on a phone: {at}"
                );
            } else {
                assert_eq!(
                    r["sidebar_beside"], true,
                    "the sidebar sits beside the content on a wide screen: {at}"
                );
            }
        }
    }
}

/// Drives the admin in a frame of its own origin: signs in through the form, hides an article
/// and shows it again through the admin's forms (checking the public front page between), then
/// measures each admin page at each width (overflow, landmarks, labels, contrast, scripts).
const ADMIN_HARNESS: &str = r##"<!doctype html><html lang="en"><body><pre id="out">pending</pre>
<iframe id="f" style="border:0" height="900"></iframe>
<script>
const q = new URLSearchParams(location.search);
const f = document.getElementById('f');
const id = q.get('id'), pw = q.get('pw');
const pages = JSON.parse(q.get('pages')), widths = [390, 1280];
const results = { pages: [] };
const lum = c => { const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const opaque = c => !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent';
const contrast = (w, el) => {
  let bg = null, e = el;
  while (e && !bg) { const c = w.getComputedStyle(e).backgroundColor; if (opaque(c)) bg = c; e = e.parentElement; }
  const a = lum(w.getComputedStyle(el).color), b = lum(bg || 'rgb(255,255,255)');
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
};
const onHome = d => !!d.querySelector('a[href^="/article/' + id + '/"]');
function measure(d, w, path, width) {
  const controls = [...d.querySelectorAll('input:not([type=hidden]), select, textarea')];
  const unlabeled = controls.filter(c => !(c.id && d.querySelector('label[for="' + c.id + '"]')) && !c.getAttribute('aria-label') && !c.closest('label')).map(c => c.name);
  const nameless = [...d.querySelectorAll('button')].filter(b => !b.textContent.trim()).length;
  const texts = [...d.querySelectorAll('p, td, th, label, a, button, dt, dd, li, .hint, .original, .tag')].filter(e => e.textContent.trim() && e.getClientRects().length);
  const worst = texts.reduce((m, e) => Math.min(m, contrast(w, e)), 99);
  return { path, width, overflow: d.documentElement.scrollWidth - d.documentElement.clientWidth,
    missing_landmarks: ['header', 'nav', 'main'].filter(t => !d.querySelector(t)).filter(t => !(t === 'nav' && path === '/admin/login')),
    unlabeled, nameless_buttons: nameless, h1: d.querySelectorAll('h1').length, scripts: [...d.scripts].filter(s => s.type !== 'application/ld+json').length,
    worst_contrast: Math.round(worst * 100) / 100, lang: d.documentElement.lang,
    robots: (d.querySelector('meta[name=robots]') || {}).content || '' };
}
const steps = [];
for (const w of widths) steps.push(['measure', '/admin/login', w]);
// Each look at the front page is a new address: a reader's browser may keep a page it has
// seen for a minute (Cache-Control), as a new visitor's does not.
steps.push(['load', '/?look=1']);
steps.push(['check', d => { results.on_home_before = onHome(d); }]);
steps.push(['load', '/admin/login']);
steps.push(['do', d => { d.getElementById('username').value = 'ana'; d.getElementById('password').value = pw; d.querySelector('form[action="/admin/login"]').submit(); }]);
steps.push(['check', d => { results.signed_in = d.body.textContent.includes('Signed in as'); }]);
steps.push(['load', '/admin/articles/' + id]);
steps.push(['do', d => d.querySelector('form[action="/admin/articles/' + id + '/hide"]').submit()]);
steps.push(['check', d => { results.hide_confirmed = d.body.textContent.includes('hidden from the site'); }]);
steps.push(['load', '/?look=2']);
steps.push(['check', d => { results.on_home_after_hide = onHome(d); }]);
steps.push(['load', '/admin/articles/' + id]);
steps.push(['do', d => d.querySelector('form[action="/admin/articles/' + id + '/show"]').submit()]);
steps.push(['load', '/?look=3']);
steps.push(['check', d => { results.on_home_after_show = onHome(d); }]);
for (const p of pages) for (const w of widths) steps.push(['measure', p, w]);
function run(i) {
  if (i >= steps.length) { document.getElementById('out').textContent = 'RESULT ' + JSON.stringify(results); return; }
  const [kind, a, b] = steps[i];
  const next = () => { try { run(i + 1); } catch (e) { results.error = 'step ' + (i + 1) + ': ' + e; run(steps.length); } };
  if (kind === 'load') { f.width = 1280; f.onload = next; f.src = a; }
  else if (kind === 'do') { f.onload = next; try { a(f.contentDocument); } catch (e) { results.error = 'step ' + i + ': ' + e; run(steps.length); } }
  else if (kind === 'check') { a(f.contentDocument); next(); }
  else { f.width = b; f.onload = () => { results.pages.push(measure(f.contentDocument, f.contentWindow, a, b)); next(); }; f.src = a; }
}
run(0);
</script></body></html>"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_works_in_a_real_browser() {
    let Some(browser) = chromium() else {
        eprintln!("chromium not found: browser test skipped (.ci/run installs it)");
        return;
    };
    let support::Demo {
        wire: _wire,
        dir: _dir,
        store,
        fetcher,
        ..
    } = support::ingest_demo().await;
    StoryDesk::open(store.clone()).await.unwrap();
    let password = "a long test password";
    let hash = gazette_web::admin::auth::hash_password(password).unwrap();
    store
        .add_user("ana", gazette_store::Role::Admin, &hash, chrono::Utc::now())
        .await
        .unwrap();
    let state = AppState::new(
        store.clone(),
        SiteConfig::default(),
        WeatherCache::default(),
    )
    .unwrap();
    state.set_pipeline(gazette_pipeline::Pipeline::new(
        store.clone(),
        fetcher,
        gazette_pipeline::PipelineConfig::default(),
    ));
    let app = gazette_web::router(state)
        .layer(axum::middleware::map_response(framable_by_the_harness))
        .route("/__admin", get(|| async { Html(ADMIN_HARNESS) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    // The front page's first article, and its source.
    let home = support::get_page(&base, "/").await.text();
    let id: i64 = home
        .split("href=\"/article/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .expect("an article on the front page");
    let source = store
        .get_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap()
        .source_id;
    let story = store
        .admin_entry(gazette_model::EntryId(id))
        .await
        .unwrap()
        .unwrap()
        .story_id
        .expect("the desk placed the article in a story");
    let pages = serde_json::json!([
        "/admin",
        format!("/admin/stories/{story}"),
        "/admin/topics",
        "/admin/articles",
        format!("/admin/articles/{id}"),
        "/admin/sources",
        format!("/admin/sources/{}", source.0),
        "/admin/settings",
        "/admin/users",
        "/admin/audit",
        "/admin/account",
    ]);
    let url = format!(
        "{base}/__admin?id={id}&pw={}&pages={}",
        url_encode(password),
        url_encode(&pages.to_string())
    );
    let r = tokio::task::spawn_blocking(move || run_harness(&browser, &url, 60_000))
        .await
        .unwrap();
    eprintln!("{r}");
    assert!(r["error"].is_null(), "{r}");
    assert_eq!(r["on_home_before"], true, "{r}");
    assert_eq!(r["signed_in"], true, "signed in through the form: {r}");
    assert_eq!(r["hide_confirmed"], true, "{r}");
    assert_eq!(
        r["on_home_after_hide"], false,
        "hidden from the front page: {r}"
    );
    assert_eq!(r["on_home_after_show"], true, "shown again: {r}");
    let measured = r["pages"].as_array().unwrap();
    assert_eq!(measured.len(), 2 * (pages.as_array().unwrap().len() + 1));
    for p in measured {
        let at = p.to_string();
        assert_eq!(p["overflow"], 0, "no horizontal scrolling: {at}");
        assert_eq!(
            p["missing_landmarks"],
            serde_json::json!([]),
            "landmarks: {at}"
        );
        assert_eq!(
            p["unlabeled"],
            serde_json::json!([]),
            "every control labelled: {at}"
        );
        assert_eq!(p["nameless_buttons"], 0, "{at}");
        assert_eq!(p["h1"], 1, "{at}");
        assert_eq!(p["scripts"], 0, "no JavaScript: {at}");
        assert_eq!(p["lang"], "en", "{at}");
        assert!(p["robots"].as_str().unwrap().contains("noindex"), "{at}");
        assert!(
            p["worst_contrast"].as_f64().unwrap() >= 4.5,
            "text contrast AA: {at}"
        );
    }
}

/// Loads a harness page in headless Chromium and returns the JSON it wrote.
fn run_harness(browser: &str, url: &str, budget_ms: u32) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("RESULT ")
        .unwrap_or_else(|| panic!("no result: {dom}"));
    let json = &dom[start + 7..];
    let end = json.find("</pre>").unwrap();
    serde_json::from_str(
        &json[..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
    .unwrap()
}
