//! Request handlers: short functions that read from the store, build view types and render.

pub mod api;
pub mod article;
pub mod feeds;
pub mod health;
pub mod lists;
pub mod media;
pub mod metrics;
pub mod stories;
pub mod websub;

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, Utc};
use minijinja::value::Serde;
use serde::Serialize;

use crate::AppState;
use crate::error::{AppResult, ErrorPage};
use crate::views::{HeaderView, HotView, SiteView, TopicView, WeatherView, Widgets};
use gazette_store::TopicFilter;

/// Set on a request whose view must not be counted by the handler (the page cache decided).
#[derive(Debug, Clone, Copy)]
pub struct NoViewCount;

/// How many topics the navigation shows.
const NAV_TOPICS: u32 = 8;

impl AppState {
    fn site_view(&self) -> SiteView {
        let site = self.site();
        SiteView {
            name: site.name.clone(),
            tagline: site.tagline.clone(),
            description: site.description.clone(),
            lang: site.lang.clone(),
            stylesheet: self.inner.templates.css_path.clone(),
            url: site.base_url.trim_end_matches('/').to_string(),
        }
    }

    /// Navigation, topic chips and the hot list, from a short-lived cache.
    pub(crate) async fn widgets(&self) -> AppResult<Widgets> {
        if let Some(w) = self.inner.widgets.get(self.inner.changes.version()) {
            return Ok(w);
        }
        self.refresh_widgets().await
    }

    /// Reads the widgets from the store now and keeps them.
    pub(crate) async fn refresh_widgets(&self) -> AppResult<Widgets> {
        // Read first: a change made while the lists are read makes them stale.
        let content = self.inner.changes.version();
        let now = Utc::now();
        let week = now - Duration::days(7);
        // Navigation lists sections (publishers' categories); the chips list every active topic,
        // names included. A quiet week falls back to all time so neither is ever empty.
        // The navigation editors chose, else the busiest sections.
        let chosen = self.store().nav_topics().await?;
        let nav = if chosen.is_empty() {
            self.topics_since(week, NAV_TOPICS, TopicFilter::Sections)
                .await?
                .iter()
                .map(TopicView::from)
                .collect()
        } else {
            chosen
                .into_iter()
                .map(|t| TopicView {
                    slug: t.slug,
                    name: t.name,
                    count: None,
                })
                .collect()
        };
        let topics = self.topics_since(week, 24, TopicFilter::All).await?;
        let topics = topics.iter().map(TopicView::from).collect();
        let hot = self.hot_stories(now).await?;
        let w = Widgets { nav, topics, hot };
        self.inner.widgets.put(w.clone(), content);
        Ok(w)
    }

    /// "Hot this week": one entry per story, ranked by `gazette_story::trending::hot_score`
    /// (distinct sources, views of the last 7 days, recency). Before any story exists (entries
    /// not clustered yet) the most viewed, then newest, entries stand in.
    async fn hot_stories(&self, now: chrono::DateTime<Utc>) -> AppResult<Vec<HotView>> {
        const HOT: usize = 8;
        let tz = self.site().time_zone;
        let today = now.timestamp().div_euclid(86_400);
        let candidates = self
            .store()
            .story_candidates(now - Duration::days(7), today - 6, 300)
            .await?;
        if candidates.is_empty() {
            return Ok(self
                .store()
                .hot(today - 6, HOT as u32)
                .await?
                .iter()
                .map(|h| HotView {
                    card: crate::views::CardView::new(&h.card, now, tz),
                    views: h.views,
                })
                .collect());
        }
        let mut scored: Vec<(f64, HotView)> = candidates
            .iter()
            .map(|(story, views)| {
                let age_hours = (now - story.card.published).num_minutes() as f64 / 60.0;
                let sources = u32::try_from(story.sources).unwrap_or(u32::MAX);
                let views_7d = u64::try_from(*views).unwrap_or(0);
                let score = gazette_story::trending::hot_score(sources, views_7d, age_hours);
                (
                    score,
                    HotView {
                        card: crate::views::CardView::for_story(story, now, tz),
                        views: *views,
                    },
                )
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(scored.into_iter().take(HOT).map(|(_, h)| h).collect())
    }

    /// Topics of entries published since `since`, or of all time when there are none (a quiet
    /// site).
    async fn topics_since(
        &self,
        since: chrono::DateTime<Utc>,
        limit: u32,
        filter: TopicFilter,
    ) -> AppResult<Vec<gazette_model::TopicCount>> {
        let topics = self.store().active_topics(since, limit, filter).await?;
        if !topics.is_empty() {
            return Ok(topics);
        }
        Ok(self
            .store()
            .active_topics(chrono::DateTime::UNIX_EPOCH, limit, filter)
            .await?)
    }

    fn header(&self, widgets: &Widgets) -> HeaderView {
        let local = Utc::now().with_timezone(&self.site().time_zone);
        HeaderView {
            today: local.format("%A, %B %-d, %Y").to_string(),
            today_iso: local.format("%Y-%m-%d").to_string(),
            weather: self.inner.weather.current().as_ref().map(WeatherView::new),
            nav: widgets.nav.clone(),
        }
    }

    /// Renders a page template with the site, header and a page-specific context.
    fn render(
        &self,
        template: &str,
        widgets: &Widgets,
        nav_active: &str,
        page: impl Serialize,
    ) -> AppResult<Html<String>> {
        let ctx = minijinja::context! {
            site => Serde(self.site_view()),
            header => Serde(self.header(widgets)),
            nav_active => nav_active,
            ..Serde(page)
        };
        Ok(Html(self.inner.templates.render(template, ctx)?))
    }
}

/// Turns error responses marked with [`ErrorPage`] into the themed error page.
pub async fn render_error_pages(State(state): State<AppState>, response: Response) -> Response {
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    let widgets = state.widgets().await.unwrap_or_default();
    let ctx = minijinja::context! { heading => page.heading, message => page.message };
    match state.render("error.html", &widgets, "", ctx) {
        Ok(html) => {
            let mut r = (status, html).into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                "no-store".parse().expect("static header"),
            );
            r
        }
        Err(_) => (status, page.message).into_response(),
    }
}
