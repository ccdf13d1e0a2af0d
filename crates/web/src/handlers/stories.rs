//! "Full coverage": one story, every outlet's article, the first report and a timeline.

use axum::extract::{Path, State};
use axum::response::Html;
use chrono::Utc;
use serde::Serialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::views::{CardView, HotView, human_time};

#[derive(Serialize)]
struct TimelineItem {
    when: String,
    when_iso: String,
    source_name: String,
    source_id: i64,
    title: String,
    href: String,
}

#[derive(Serialize)]
struct StoryPage {
    title: String,
    sources: i64,
    articles: usize,
    first: CardView,
    cards: Vec<CardView>,
    timeline: Vec<TimelineItem>,
    hot: Vec<HotView>,
    canonical: String,
}

/// `/story/{id}`
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let story = state.store().story(id).await?.ok_or(AppError::NotFound)?;
    let widgets = state.widgets().await?;
    let now = Utc::now();
    let tz = state.site().time_zone;
    let first_card = story
        .articles
        .iter()
        .find(|a| a.id == story.first_entry)
        .or(story.articles.first())
        .ok_or(AppError::NotFound)?;
    let first = CardView::new(first_card, now, tz);
    // Newest first for the cards, oldest first for the timeline.
    let cards = story
        .articles
        .iter()
        .rev()
        .map(|c| CardView::new(c, now, tz))
        .collect();
    let timeline = story
        .articles
        .iter()
        .map(|c| TimelineItem {
            when: human_time(c.published, tz),
            when_iso: c
                .published
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            source_name: c.source_name.clone(),
            source_id: c.source_id.0,
            title: c.title.clone(),
            href: crate::views::article_path(c.id, &c.title),
        })
        .collect();
    let lead_title = story
        .articles
        .last()
        .map(|c| c.title.clone())
        .unwrap_or_default();
    let page = StoryPage {
        title: lead_title,
        sources: story.sources,
        articles: story.articles.len(),
        first,
        cards,
        timeline,
        hot: widgets.hot.clone(),
        canonical: format!("{}/story/{id}", state.site().base_url),
    };
    state.render("story.html", &widgets, "", page)
}
