//! The admin's pages and form handlers. Every handler here runs behind `super::guard`: a GET
//! has a session, a POST also came from this site with the session's form token. Admin-only
//! pages check the role themselves (`admin_only`). A change redirects (303) to the page that
//! shows it, with a `notice` code; a form with a mistake is shown again with what was typed.

// Handlers answer `Result<Response, Response>` (both sides are responses, as axum means them):
// boxing the error side would only move the allocation.
#![allow(clippy::result_large_err)]

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use gazette_model::{EntryId, ExtractMode, SourceId, StoryId};
use gazette_store::{EntryFilter, Page, Role, SessionUser, SourceChanges, StoreError};
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::auth;
use super::settings::SettingKey;
use super::{LOGIN_COOKIE, Peer, SESSION_COOKIE, SESSION_HOURS, Session, cookie};
use crate::AppState;

type Answer = Result<Response, Response>;

/// A storage failure: logged once here, shown without details.
fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "admin request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "The change could not be made: the database failed. Try again in a moment.",
    )
        .into_response()
}

fn store_failed(e: StoreError) -> Response {
    failed(e)
}

/// What a redirect's `notice` code says.
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "hidden" => "The article is hidden from the site.",
        "shown" => "The article is on the site again.",
        "saved" => "Saved.",
        "added" => "Added.",
        "polling" => "A poll has started; refresh this page in a few seconds to see its outcome.",
        "retired" => "The source is no longer followed; its articles stay on the site.",
        "deleted" => "The source and its articles are deleted.",
        "restored" => "The source is followed again and will be polled at once.",
        "removed" => "Removed.",
        "password" => {
            "Your password is changed. Every session of this account has ended; sign in again."
        }
        "signed-out" => "You are signed out.",
        "bad-position" => {
            "A navigation position is a whole number from 0 to 1000 (empty: not in the navigation)."
        }
        "no-topic" => "There is no such topic, or it is the same one.",
        "merged-topic" => "Merged: its articles, its address and its future tags go to this topic.",
        "featured" => {
            "Featured: it shows there until you stop featuring it (or it leaves the site)."
        }
        "city" => "The weather now follows this city.",
        "bad-city" => "That place could not be used; search for it again.",
        "moved" => "Moved. The story desk keeps this decision: the article stays where you put it.",
        "merged" => "The stories are one now, under this number.",
        "no-story" => "There is no such story (a story's number is in its address, /story/NUMBER).",
        _ => return None,
    })
}

#[derive(Serialize)]
struct UserView {
    name: String,
    role: &'static str,
}

/// Renders an admin page inside the admin's layout.
fn render(
    state: &AppState,
    session: Option<&SessionUser>,
    template: &str,
    active: &str,
    title: &str,
    notice: Option<&str>,
    page: impl Serialize,
) -> Answer {
    let ctx = minijinja::context! {
        site_name => state.site().name.clone(),
        css => state.inner.admin.css_path.clone(),
        user => Serde(session.map(|s| UserView { name: s.user.name.clone(), role: s.user.role.as_str() })),
        is_admin => session.is_some_and(|s| s.user.role == Role::Admin),
        csrf => session.map(|s| s.csrf.clone()),
        active => active,
        title => title,
        notice => notice.and_then(notice_text),
        ..Serde(page)
    };
    state
        .inner
        .admin
        .render(template, ctx)
        .map(|html| Html(html).into_response())
        .map_err(failed)
}

/// "Hot this week" and the topic lists are kept 30 s: a moderation shows in them at once.
async fn refresh_widgets(state: &AppState) {
    if let Err(e) = state.refresh_widgets().await {
        tracing::warn!(error = %e, "cannot refresh the hot list after a moderation");
    }
}

fn with_status(status: StatusCode, answer: Answer) -> Answer {
    answer.map(|mut r| {
        *r.status_mut() = status;
        r
    })
}

/// Refuses an editor a page that only administrators may use.
fn admin_only(state: &AppState, session: &SessionUser) -> Result<(), Response> {
    if session.user.role == Role::Admin {
        return Ok(());
    }
    let page = render(
        state,
        Some(session),
        "admin/message.html",
        "",
        "Administrators only",
        None,
        minijinja::context! {
            message => "This page is for administrators. Editors moderate articles; ask an administrator for the rest.",
        },
    );
    Err(with_status(StatusCode::FORBIDDEN, page).unwrap_or_else(|r| r))
}

fn audit_now(
    state: &AppState,
    session: &SessionUser,
    action: &'static str,
    target: String,
    detail: String,
) -> impl std::future::Future<Output = Result<(), Response>> + Send + 'static {
    let store = state.inner.store.clone();
    let actor = session.user.name.clone();
    async move {
        store
            .record_audit(&actor, action, &target, &detail, Utc::now())
            .await
            .map_err(store_failed)
    }
}

/// `next` after login: a path of the admin, never another site (`//host`, `/\host`).
fn safe_admin_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with("/admin")
                && !p.contains("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_string()
        }
        _ => "/admin".to_string(),
    }
}

fn secure_flag(state: &AppState) -> &'static str {
    if state.site().base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

/// After a change: back to the admin page the form came from (`return_to`, an admin path only),
/// else to `default`, with a notice.
fn back_to(return_to: Option<&str>, default: impl FnOnce() -> String, notice: &str) -> Response {
    let back = return_to
        .map(|p| safe_admin_path(Some(p)))
        .unwrap_or_else(default);
    let sep = if back.contains('?') { '&' } else { '?' };
    see_other(&format!("{back}{sep}notice={notice}"))
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn parse_id(id: &str) -> Result<i64, Response> {
    id.parse::<i64>()
        .map_err(|_| (StatusCode::NOT_FOUND, "There is nothing at this address.").into_response())
}

pub(super) async fn not_found(State(state): State<AppState>, session: Session) -> Answer {
    with_status(
        StatusCode::NOT_FOUND,
        render(
            &state,
            Some(&session),
            "admin/message.html",
            "",
            "Not found",
            None,
            minijinja::context! { message => "There is no admin page at this address." },
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

#[derive(Deserialize, Default)]
pub(super) struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

pub(super) async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Answer {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Ok(Some(_)) = state
            .store()
            .session(&auth::token_hash(token), Utc::now())
            .await
    {
        return Ok(see_other(&safe_admin_path(q.next.as_deref())));
    }
    login_page(
        &state,
        &headers,
        q.next.as_deref(),
        q.notice.as_deref(),
        None,
        StatusCode::OK,
    )
}

/// The login form, with a fresh form token in its cookie unless the browser has one.
fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    next: Option<&str>,
    notice: Option<&str>,
    error: Option<String>,
    status: StatusCode,
) -> Answer {
    let token = match cookie(headers, LOGIN_COOKIE).filter(|t| t.len() == 43) {
        Some(t) => t.to_string(),
        None => auth::random_token().map_err(failed)?,
    };
    let mut response = with_status(
        status,
        render(
            state,
            None,
            "admin/login.html",
            "",
            "Sign in",
            notice,
            minijinja::context! {
                login_csrf => token.clone(),
                next => safe_admin_path(next),
                error => error,
            },
        ),
    )?;
    let cookie = format!(
        "{LOGIN_COOKIE}={token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        secure_flag(state)
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

pub(super) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    peer: Peer,
    Form(form): Form<LoginForm>,
) -> Answer {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !auth::same_token(expected, &form.csrf) {
        return Err((
            StatusCode::FORBIDDEN,
            "The sign-in form's security token is missing or out of date. Reload the page and try again.",
        )
            .into_response());
    }
    let name = form.username.trim().to_string();
    let addr = super::client_addr(&headers, peer.map(|p| p.0.0));
    let limiter = &state.inner.admin.limiter;
    if let Some(wait) = limiter.blocked_for(&name, addr) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        tracing::warn!(%addr, "admin login refused: too many failures");
        return login_page(
            &state,
            &headers,
            form.next.as_deref(),
            None,
            Some(format!(
                "Too many failed sign-ins for this account or from this address. This account is locked here for {minutes} minute(s); try again later."
            )),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let credentials = state
        .store()
        .user_credentials(&name)
        .await
        .map_err(store_failed)?;
    let (user, hash) = match credentials {
        Some((user, hash)) => (Some(user), hash),
        None => (None, auth::decoy_hash().to_string()),
    };
    let password = form.password;
    // Argon2 takes tens of milliseconds of CPU on purpose: off the async workers.
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| matches) else {
        limiter.failed(&name, addr);
        tracing::warn!(%addr, "admin login failed");
        return login_page(
            &state,
            &headers,
            form.next.as_deref(),
            None,
            Some("Wrong name or password.".into()),
            StatusCode::UNAUTHORIZED,
        );
    };
    limiter.succeeded(&name, addr);
    let token = auth::random_token().map_err(failed)?;
    let csrf = auth::random_token().map_err(failed)?;
    let now = Utc::now();
    state
        .store()
        .create_session(
            user.id,
            &auth::token_hash(&token),
            &csrf,
            now,
            now + chrono::Duration::hours(SESSION_HOURS),
        )
        .await
        .map_err(store_failed)?;
    state
        .store()
        .record_audit(
            &user.name,
            "login",
            &format!("account {}", user.name),
            "",
            now,
        )
        .await
        .map_err(store_failed)?;
    let mut response = see_other(&safe_admin_path(form.next.as_deref()));
    let secure = secure_flag(&state);
    let session_cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/admin; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        SESSION_HOURS * 3600
    );
    let clear_login =
        format!("{LOGIN_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0{secure}");
    for c in [session_cookie, clear_login] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

fn clear_session_cookie(state: &AppState, response: &mut Response) {
    let c = format!(
        "{SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=0{}",
        secure_flag(state)
    );
    if let Ok(v) = HeaderValue::from_str(&c) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub(super) async fn logout(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Answer {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state
            .store()
            .end_session(&auth::token_hash(token))
            .await
            .map_err(store_failed)?;
    }
    audit_now(
        &state,
        &session,
        "logout",
        format!("account {}", session.user.name),
        String::new(),
    )
    .await?;
    let mut response = see_other("/admin/login?notice=signed-out");
    clear_session_cookie(&state, &mut response);
    Ok(response)
}

pub(super) async fn account(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    render(
        &state,
        Some(&session),
        "admin/account.html",
        "account",
        "Your account",
        q.notice.as_deref(),
        minijinja::context! { error => None::<String> },
    )
}

#[derive(Deserialize)]
pub(super) struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub(super) async fn change_password(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Answer {
    let again = |error: String| {
        with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(
                &state,
                Some(&session),
                "admin/account.html",
                "account",
                "Your account",
                None,
                minijinja::context! { error => error },
            ),
        )
    };
    let Some((_, hash)) = state
        .store()
        .user_credentials(&session.user.name)
        .await
        .map_err(store_failed)?
    else {
        return Ok(see_other("/admin/login"));
    };
    let current = form.current;
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&current, &hash))
        .await
        .unwrap_or(false);
    if !ok {
        return again("The current password is wrong.".into());
    }
    if form.password != form.confirm {
        return again("The new password and its confirmation differ.".into());
    }
    let password = form.password;
    let hashed = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(failed)?;
    let hashed = match hashed {
        Ok(h) => h,
        Err(e) => return again(format!("{e}.")),
    };
    state
        .store()
        .set_password(&session.user.name, &hashed, Utc::now())
        .await
        .map_err(store_failed)?;
    audit_now(
        &state,
        &session,
        "account.password",
        format!("account {}", session.user.name),
        String::new(),
    )
    .await?;
    let mut response = see_other("/admin/login?notice=password");
    clear_session_cookie(&state, &mut response);
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// Dashboard and audit log

#[derive(Deserialize, Default)]
pub(super) struct NoticeQuery {
    notice: Option<String>,
}

#[derive(Serialize)]
struct AuditView {
    at: String,
    at_iso: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
}

fn audit_views(state: &AppState, lines: &[gazette_store::AuditEntry]) -> Vec<AuditView> {
    let tz = state.site().time_zone;
    lines
        .iter()
        .map(|a| AuditView {
            at: a.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            at_iso: a.at.to_rfc3339(),
            actor: a.actor.clone(),
            action: a.action.clone(),
            target: a.target.clone(),
            detail: a.detail.clone(),
        })
        .collect()
}

pub(super) async fn dashboard(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    let store = state.store();
    let sources = store.list_sources().await.map_err(store_failed)?;
    let entries = store.count_entries().await.map_err(store_failed)?;
    let hidden = EntryFilter {
        hidden_only: true,
        ..Default::default()
    };
    let (hidden_list, hidden_more) = store
        .admin_entries(&hidden, Page::new(1, 100))
        .await
        .map_err(store_failed)?;
    let failing = sources
        .iter()
        .filter(|s| s.retired_at.is_none() && s.consecutive_failures > 0)
        .count();
    let audit = store.audit_log(10, None).await.map_err(store_failed)?;
    render(
        &state,
        Some(&session),
        "admin/dashboard.html",
        "dashboard",
        "Dashboard",
        q.notice.as_deref(),
        minijinja::context! {
            sources => sources.iter().filter(|s| s.retired_at.is_none()).count(),
            failing => failing,
            entries => entries,
            hidden => if hidden_more { format!("{}+", hidden_list.len()) } else { hidden_list.len().to_string() },
            audit => Serde(audit_views(&state, &audit)),
        },
    )
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    before: Option<i64>,
}

pub(super) async fn audit(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AuditQuery>,
) -> Answer {
    const PER_PAGE: u32 = 100;
    let lines = state
        .store()
        .audit_log(PER_PAGE, q.before)
        .await
        .map_err(store_failed)?;
    let older = (lines.len() == PER_PAGE as usize)
        .then(|| lines.last().map(|l| l.id))
        .flatten();
    render(
        &state,
        Some(&session),
        "admin/audit.html",
        "audit",
        "Audit log",
        None,
        minijinja::context! { lines => Serde(audit_views(&state, &lines)), older => older },
    )
}

// ---------------------------------------------------------------------------------------------
// Articles

#[derive(Deserialize, Default)]
pub(super) struct ArticlesQuery {
    q: Option<String>,
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
    hidden: Option<String>,
    page: Option<u32>,
    notice: Option<String>,
}

#[derive(Serialize)]
struct AdminArticleView {
    id: i64,
    title: String,
    feed_title: String,
    summary: Option<String>,
    feed_summary: Option<String>,
    edited: bool,
    hidden: bool,
    hidden_at: Option<String>,
    source_id: i64,
    source_name: String,
    published: String,
    published_iso: String,
    public_href: String,
    original: Option<String>,
    story_href: Option<String>,
    story_id: Option<i64>,
}

fn article_view(state: &AppState, e: &gazette_store::AdminEntry) -> AdminArticleView {
    let tz = state.site().time_zone;
    AdminArticleView {
        id: e.card.id.0,
        title: e.card.title.clone(),
        feed_title: e.feed_title.clone(),
        summary: e.card.summary.clone(),
        feed_summary: e.feed_summary.clone(),
        edited: e.edited_title.is_some() || e.edited_summary.is_some(),
        hidden: e.hidden_at.is_some(),
        hidden_at: e
            .hidden_at
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()),
        source_id: e.card.source_id.0,
        source_name: e.card.source_name.clone(),
        published: e
            .card
            .published
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        published_iso: e.card.published.to_rfc3339(),
        public_href: crate::views::article_path(e.card.id, &e.card.title),
        original: e
            .card
            .url
            .as_deref()
            .and_then(gazette_model::web_link)
            .map(str::to_owned),
        story_href: e.story_id.map(|s| format!("/story/{s}")),
        story_id: e.story_id.map(|s| s.0),
    }
}

/// A day typed in a date field (`YYYY-MM-DD`), as the start of that day in the site's zone.
fn day_start(state: &AppState, day: Option<&str>) -> Option<chrono::DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(day?.trim(), "%Y-%m-%d").ok()?;
    let tz = state.site().time_zone;
    tz.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

pub(super) async fn articles(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ArticlesQuery>,
) -> Answer {
    let source = q
        .source
        .as_deref()
        .and_then(|s| s.parse::<i64>().ok())
        .map(SourceId);
    let filter = EntryFilter {
        title: q.q.clone().filter(|t| !t.trim().is_empty()),
        source,
        since: day_start(&state, q.from.as_deref()),
        until: day_start(&state, q.to.as_deref()).map(|t| t + chrono::Duration::days(1)),
        hidden_only: q.hidden.as_deref() == Some("1"),
    };
    let page_number = q.page.unwrap_or(1).clamp(1, 10_000);
    let (entries, more) = state
        .store()
        .admin_entries(&filter, Page::new(page_number, 50))
        .await
        .map_err(store_failed)?;
    let sources = state.store().list_sources().await.map_err(store_failed)?;
    let sources: Vec<_> = sources
        .iter()
        .map(|s| minijinja::context! { id => s.id.0, name => s.name.clone(), selected => Some(s.id) == source })
        .collect();
    // The same filter for the other pages and for returning here after hiding or showing.
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", q.q.as_deref()),
        ("source", q.source.as_deref()),
        ("from", q.from.as_deref()),
        ("to", q.to.as_deref()),
        ("hidden", q.hidden.as_deref()),
    ] {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            query.append_pair(k, v);
        }
    }
    let query = query.finish();
    let here = format!("/admin/articles?{query}&page={page_number}");
    render(
        &state,
        Some(&session),
        "admin/articles.html",
        "articles",
        "Articles",
        q.notice.as_deref(),
        minijinja::context! {
            articles => Serde(entries.iter().map(|e| article_view(&state, e)).collect::<Vec<_>>()),
            sources => sources,
            q => q.q.unwrap_or_default(),
            from => q.from.unwrap_or_default(),
            to => q.to.unwrap_or_default(),
            hidden_only => filter.hidden_only,
            here => here,
            prev => (page_number > 1).then(|| format!("/admin/articles?{query}&page={}", page_number - 1)),
            next => more.then(|| format!("/admin/articles?{query}&page={}", page_number + 1)),
        },
    )
}

pub(super) async fn article(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    let id = EntryId(parse_id(&id)?);
    let Some(entry) = state.store().admin_entry(id).await.map_err(store_failed)? else {
        return not_found(State(state), session).await;
    };
    let view = article_view(&state, &entry);
    render(
        &state,
        Some(&session),
        "admin/article.html",
        "articles",
        &format!("Article {}", id.0),
        q.notice.as_deref(),
        minijinja::context! {
            a => Serde(view),
            edited_title => entry.edited_title.clone().unwrap_or_default(),
            edited_summary => entry.edited_summary.clone().unwrap_or_default(),
            error => None::<String>,
        },
    )
}

#[derive(Deserialize)]
pub(super) struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
}

const MAX_TITLE_CHARS: usize = 300;
const MAX_DEK_CHARS: usize = 1000;

pub(super) async fn edit_article(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Answer {
    let id = EntryId(parse_id(&id)?);
    let Some(entry) = state.store().admin_entry(id).await.map_err(store_failed)? else {
        return not_found(State(state), session).await;
    };
    let title = form.title.trim();
    let summary = form.summary.trim();
    if title.chars().count() > MAX_TITLE_CHARS || summary.chars().count() > MAX_DEK_CHARS {
        return with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(
                &state,
                Some(&session),
                "admin/article.html",
                "articles",
                &format!("Article {}", id.0),
                None,
                minijinja::context! {
                    a => Serde(article_view(&state, &entry)),
                    edited_title => title,
                    edited_summary => summary,
                    error => format!("A headline has at most {MAX_TITLE_CHARS} characters and a dek at most {MAX_DEK_CHARS}."),
                },
            ),
        );
    }
    // An empty field, or the feed's own words, means "the feed's".
    let title = (!title.is_empty() && title != entry.feed_title).then_some(title);
    let summary =
        (!summary.is_empty() && Some(summary) != entry.feed_summary.as_deref()).then_some(summary);
    state
        .store()
        .edit_entry(id, title, summary)
        .await
        .map_err(store_failed)?;
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "article.edit",
        format!("article {}", id.0),
        format!(
            "headline: {}; dek: {}",
            title.unwrap_or("(the feed's)"),
            summary.unwrap_or("(the feed's)")
        ),
    )
    .await?;
    Ok(see_other(&format!("/admin/articles/{}?notice=saved", id.0)))
}

#[derive(Deserialize)]
pub(super) struct ReturnForm {
    #[serde(default)]
    return_to: Option<String>,
}

async fn set_hidden(
    state: AppState,
    session: Session,
    id: String,
    form: ReturnForm,
    hidden: bool,
) -> Answer {
    let id = EntryId(parse_id(&id)?);
    let found = state
        .store()
        .set_entry_hidden(id, hidden, Utc::now())
        .await
        .map_err(store_failed)?;
    if !found {
        return not_found(State(state), session).await;
    }
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        if hidden {
            "article.hide"
        } else {
            "article.show"
        },
        format!("article {}", id.0),
        String::new(),
    )
    .await?;
    let notice = if hidden { "hidden" } else { "shown" };
    Ok(back_to(
        form.return_to.as_deref(),
        || format!("/admin/articles/{}", id.0),
        notice,
    ))
}

pub(super) async fn hide_article(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<ReturnForm>,
) -> Answer {
    set_hidden(state, session, id, form, true).await
}

pub(super) async fn show_article(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<ReturnForm>,
) -> Answer {
    set_hidden(state, session, id, form, false).await
}

// ---------------------------------------------------------------------------------------------
// Sources (administrators)

#[derive(Serialize)]
struct SourceView {
    id: i64,
    name: String,
    url: String,
    site: Option<String>,
    topic: Option<String>,
    extract: &'static str,
    entries: i64,
    last_success: Option<String>,
    last_error: Option<String>,
    failures: i64,
    next_poll: String,
    retired: Option<String>,
    health: &'static str,
}

fn source_view(state: &AppState, s: &gazette_model::Source) -> SourceView {
    let tz = state.site().time_zone;
    let fmt = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    SourceView {
        id: s.id.0,
        name: s.name.clone(),
        url: s.display_url().into_owned(),
        site: s.site_link().map(str::to_owned),
        topic: s.topic.clone(),
        extract: s.extract_mode.as_str(),
        entries: s.entries,
        last_success: s.last_success.map(fmt),
        last_error: s.last_error.clone(),
        failures: s.consecutive_failures,
        next_poll: fmt(s.next_poll),
        retired: s.retired_at.map(fmt),
        health: if s.retired_at.is_some() {
            "retired"
        } else if s.consecutive_failures > 0 {
            "failing"
        } else if s.last_success.is_none() {
            "new"
        } else {
            "ok"
        },
    }
}

#[derive(Deserialize, Default)]
pub(super) struct SourcesQuery {
    notice: Option<String>,
    imported: Option<usize>,
    skipped: Option<usize>,
}

async fn sources_page(
    state: &AppState,
    session: &SessionUser,
    notice: Option<&str>,
    message: Option<String>,
    error: Option<String>,
    form: Option<&AddSourceForm>,
) -> Answer {
    let sources = state.store().list_sources().await.map_err(store_failed)?;
    render(
        state,
        Some(session),
        "admin/sources.html",
        "sources",
        "Sources",
        notice,
        minijinja::context! {
            sources => Serde(sources.iter().map(|s| source_view(state, s)).collect::<Vec<_>>()),
            message => message,
            error => error,
            form_url => form.map(|f| f.url.clone()).unwrap_or_default(),
            form_name => form.map(|f| f.name.clone()).unwrap_or_default(),
            form_topic => form.map(|f| f.topic.clone()).unwrap_or_default(),
        },
    )
}

pub(super) async fn sources(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SourcesQuery>,
) -> Answer {
    admin_only(&state, &session)?;
    let message = q.imported.map(|n| {
        format!(
            "Imported {n} source(s); {} skipped (already followed or refused). They are polled at the next round.",
            q.skipped.unwrap_or(0)
        )
    });
    sources_page(&state, &session, q.notice.as_deref(), message, None, None).await
}

#[derive(Deserialize)]
pub(super) struct AddSourceForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    extract: String,
}

fn pipeline(state: &AppState) -> Result<&gazette_pipeline::Pipeline, Response> {
    state.inner.pipeline.get().ok_or_else(|| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "This server was started without a fetcher; sources cannot be added or polled here.",
        )
            .into_response()
    })
}

pub(super) async fn add_source(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<AddSourceForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let url = form.url.trim();
    let mode = ExtractMode::parse(form.extract.trim()).unwrap_or_default();
    let again = |error: String| async {
        with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            sources_page(&state, &session, None, None, Some(error), Some(&form)).await,
        )
    };
    if gazette_model::web_link(url).is_none() {
        return again(
            "Give the address of a feed or of a site, starting with http:// or https://.".into(),
        )
        .await;
    }
    let pipeline = pipeline(&state)?;
    let name = Some(form.name.trim().to_string()).filter(|n| !n.is_empty());
    let followed = match gazette_pipeline::follow(
        pipeline.fetcher(),
        state.store(),
        url,
        name,
        mode,
        Some(form.topic.trim()),
    )
    .await
    {
        Ok(f) => f,
        Err(gazette_pipeline::FollowError::Store(StoreError::DuplicateSource(u))) => {
            return again(format!(
                "{} is followed already.",
                gazette_model::redact_password(&u)
            ))
            .await;
        }
        Err(gazette_pipeline::FollowError::Store(e)) => return Err(store_failed(e)),
        Err(gazette_pipeline::FollowError::Subscribe(e)) => {
            return again(format!("This address cannot be followed: {e}")).await;
        }
    };
    let source = followed.source;
    audit_now(
        &state,
        &session,
        "source.add",
        format!("source {} ({})", source.id.0, source.name),
        source.display_url().into_owned(),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/sources/{}?notice=added",
        source.id.0
    )))
}

pub(super) async fn source(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    admin_only(&state, &session)?;
    let id = SourceId(parse_id(&id)?);
    let Some(source) = state.store().get_source(id).await.map_err(store_failed)? else {
        return not_found(State(state), session).await;
    };
    let tz = state.site().time_zone;
    let push = state
        .store()
        .subscription(id)
        .await
        .map_err(store_failed)?
        .map(|sub| sub.describe(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()));
    render(
        &state,
        Some(&session),
        "admin/source.html",
        "sources",
        &source.name,
        q.notice.as_deref(),
        minijinja::context! { s => Serde(source_view(&state, &source)), push => push },
    )
}

#[derive(Deserialize)]
pub(super) struct EditSourceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    extract: String,
}

pub(super) async fn edit_source(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<EditSourceForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let id = SourceId(parse_id(&id)?);
    let name = form.name.trim();
    let topic = form.topic.trim();
    let changes = SourceChanges {
        name: (!name.is_empty()).then(|| name.chars().take(200).collect()),
        topic: Some((!topic.is_empty()).then(|| topic.chars().take(100).collect())),
        extract_mode: ExtractMode::parse(form.extract.trim()),
    };
    if !state
        .store()
        .update_source(id, &changes)
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    audit_now(
        &state,
        &session,
        "source.edit",
        format!("source {}", id.0),
        format!(
            "name: {name}; topic: {topic}; extraction: {}",
            form.extract.trim()
        ),
    )
    .await?;
    Ok(see_other(&format!("/admin/sources/{}?notice=saved", id.0)))
}

pub(super) async fn poll_source(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Answer {
    admin_only(&state, &session)?;
    let id = SourceId(parse_id(&id)?);
    let Some(source) = state.store().get_source(id).await.map_err(store_failed)? else {
        return not_found(State(state), session).await;
    };
    let pipeline = pipeline(&state)?.clone();
    // A poll with article pages can take a minute: it runs on, and the page shows its outcome
    // when reloaded.
    tokio::spawn(async move {
        if let Err(e) = pipeline.poll_source(&source).await {
            tracing::warn!(source = source.id.0, error = %e, "poll started from the admin failed");
        }
    });
    audit_now(
        &state,
        &session,
        "source.poll",
        format!("source {}", id.0),
        String::new(),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/sources/{}?notice=polling",
        id.0
    )))
}

#[derive(Deserialize)]
pub(super) struct RemoveSourceForm {
    /// Checked: the source's articles are deleted too.
    delete_articles: Option<String>,
}

pub(super) async fn remove_source(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<RemoveSourceForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let id = SourceId(parse_id(&id)?);
    let delete = form.delete_articles.is_some();
    let found = if delete {
        state.store().remove_source(id).await
    } else {
        state.store().retire_source(id, true, Utc::now()).await
    }
    .map_err(store_failed)?;
    if !found {
        return not_found(State(state), session).await;
    }
    audit_now(
        &state,
        &session,
        if delete {
            "source.delete"
        } else {
            "source.retire"
        },
        format!("source {}", id.0),
        String::new(),
    )
    .await?;
    Ok(if delete {
        see_other("/admin/sources?notice=deleted")
    } else {
        see_other(&format!("/admin/sources/{}?notice=retired", id.0))
    })
}

pub(super) async fn restore_source(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Answer {
    admin_only(&state, &session)?;
    let id = SourceId(parse_id(&id)?);
    if !state
        .store()
        .retire_source(id, false, Utc::now())
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    audit_now(
        &state,
        &session,
        "source.restore",
        format!("source {}", id.0),
        String::new(),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/sources/{}?notice=restored",
        id.0
    )))
}

pub(super) async fn export_opml(State(state): State<AppState>, session: Session) -> Answer {
    admin_only(&state, &session)?;
    let sources = state.store().list_sources().await.map_err(store_failed)?;
    let subs: Vec<_> = sources
        .iter()
        .filter(|s| s.retired_at.is_none())
        .map(|s| gazette_feed::opml::Subscription {
            // Passwords inside feed URLs stay on the server.
            xml_url: s.display_url().into_owned(),
            title: Some(s.name.clone()),
            html_url: s.site_link().map(str::to_owned),
            folder: s.topic.iter().cloned().collect(),
        })
        .collect();
    let body = gazette_feed::opml::export(&format!("{} sources", state.site().name), &subs);
    Ok((
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"gazette-sources.opml\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct ImportForm {
    #[serde(default)]
    opml: String,
}

pub(super) async fn import_opml(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<ImportForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let pipeline = pipeline(&state)?;
    let report = match gazette_pipeline::import_opml(
        pipeline.fetcher(),
        state.store(),
        form.opml.as_bytes(),
    )
    .await
    {
        Ok(r) => r,
        Err(gazette_pipeline::ImportError::Store(e)) => return Err(store_failed(e)),
        Err(e) => {
            return with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                sources_page(&state, &session, None, None, Some(e.to_string()), None).await,
            );
        }
    };
    let skipped = report.duplicates + report.refused.len();
    audit_now(
        &state,
        &session,
        "source.import",
        "OPML".into(),
        format!("{} added, {skipped} skipped", report.added),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/sources?imported={}&skipped={skipped}",
        report.added
    )))
}

// ---------------------------------------------------------------------------------------------
// Settings (administrators)

#[derive(Serialize)]
struct SettingView {
    key: &'static str,
    label: &'static str,
    value: String,
    configured: String,
    stored: bool,
    stored_by: Option<String>,
    multiline: bool,
}

fn configured_value(state: &AppState, key: SettingKey) -> String {
    let site = state.configured_site();
    match key {
        SettingKey::Name => site.name.clone(),
        SettingKey::Tagline => site.tagline.clone().unwrap_or_default(),
        SettingKey::BaseUrl => site.base_url.clone(),
        SettingKey::TimeZone => site.time_zone.name().to_string(),
        SettingKey::AdsEvery => site.ads.every_paragraphs.to_string(),
        SettingKey::AdsLabel => site.ads.label.clone(),
        SettingKey::AdsHtml => site.ads.html.clone().unwrap_or_default(),
        SettingKey::WeatherCity | SettingKey::WeatherLatitude | SettingKey::WeatherLongitude => {
            match state.inner.weather.configured() {
                Some(w) => match key {
                    SettingKey::WeatherCity => w.city,
                    SettingKey::WeatherLatitude => w.latitude.to_string(),
                    _ => w.longitude.to_string(),
                },
                None => String::new(),
            }
        }
    }
}

fn settings_views(
    state: &AppState,
    typed: Option<&std::collections::HashMap<String, String>>,
) -> Vec<SettingView> {
    let stored = state.stored_settings();
    let tz = state.site().time_zone;
    SettingKey::ALL
        .into_iter()
        .map(|k| {
            let s = stored.get(k);
            SettingView {
                key: k.key(),
                label: k.label(),
                value: typed
                    .and_then(|t| t.get(k.key()).cloned())
                    .or_else(|| s.map(|s| s.value.clone()))
                    .unwrap_or_default(),
                configured: configured_value(state, k),
                stored: s.is_some(),
                stored_by: s.map(|s| {
                    format!(
                        "{} on {}",
                        s.updated_by,
                        s.updated_at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
                    )
                }),
                multiline: k == SettingKey::AdsHtml,
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct SettingsQuery {
    notice: Option<String>,
    /// A city's name to look up.
    city: Option<String>,
}

pub(super) async fn settings(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SettingsQuery>,
) -> Answer {
    admin_only(&state, &session)?;
    state.reload_settings().await.map_err(store_failed)?;
    let (places, city_error) = match q.city.as_deref().filter(|c| !c.trim().is_empty()) {
        None => (Vec::new(), None),
        Some(name) => match find_places(&state, name).await {
            Ok(p) if p.is_empty() => (p, Some(format!("No place named {name} was found."))),
            Ok(p) => (p, None),
            Err(e) => (Vec::new(), Some(e)),
        },
    };
    let site_tz = state.site().time_zone.name().to_string();
    render(
        &state,
        Some(&session),
        "admin/settings.html",
        "settings",
        "Site settings",
        q.notice.as_deref(),
        minijinja::context! {
            settings => Serde(settings_views(&state, None)),
            errors => Vec::<String>::new(),
            city_query => q.city.clone().unwrap_or_default(),
            places => Serde(places),
            city_error => city_error,
            site_tz => site_tz,
        },
    )
}

/// Places of this name, from the geocoding service the configuration names.
async fn find_places(state: &AppState, name: &str) -> Result<Vec<crate::weather::Place>, String> {
    let pipeline = state
        .inner
        .pipeline
        .get()
        .ok_or("This server was started without a fetcher; the city cannot be looked up.")?;
    let base = state
        .inner
        .weather
        .configured()
        .map(|w| w.geocoding_base)
        .filter(|b| !b.is_empty())
        .ok_or("No geocoding service is configured (weather.geocoding_base).")?;
    crate::weather::geocode(pipeline.fetcher(), &base, name).await
}

#[derive(Deserialize)]
pub(super) struct CityForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    time_zone: String,
    /// "1": the site takes the city's time zone too.
    use_time_zone: Option<String>,
}

pub(super) async fn choose_city(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CityForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let checked = [
        (SettingKey::WeatherCity, form.name.as_str()),
        (SettingKey::WeatherLatitude, form.latitude.as_str()),
        (SettingKey::WeatherLongitude, form.longitude.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| k.check(v).map(|v| (k.key().to_string(), Some(v))))
    .collect::<Result<Vec<_>, String>>();
    let mut values = match checked {
        Ok(v) if !form.name.trim().is_empty() => v,
        _ => return Ok(see_other("/admin/settings?notice=bad-city")),
    };
    if form.use_time_zone.as_deref() == Some("1") {
        match SettingKey::TimeZone.check(&form.time_zone) {
            Ok(tz) => values.push((SettingKey::TimeZone.key().to_string(), Some(tz))),
            Err(_) => return Ok(see_other("/admin/settings?notice=bad-city")),
        }
    }
    state
        .store()
        .save_settings(&values, &session.user.name, Utc::now())
        .await
        .map_err(store_failed)?;
    state.reload_settings().await.map_err(store_failed)?;
    audit_now(
        &state,
        &session,
        "settings.city",
        "site settings".into(),
        format!(
            "weather for {} ({}, {}){}",
            form.name.trim(),
            form.latitude.trim(),
            form.longitude.trim(),
            if form.use_time_zone.as_deref() == Some("1") {
                format!("; time zone {}", form.time_zone.trim())
            } else {
                String::new()
            }
        ),
    )
    .await?;
    Ok(see_other("/admin/settings?notice=city"))
}

pub(super) async fn save_settings(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Answer {
    admin_only(&state, &session)?;
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for key in SettingKey::ALL {
        let typed = form.get(key.key()).map(|v| v.trim()).unwrap_or("");
        if typed.is_empty() {
            values.push((key.key().to_string(), None));
            continue;
        }
        match key.check(typed) {
            Ok(v) => values.push((key.key().to_string(), Some(v))),
            Err(e) => errors.push(e),
        }
    }
    let weather_parts = [
        SettingKey::WeatherCity,
        SettingKey::WeatherLatitude,
        SettingKey::WeatherLongitude,
    ]
    .iter()
    .filter(|k| values.iter().any(|(key, v)| key == k.key() && v.is_some()))
    .count();
    if weather_parts != 0 && weather_parts != 3 {
        errors.push("The weather needs a city with its latitude and longitude (or none of the three, for the configuration's).".into());
    }
    if !errors.is_empty() {
        return with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(
                &state,
                Some(&session),
                "admin/settings.html",
                "settings",
                "Site settings",
                None,
                minijinja::context! { settings => Serde(settings_views(&state, Some(&form))), errors => errors },
            ),
        );
    }
    let before = state.stored_settings();
    state
        .store()
        .save_settings(&values, &session.user.name, Utc::now())
        .await
        .map_err(store_failed)?;
    state.reload_settings().await.map_err(store_failed)?;
    let after = state.stored_settings();
    let changed: Vec<&str> = SettingKey::ALL
        .into_iter()
        .filter(|k| before.get(*k).map(|s| &s.value) != after.get(*k).map(|s| &s.value))
        .map(SettingKey::key)
        .collect();
    audit_now(
        &state,
        &session,
        "settings.save",
        "site settings".into(),
        changed.join(", "),
    )
    .await?;
    Ok(see_other("/admin/settings?notice=saved"))
}

// ---------------------------------------------------------------------------------------------
// Accounts (administrators)

#[derive(Serialize)]
struct AccountView {
    name: String,
    role: &'static str,
    created: String,
    is_self: bool,
}

async fn users_page(
    state: &AppState,
    session: &SessionUser,
    notice: Option<&str>,
    error: Option<String>,
) -> Answer {
    let users = state.store().users().await.map_err(store_failed)?;
    let tz = state.site().time_zone;
    let users: Vec<_> = users
        .iter()
        .map(|u| AccountView {
            name: u.name.clone(),
            role: u.role.as_str(),
            created: u
                .created_at
                .with_timezone(&tz)
                .format("%Y-%m-%d")
                .to_string(),
            is_self: u.id == session.user.id,
        })
        .collect();
    render(
        state,
        Some(session),
        "admin/users.html",
        "users",
        "Accounts",
        notice,
        minijinja::context! { users => Serde(users), error => error },
    )
}

pub(super) async fn users(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    admin_only(&state, &session)?;
    users_page(&state, &session, q.notice.as_deref(), None).await
}

/// Whether an account name is acceptable: 1 to 64 letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_user_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

#[derive(Deserialize)]
pub(super) struct AddUserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn add_user(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<AddUserForm>,
) -> Answer {
    admin_only(&state, &session)?;
    let name = form.name.trim().to_string();
    let again = |error: String| async {
        with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(&state, &session, None, Some(error)).await,
        )
    };
    if !valid_user_name(&name) {
        return again("A name has 1 to 64 letters, digits, dots, dashes, underscores or @.".into())
            .await;
    }
    let Some(role) = Role::parse(form.role.trim()) else {
        return again("Choose the role: admin or editor.".into()).await;
    };
    let password = form.password;
    let hashed = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(failed)?;
    let hashed = match hashed {
        Ok(h) => h,
        Err(e) => return again(format!("{e}.")).await,
    };
    match state
        .store()
        .add_user(&name, role, &hashed, Utc::now())
        .await
    {
        Ok(_) => {}
        Err(StoreError::DuplicateUser(_)) => {
            return again(format!("An account named {name} exists already.")).await;
        }
        Err(e) => return Err(store_failed(e)),
    }
    audit_now(
        &state,
        &session,
        "account.add",
        format!("account {name}"),
        format!("role {}", role.as_str()),
    )
    .await?;
    Ok(see_other("/admin/users?notice=added"))
}

pub(super) async fn remove_user(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
) -> Answer {
    admin_only(&state, &session)?;
    if name == session.user.name {
        return with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(
                &state,
                &session,
                None,
                Some("You cannot remove your own account while signed in with it.".into()),
            )
            .await,
        );
    }
    if !state
        .store()
        .remove_user(&name)
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    audit_now(
        &state,
        &session,
        "account.remove",
        format!("account {name}"),
        String::new(),
    )
    .await?;
    Ok(see_other("/admin/users?notice=removed"))
}

// ---------------------------------------------------------------------------------------------
// Stories (editors)

#[derive(Serialize)]
struct StoryArticleView {
    id: i64,
    title: String,
    source_name: String,
    published: String,
    published_iso: String,
    lead: bool,
}

pub(super) async fn story(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Answer {
    let id = parse_id(&id)?;
    const SHOWN: u32 = 200;
    let Some(story) = state
        .store()
        .story(StoryId(id), SHOWN)
        .await
        .map_err(store_failed)?
    else {
        return not_found(State(state), session).await;
    };
    let tz = state.site().time_zone;
    let lead_id = story_lead(&state, id).await?;
    let mut articles: Vec<StoryArticleView> = story
        .articles
        .iter()
        .map(|c| StoryArticleView {
            id: c.id.0,
            title: c.title.clone(),
            source_name: c.source_name.clone(),
            published: c
                .published
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            published_iso: c.published.to_rfc3339(),
            lead: Some(c.id.0) == lead_id,
        })
        .collect();
    articles.reverse();
    let featured: Vec<String> = state
        .store()
        .featured()
        .await
        .map_err(store_failed)?
        .into_iter()
        .filter(|(_, s)| s.story_id.0 == id)
        .map(|(slot, _)| slot)
        .collect();
    render(
        &state,
        Some(&session),
        "admin/story.html",
        "articles",
        &format!("Story {id}"),
        q.notice.as_deref(),
        minijinja::context! {
            id => id,
            articles => Serde(articles),
            total => story.article_count,
            sources => story.sources,
            featured => featured,
            error => None::<String>,
        },
    )
}

/// The lead entry of a story as the front page shows it.
async fn story_lead(state: &AppState, story: i64) -> Result<Option<i64>, Response> {
    Ok(state
        .store()
        .story_lead(StoryId(story))
        .await
        .map_err(store_failed)?
        .map(|e| e.0))
}

#[derive(Deserialize)]
pub(super) struct LeadForm {
    #[serde(default)]
    entry: String,
}

pub(super) async fn story_set_lead(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<LeadForm>,
) -> Answer {
    let id = parse_id(&id)?;
    let entry = EntryId(parse_id(form.entry.trim())?);
    if !state
        .store()
        .set_story_lead(StoryId(id), entry)
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "story.lead",
        format!("story {id}"),
        format!("article {}", entry.0),
    )
    .await?;
    Ok(see_other(&format!("/admin/stories/{id}?notice=saved")))
}

#[derive(Deserialize)]
pub(super) struct MergeForm {
    #[serde(default)]
    into: String,
}

pub(super) async fn story_merge(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<MergeForm>,
) -> Answer {
    let id = parse_id(&id)?;
    let Ok(into) = form.into.trim().trim_start_matches('#').parse::<i64>() else {
        return Ok(see_other(&format!("/admin/stories/{id}?notice=no-story")));
    };
    if !state
        .store()
        .merge_stories(StoryId(id), StoryId(into), Utc::now())
        .await
        .map_err(store_failed)?
    {
        return Ok(see_other(&format!("/admin/stories/{id}?notice=no-story")));
    }
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "story.merge",
        format!("story {id}"),
        format!("into story {into}"),
    )
    .await?;
    Ok(see_other(&format!("/admin/stories/{into}?notice=merged")))
}

#[derive(Deserialize)]
pub(super) struct MoveForm {
    /// A story's number; empty for a story of its own.
    #[serde(default)]
    to: String,
    #[serde(default)]
    return_to: Option<String>,
}

pub(super) async fn move_article(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Answer {
    let id = EntryId(parse_id(&id)?);
    let to = form.to.trim().trim_start_matches('#');
    let target = if to.is_empty() {
        None
    } else {
        match to.parse::<i64>() {
            Ok(t) => Some(t),
            Err(_) => {
                return Ok(see_other(&format!(
                    "/admin/articles/{}?notice=no-story",
                    id.0
                )));
            }
        }
    };
    let Some(story) = state
        .store()
        .move_to_story(id, target.map(StoryId), Utc::now())
        .await
        .map_err(store_failed)?
    else {
        return Ok(see_other(&format!(
            "/admin/articles/{}?notice=no-story",
            id.0
        )));
    };
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "story.move",
        format!("article {}", id.0),
        format!("into story {story}"),
    )
    .await?;
    Ok(back_to(
        form.return_to.as_deref(),
        || format!("/admin/stories/{story}"),
        "moved",
    ))
}

// ---------------------------------------------------------------------------------------------
// Topics (editors)

#[derive(Serialize)]
struct TopicRow {
    slug: String,
    name: String,
    kind: String,
    hidden: bool,
    merged_into: Option<String>,
    nav_position: Option<i64>,
    articles: i64,
}

#[derive(Deserialize, Default)]
pub(super) struct TopicsQuery {
    q: Option<String>,
    page: Option<u32>,
    notice: Option<String>,
}

pub(super) async fn topics(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<TopicsQuery>,
) -> Answer {
    let number = q.page.unwrap_or(1).clamp(1, 10_000);
    let (topics, more) = state
        .store()
        .admin_topics(q.q.as_deref(), Page::new(number, 50))
        .await
        .map_err(store_failed)?;
    let rows: Vec<TopicRow> = topics
        .into_iter()
        .map(|t| TopicRow {
            slug: t.slug,
            name: t.name,
            kind: t.kind,
            hidden: t.hidden,
            merged_into: t.merged_into,
            nav_position: t.nav_position,
            articles: t.articles,
        })
        .collect();
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", q.q.as_deref().unwrap_or(""))
        .finish();
    render(
        &state,
        Some(&session),
        "admin/topics.html",
        "topics",
        "Topics",
        q.notice.as_deref(),
        minijinja::context! {
            topics => Serde(rows),
            q => q.q.clone().unwrap_or_default(),
            here => format!("/admin/topics?{query}&page={number}"),
            prev => (number > 1).then(|| format!("/admin/topics?{query}&page={}", number - 1)),
            next => more.then(|| format!("/admin/topics?{query}&page={}", number + 1)),
        },
    )
}

#[derive(Deserialize)]
pub(super) struct TopicForm {
    #[serde(default)]
    name: String,
    /// "1" hides, "0" shows; absent leaves it.
    hidden: Option<String>,
    /// A position in the navigation; empty takes it out.
    nav_position: Option<String>,
    #[serde(default)]
    return_to: Option<String>,
}

pub(super) async fn update_topic(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<TopicForm>,
) -> Answer {
    let name = form.name.trim();
    let nav_position = match form.nav_position.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(n) => match n.parse::<i64>() {
            Ok(n) if (0..=1000).contains(&n) => Some(Some(n)),
            _ => return Ok(see_other("/admin/topics?notice=bad-position")),
        },
    };
    let changes = gazette_store::TopicChanges {
        name: (!name.is_empty()).then(|| name.chars().take(100).collect()),
        hidden: form.hidden.as_deref().map(|h| h == "1"),
        nav_position,
    };
    if !state
        .store()
        .update_topic(&slug, &changes, Utc::now())
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "topic.edit",
        format!("topic {slug}"),
        format!(
            "{}{}{}",
            changes
                .name
                .as_deref()
                .map(|n| format!("name: {n}; "))
                .unwrap_or_default(),
            match changes.hidden {
                Some(true) => "hidden; ",
                Some(false) => "shown; ",
                None => "",
            },
            match changes.nav_position {
                Some(Some(n)) => format!("navigation position {n}"),
                Some(None) => "not in the navigation".into(),
                None => String::new(),
            }
        ),
    )
    .await?;
    Ok(back_to(
        form.return_to.as_deref(),
        || "/admin/topics".into(),
        "saved",
    ))
}

#[derive(Deserialize)]
pub(super) struct TopicMergeForm {
    #[serde(default)]
    into: String,
}

pub(super) async fn merge_topic(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<TopicMergeForm>,
) -> Answer {
    // The other topic by its name or slug, as typed.
    let into = gazette_story::normalize_topic(form.into.trim())
        .map(|t| t.slug)
        .unwrap_or_default();
    if !state
        .store()
        .merge_topics(&slug, &into)
        .await
        .map_err(store_failed)?
    {
        return Ok(see_other("/admin/topics?notice=no-topic"));
    }
    refresh_widgets(&state).await;
    audit_now(
        &state,
        &session,
        "topic.merge",
        format!("topic {slug}"),
        format!("into topic {into}"),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/topics?q={into}&notice=merged-topic"
    )))
}

#[derive(Deserialize)]
pub(super) struct FeatureForm {
    /// `lead`, or a topic's name or slug.
    #[serde(default)]
    slot: String,
}

/// A slot as typed: `lead`, else the topic's slug.
fn slot_of(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed == "lead" {
        return Some("lead".into());
    }
    gazette_story::normalize_topic(typed).map(|t| t.slug)
}

pub(super) async fn feature_story(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<FeatureForm>,
) -> Answer {
    let id = parse_id(&id)?;
    let Some(slot) = slot_of(&form.slot) else {
        return Ok(see_other(&format!("/admin/stories/{id}?notice=no-topic")));
    };
    if slot != "lead"
        && state
            .store()
            .topic(&slot)
            .await
            .map_err(store_failed)?
            .is_none()
    {
        return Ok(see_other(&format!("/admin/stories/{id}?notice=no-topic")));
    }
    if !state
        .store()
        .feature_story(StoryId(id), &slot, &session.user.name, Utc::now())
        .await
        .map_err(store_failed)?
    {
        return not_found(State(state), session).await;
    }
    audit_now(
        &state,
        &session,
        "story.feature",
        format!("story {id}"),
        format!("slot {slot}"),
    )
    .await?;
    Ok(see_other(&format!("/admin/stories/{id}?notice=featured")))
}

pub(super) async fn unfeature_story(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<FeatureForm>,
) -> Answer {
    let id = parse_id(&id)?;
    let slot = form.slot.trim().to_string();
    state
        .store()
        .unfeature_story(StoryId(id), &slot)
        .await
        .map_err(store_failed)?;
    audit_now(
        &state,
        &session,
        "story.unfeature",
        format!("story {id}"),
        format!("slot {slot}"),
    )
    .await?;
    Ok(see_other(&format!("/admin/stories/{id}?notice=saved")))
}
