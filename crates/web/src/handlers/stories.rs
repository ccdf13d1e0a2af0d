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
    articles: i64,
    /// How many of the articles the timeline leaves out (a story a whole wire covers has
    /// hundreds: the page shows the first report and the newest).
    left_out: i64,
    first: CardView,
    cards: Vec<CardView>,
    timeline: Vec<TimelineItem>,
    hot: Vec<HotView>,
    canonical: String,
    /// Where this story's feeds are (`/story/{id}`).
    feed_dir: String,
    jsonld: String,
}

/// `/story/{id}`
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    const TIMELINE: u32 = 200;
    const CARDS: usize = 24;
    let story = state
        .store()
        .story(gazette_model::StoryId(id), TIMELINE)
        .await?
        .ok_or(AppError::NotFound)?;
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
        .take(CARDS)
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
    let base = state.site().base_url.clone();
    let canonical = format!("{base}/story/{id}");
    let items: Vec<(String, String)> = story
        .articles
        .iter()
        .rev()
        .map(|c| {
            (
                format!("{base}{}", crate::views::article_path(c.id, &c.title)),
                c.title.clone(),
            )
        })
        .collect();
    let jsonld = crate::structured::script(&crate::structured::item_list(
        &format!("Full coverage: {lead_title}"),
        &canonical,
        &items,
    ));
    let page = StoryPage {
        feed_dir: format!("/story/{id}"),
        jsonld,
        title: lead_title,
        sources: story.sources,
        articles: story.article_count,
        left_out: story.article_count - story.articles.len() as i64,
        first,
        cards,
        timeline,
        hot: widgets.hot.clone(),
        canonical,
    };
    state.render("story.html", &widgets, "", page)
}
