//! The read-only JSON API (`/api/v1/...`): the same content as the pages, for apps and widgets.
//! Responses are DTOs defined here, never domain types, so storage can change without breaking
//! API clients. Bodies are sanitized HTML as shown on the site.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::SecondsFormat;
use gazette_model::{EntryCard, EntryId};
use gazette_store::Page;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{AppError, AppResult, ErrorPage};
use crate::views::article_path;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    q: Option<String>,
}

#[derive(Serialize)]
pub struct ArticleDto {
    id: i64,
    url: String,
    original_url: Option<String>,
    title: String,
    summary: Option<String>,
    author: Option<String>,
    source: SourceRef,
    published: String,
    image: Option<String>,
}

#[derive(Serialize)]
pub struct SourceRef {
    id: i64,
    name: String,
}

#[derive(Serialize)]
pub struct StoryDto {
    id: i64,
    sources: i64,
    articles: i64,
    lead: ArticleDto,
}

#[derive(Serialize)]
pub struct ListDto<T> {
    page: u32,
    has_more: bool,
    items: Vec<T>,
}

#[derive(Serialize)]
pub struct ArticleFullDto {
    #[serde(flatten)]
    article: ArticleDto,
    html: Option<String>,
    text: Option<String>,
    topics: Vec<TopicDto>,
    story: Option<i64>,
}

#[derive(Serialize)]
pub struct TopicDto {
    slug: String,
    name: String,
    entries: Option<i64>,
}

fn article(state: &AppState, c: &EntryCard) -> ArticleDto {
    ArticleDto {
        id: c.id.0,
        url: format!("{}{}", state.site().base_url, article_path(c.id, &c.title)),
        original_url: c.url.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        author: c.author.clone(),
        source: SourceRef {
            id: c.source_id.0,
            name: c.source_name.clone(),
        },
        published: c.published.to_rfc3339_opts(SecondsFormat::Secs, true),
        image: c.image_url.clone(),
    }
}

fn page_of(q: &ListQuery) -> u32 {
    q.page.unwrap_or(1).clamp(1, 10_000)
}

/// `GET /api/v1/stories`: one item per story, most recently updated first.
pub async fn stories(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<ListDto<StoryDto>>> {
    let number = page_of(&q);
    let (cards, has_more) = state
        .store()
        .latest_stories(Page::new(number, state.site().page_size))
        .await?;
    let items = cards
        .iter()
        .map(|s| StoryDto {
            id: s.story_id,
            sources: s.sources,
            articles: s.entries,
            lead: article(&state, &s.card),
        })
        .collect();
    Ok(Json(ListDto {
        page: number,
        has_more,
        items,
    }))
}

/// `GET /api/v1/articles` (latest) and `GET /api/v1/search?q=`.
pub async fn articles(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<ListDto<ArticleDto>>> {
    let number = page_of(&q);
    let page = Page::new(number, state.site().page_size);
    let listing = match q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            state
                .store()
                .search(&text.chars().take(200).collect::<String>(), page)
                .await?
        }
        None => state.store().latest(page).await?,
    };
    let items = listing.cards.iter().map(|c| article(&state, c)).collect();
    Ok(Json(ListDto {
        page: number,
        has_more: listing.has_more,
        items,
    }))
}

/// `GET /api/v1/articles/{id}`: one article with its sanitized body.
pub async fn article_by_id(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<ArticleFullDto>> {
    let id = id
        .parse::<i64>()
        .map(EntryId)
        .map_err(|_| AppError::NotFound)?;
    let e = state
        .store()
        .get_entry(id)
        .await?
        .filter(|e| !e.hidden)
        .ok_or(AppError::NotFound)?;
    let story = state.store().story_of(e.id, 1).await?.map(|s| s.id);
    let card = EntryCard {
        id: e.id,
        source_id: e.source_id,
        source_name: e.source_name.clone(),
        url: e.url.clone(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        author: e.author.clone(),
        published: e.published,
        image_url: e.image_url.clone(),
    };
    Ok(Json(ArticleFullDto {
        article: article(&state, &card),
        html: e.content_html,
        text: e.content_text,
        topics: e
            .topics
            .into_iter()
            .map(|t| TopicDto {
                slug: t.slug,
                name: t.name,
                entries: None,
            })
            .collect(),
        story,
    }))
}

/// `GET /api/v1/topics`: topics of the last 30 days with their article counts.
pub async fn topics(State(state): State<AppState>) -> AppResult<Json<Vec<TopicDto>>> {
    let since = chrono::Utc::now() - chrono::Duration::days(30);
    let topics = state
        .topics_since(since, 500, gazette_store::TopicFilter::All)
        .await?;
    Ok(Json(
        topics
            .into_iter()
            .map(|t| TopicDto {
                slug: t.topic.slug,
                name: t.topic.name,
                entries: Some(t.entries),
            })
            .collect(),
    ))
}

/// Any other address under `/api/v1`.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(Serialize)]
struct ErrorBody {
    error: ErrorDto,
}

#[derive(Serialize)]
struct ErrorDto {
    status: u16,
    message: String,
}

/// Error bodies as JSON (`{"error": {"status", "message"}}`) instead of the site's error page:
/// not found, internal errors, and the framework's own rejections (a malformed query string).
pub async fn json_errors(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let page = response.extensions().get::<ErrorPage>().cloned();
    let message = match page {
        Some(page) => page.message.to_string(),
        None => {
            // A rejection's text is short; anything else is cut rather than read in full.
            let bytes = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap_or_default();
            String::from_utf8_lossy(&bytes).trim().to_string()
        }
    };
    let message = if message.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        message
    };
    let body = ErrorBody {
        error: ErrorDto {
            status: status.as_u16(),
            message,
        },
    };
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    r
}
