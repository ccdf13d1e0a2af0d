//! The newsroom admin under `/admin`: server-rendered forms that work without JavaScript.
//!
//! Security, in the order a request meets it (`guard`):
//! - every path but the login form and the stylesheet needs a live session: a cookie
//!   (HttpOnly, SameSite=Lax, Secure when the site is https, path `/admin`) whose SHA-256 names
//!   a row of `sessions`; without one a GET is sent to the login form and anything else is 403;
//! - every POST must come from this site (`Origin`, `Sec-Fetch-Site`) and carry the session's
//!   `csrf` form field, checked here for every route at once, before any handler runs; the login
//!   form is protected the same way by a token in a short-lived cookie (double submit);
//! - admin-only pages (sources, settings, accounts) check the role in their handlers;
//! - every response is `no-store`, not framable, `noindex`, and has its own
//!   Content-Security-Policy (no script at all).
//!
//! Logins are rate limited per account name and per client address ([`auth::LoginLimiter`]);
//! every change is written to the audit log with the account's name.

pub mod auth;
mod pages;
mod settings;

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state, map_response};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use gazette_store::SessionUser;
use minijinja::{AutoEscape, Environment};

use crate::AppState;

pub use pages::valid_user_name;
pub use settings::{SettingKey, StoredSettings};

/// The session cookie.
pub(crate) const SESSION_COOKIE: &str = "gazette_admin";
/// The login form's token cookie (double submit).
pub(crate) const LOGIN_COOKIE: &str = "gazette_login";
/// How long a session lasts from login.
pub(crate) const SESSION_HOURS: i64 = 12;
/// Largest form body read (an OPML file pasted into the import form included).
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "admin/base.html",
        include_str!("../../assets/templates/admin/base.html"),
    ),
    (
        "admin/login.html",
        include_str!("../../assets/templates/admin/login.html"),
    ),
    (
        "admin/dashboard.html",
        include_str!("../../assets/templates/admin/dashboard.html"),
    ),
    (
        "admin/articles.html",
        include_str!("../../assets/templates/admin/articles.html"),
    ),
    (
        "admin/article.html",
        include_str!("../../assets/templates/admin/article.html"),
    ),
    (
        "admin/sources.html",
        include_str!("../../assets/templates/admin/sources.html"),
    ),
    (
        "admin/source.html",
        include_str!("../../assets/templates/admin/source.html"),
    ),
    (
        "admin/settings.html",
        include_str!("../../assets/templates/admin/settings.html"),
    ),
    (
        "admin/users.html",
        include_str!("../../assets/templates/admin/users.html"),
    ),
    (
        "admin/account.html",
        include_str!("../../assets/templates/admin/account.html"),
    ),
    (
        "admin/audit.html",
        include_str!("../../assets/templates/admin/audit.html"),
    ),
    (
        "admin/topics.html",
        include_str!("../../assets/templates/admin/topics.html"),
    ),
    (
        "admin/story.html",
        include_str!("../../assets/templates/admin/story.html"),
    ),
    (
        "admin/message.html",
        include_str!("../../assets/templates/admin/message.html"),
    ),
];

const CSS: &str = include_str!("../../assets/admin.css");

/// The admin's Content-Security-Policy: its own stylesheet, nothing else.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The admin's templates (embedded only: a theme restyles the public site, not the admin) and
/// its login limiter.
pub(crate) struct Admin {
    env: Environment<'static>,
    pub(crate) limiter: auth::LoginLimiter,
    css_path: String,
}

impl Admin {
    pub(crate) fn new() -> Self {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("embedded admin templates are valid");
        }
        Admin {
            env,
            limiter: auth::LoginLimiter::default(),
            css_path: format!(
                "/admin/static/admin.{}.css",
                &gazette_story::short_hash(&[CSS])[..10]
            ),
        }
    }

    pub(crate) fn render(
        &self,
        name: &str,
        ctx: minijinja::Value,
    ) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }
}

/// Every `/admin` route, behind [`guard`].
pub(crate) fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/admin", get(pages::dashboard))
        .route("/admin/", get(pages::dashboard))
        .route("/admin/login", get(pages::login_form).post(pages::login))
        .route("/admin/logout", post(pages::logout))
        .route(
            "/admin/account",
            get(pages::account).post(pages::change_password),
        )
        .route("/admin/articles", get(pages::articles))
        .route("/admin/articles/{id}", get(pages::article))
        .route("/admin/articles/{id}/edit", post(pages::edit_article))
        .route("/admin/articles/{id}/hide", post(pages::hide_article))
        .route("/admin/articles/{id}/show", post(pages::show_article))
        .route("/admin/articles/{id}/move", post(pages::move_article))
        .route("/admin/topics", get(pages::topics))
        .route("/admin/topics/{slug}", post(pages::update_topic))
        .route("/admin/topics/{slug}/merge", post(pages::merge_topic))
        .route("/admin/stories/{id}", get(pages::story))
        .route("/admin/stories/{id}/lead", post(pages::story_set_lead))
        .route("/admin/stories/{id}/merge", post(pages::story_merge))
        .route("/admin/stories/{id}/feature", post(pages::feature_story))
        .route(
            "/admin/stories/{id}/unfeature",
            post(pages::unfeature_story),
        )
        .route(
            "/admin/sources",
            get(pages::sources).post(pages::add_source),
        )
        .route("/admin/sources.opml", get(pages::export_opml))
        .route("/admin/sources/import", post(pages::import_opml))
        .route("/admin/sources/{id}", get(pages::source))
        .route("/admin/sources/{id}/edit", post(pages::edit_source))
        .route("/admin/sources/{id}/poll", post(pages::poll_source))
        .route("/admin/sources/{id}/remove", post(pages::remove_source))
        .route("/admin/sources/{id}/restore", post(pages::restore_source))
        .route(
            "/admin/settings",
            get(pages::settings).post(pages::save_settings),
        )
        .route("/admin/settings/city", post(pages::choose_city))
        .route("/admin/users", get(pages::users).post(pages::add_user))
        .route("/admin/users/{name}/remove", post(pages::remove_user))
        .route("/admin/audit", get(pages::audit))
        .route("/admin/static/{file}", get(stylesheet))
        .route("/admin/{*rest}", any(pages::not_found))
        .layer(from_fn_with_state(state, guard))
        .layer(map_response(admin_headers))
}

/// The client's address: the peer's, or, when the peer is a reverse proxy on this machine
/// (loopback), the last address it appended to `X-Forwarded-For` (what nginx's
/// `$proxy_add_x_forwarded_for` and Caddy write).
pub(crate) fn client_addr(req_headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
    let peer_ip = peer.map_or(IpAddr::from([127, 0, 0, 1]), |p| p.ip());
    if peer_ip.is_loopback()
        && let Some(forwarded) = req_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return forwarded;
    }
    peer_ip
}

/// Whether a POST comes from this site: a browser names the page's origin in `Origin` and says
/// `Sec-Fetch-Site: same-origin`; a cross-site form or script cannot forge either. Requests
/// that send neither (command-line clients) are left to the form token.
pub(crate) fn from_this_site(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Ok(parsed) = url::Url::parse(origin) else {
        return false; // "null" (a sandboxed frame, a file) included
    };
    let origin_host = match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => return false,
    };
    let base = url::Url::parse(base_url).ok();
    let same_as_base = base.as_ref().is_some_and(|b| b.origin() == parsed.origin());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    same_as_base || host.is_some_and(|h| h.eq_ignore_ascii_case(&origin_host))
}

/// A cookie's value from the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn forbidden(message: &'static str) -> Response {
    (StatusCode::FORBIDDEN, message).into_response()
}

/// Authentication, origin and form-token checks for every admin route (see the module's
/// documentation).
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let is_post = method != Method::GET && method != Method::HEAD;
    if is_post && !from_this_site(req.headers(), &state.site().base_url) {
        return forbidden("This form was sent from another site.");
    }
    if path == "/admin/login" || path.starts_with("/admin/static/") {
        return next.run(req).await;
    }
    let now = chrono::Utc::now();
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(token) => match state.store().session(&auth::token_hash(token), now).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the admin session");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        None => None,
    };
    let Some(session) = session else {
        if is_post {
            return forbidden("Sign in first.");
        }
        let next_path = req
            .uri()
            .path_and_query()
            .map_or("/admin".to_string(), |p| p.to_string());
        let target = format!(
            "/admin/login?next={}",
            url::form_urlencoded::byte_serialize(next_path.as_bytes()).collect::<String>()
        );
        return Redirect::to(&target).into_response();
    };
    let req = if is_post {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
        };
        let token = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned());
        if !token.is_some_and(|t| auth::same_token(&t, &session.csrf)) {
            return forbidden(
                "The form's security token is missing or out of date. Reload the page and try again.",
            );
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        req
    };
    let mut req = req;
    req.extensions_mut().insert(session);
    next.run(req).await
}

/// Headers of every admin response, errors included.
async fn admin_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

async fn stylesheet(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    if format!("/admin/static/{file}") != state.inner.admin.css_path {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut r = ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response();
    // The admin's headers make every response `no-store`; the stylesheet is small.
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    r
}

/// The signed-in account, set by [`guard`].
pub(crate) type Session = axum::Extension<SessionUser>;

/// The peer address, when the server loop recorded it.
pub(crate) type Peer = Option<axum::Extension<ConnectInfo<SocketAddr>>>;
