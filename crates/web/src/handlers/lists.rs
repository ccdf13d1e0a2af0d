//! Pages that list stories: home, topic, source, search, and the topic and source indexes.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use chrono::Utc;
use gazette_model::{EntryCard, SourceId};
use gazette_store::{Listing, Page};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::views::{CardView, HotView, PagerView, TopicView};

/// `?page=N` (1-based; anything else means page 1).
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    fn number(&self) -> u32 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .filter(|n| (1..=10_000).contains(n))
            .unwrap_or(1)
    }
}

fn cards(state: &AppState, list: &[EntryCard]) -> Vec<CardView> {
    let now = Utc::now();
    list.iter()
        .map(|c| CardView::new(c, now, state.site().time_zone))
        .collect()
}

#[derive(Serialize)]
struct Section {
    slug: String,
    name: String,
    cards: Vec<CardView>,
}

#[derive(Serialize)]
struct HomePage {
    lead: Option<CardView>,
    cards: Vec<CardView>,
    sections: Vec<Section>,
    hot: Vec<HotView>,
    topics: Vec<TopicView>,
    pager: PagerView,
    /// `WebSite` JSON-LD with the site's search, on the first page.
    jsonld: String,
}

/// How many of the week's top topics get a section block on the front page.
const HOME_SECTIONS: usize = 3;

/// `/`: the lead story, the latest cards, sections for the top topics, and the sidebar.
pub async fn home(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let number = q.number();
    let size = state.site().page_size;
    let widgets = state.widgets().await?;
    // One card per story; before the first clustering pass, one card per entry.
    let (mut stories, more) = state
        .store()
        .latest_stories(Page::new(number, size + 1))
        .await?;
    let now = Utc::now();
    let tz = state.site().time_zone;
    // Stories editors feature: the lead slot, and the first place of a section.
    let featured = if number == 1 {
        state.store().featured().await?
    } else {
        Vec::new()
    };
    let pinned_lead = featured
        .iter()
        .find(|(slot, _)| slot == "lead")
        .map(|(_, s)| s);
    if let Some(pinned) = pinned_lead {
        stories.retain(|s| s.story_id != pinned.story_id);
        stories.insert(0, pinned.clone());
    }
    let (mut all, more) = if stories.is_empty() && number == 1 {
        let listing = state.store().latest(Page::new(number, size + 1)).await?;
        (cards(&state, &listing.cards), listing.has_more)
    } else {
        (
            stories
                .iter()
                .map(|s| CardView::for_story(s, now, tz))
                .collect(),
            more,
        )
    };
    let has_more = all.len() > size as usize || more;
    let lead = if number == 1 && !all.is_empty() {
        Some(all.remove(0))
    } else {
        None
    };
    all.truncate(size as usize);
    let mut sections = Vec::new();
    if number == 1 {
        for t in widgets.nav.iter().take(HOME_SECTIONS) {
            let mut l = state.store().by_topic(&t.slug, Page::new(1, 5)).await?;
            put_featured_first(&featured, &t.slug, &mut l.cards, 5);
            if l.cards.len() >= 2 {
                sections.push(Section {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                    cards: cards(&state, &l.cards),
                });
            }
        }
    }
    let page = HomePage {
        lead,
        cards: all,
        sections,
        hot: widgets.hot.clone(),
        topics: widgets.topics.clone(),
        pager: PagerView::new("/", number, has_more),
        jsonld: if number == 1 {
            let site = state.site();
            crate::structured::script(&crate::structured::website(
                &site.name,
                &site.base_url,
                &site.description,
            ))
        } else {
            String::new()
        },
    };
    state.render("home.html", &widgets, "home", page)
}

#[derive(Serialize)]
struct ListPage {
    heading: String,
    description: String,
    canonical: Option<String>,
    source_link: Option<String>,
    cards: Vec<CardView>,
    hot: Vec<HotView>,
    pager: PagerView,
    empty_message: &'static str,
    query: Option<String>,
    /// Where this list's feeds are (`/topic/{slug}`, `/source/{id}`), when it has them.
    feed_dir: Option<String>,
    /// JSON-LD (a whole, safe `<script>` element), when the page has some.
    jsonld: String,
}

impl AppState {
    async fn list_page(
        &self,
        nav_active: &str,
        base: &str,
        number: u32,
        listing: Listing,
        mut page: ListPage,
    ) -> AppResult<Html<String>> {
        let widgets = self.widgets().await?;
        page.cards = cards(self, &listing.cards);
        page.hot = widgets.hot.clone();
        page.pager = PagerView::new(base, number, listing.has_more);
        self.render("list.html", &widgets, nav_active, page)
    }
}

fn list_page(heading: String, description: String, canonical: Option<String>) -> ListPage {
    ListPage {
        heading,
        description,
        canonical,
        source_link: None,
        cards: Vec::new(),
        hot: Vec::new(),
        pager: PagerView::new("/", 1, false),
        empty_message: "No stories here yet.",
        query: None,
        feed_dir: None,
        jsonld: String::new(),
    }
}

/// `/topic/{slug}`: a topic's stories, newest first.
pub async fn topic(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let topic = state
        .store()
        .topic(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // A topic merged by an editor lives on at the one it was merged into.
    if topic.slug != slug {
        return Ok(
            axum::response::Redirect::permanent(&format!("/topic/{}", topic.slug)).into_response(),
        );
    }
    let number = q.number();
    let size = state.site().page_size;
    let mut listing = state
        .store()
        .by_topic(&slug, Page::new(number, size))
        .await?;
    if number == 1 {
        let featured = state.store().featured().await?;
        put_featured_first(&featured, &topic.slug, &mut listing.cards, size as usize);
    }
    let base = format!("/topic/{}", topic.slug);
    let canonical = format!("{}{base}", state.site().base_url);
    let mut page = list_page(
        topic.name.clone(),
        format!("The latest {} stories.", topic.name),
        Some(canonical.clone()),
    );
    page.feed_dir = Some(base.clone());
    page.jsonld = crate::structured::script(&crate::structured::breadcrumbs(
        &state.site().base_url,
        &[(topic.name.as_str(), canonical)],
    ));
    Ok(state
        .list_page(&topic.slug, &base, number, listing, page)
        .await?
        .into_response())
}

/// Puts the lead article of the story editors featured in `slot` first in `cards` (once),
/// keeping at most `size` cards.
fn put_featured_first(
    featured: &[(String, gazette_store::StoryCard)],
    slot: &str,
    cards: &mut Vec<EntryCard>,
    size: usize,
) {
    if let Some((_, story)) = featured.iter().find(|(s, _)| s == slot) {
        cards.retain(|c| c.id != story.card.id);
        cards.insert(0, story.card.clone());
        cards.truncate(size);
    }
}

/// `/source/{id}`: one source's stories.
pub async fn source(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let id = id
        .parse::<i64>()
        .map(SourceId)
        .map_err(|_| AppError::NotFound)?;
    let source = state
        .store()
        .get_source(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let number = q.number();
    let listing = state
        .store()
        .by_source(id, Page::new(number, state.site().page_size))
        .await?;
    let base = format!("/source/{id}");
    let canonical = Some(format!("{}{base}", state.site().base_url));
    let mut page = list_page(
        source.name.clone(),
        format!("Stories from {}.", source.name),
        canonical,
    );
    page.source_link = source.site_link().map(str::to_owned);
    page.feed_dir = Some(base.clone());
    state.list_page("", &base, number, listing, page).await
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    page: Option<String>,
}

/// `/search?q=`: full-text search over titles, summaries and bodies.
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let text: String = q.q.unwrap_or_default().chars().take(200).collect();
    let text = text.trim().to_string();
    let number = PageQuery { page: q.page }.number();
    let listing = if text.is_empty() {
        Listing::default()
    } else {
        state
            .store()
            .search(&text, Page::new(number, state.site().page_size))
            .await?
    };
    let base = format!("/search?q={}", urlencode(&text));
    let heading = if text.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {text}")
    };
    let mut page = list_page(heading, String::new(), None);
    page.empty_message = if text.is_empty() {
        "Type a word or a name in the search box above."
    } else {
        "No stories match your search."
    };
    page.query = Some(text);
    state.list_page("", &base, number, listing, page).await
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Serialize)]
struct TopicsPage {
    topics: Vec<TopicView>,
}

/// `/topics`: every topic with stories in the last 30 days.
pub async fn topics(State(state): State<AppState>) -> AppResult<Html<String>> {
    let widgets = state.widgets().await?;
    let since = Utc::now() - chrono::Duration::days(30);
    let topics = state
        .topics_since(since, 200, gazette_store::TopicFilter::All)
        .await?
        .iter()
        .map(TopicView::from)
        .collect();
    state.render("topics.html", &widgets, "", TopicsPage { topics })
}

#[derive(Serialize)]
struct SourceRow {
    id: i64,
    name: String,
    site_url: Option<String>,
    entries: i64,
    last_success: String,
}

#[derive(Serialize)]
struct SourcesPage {
    sources: Vec<SourceRow>,
}

/// `/sources`: the publishers this site follows (public facts only, no error details).
pub async fn sources(State(state): State<AppState>) -> AppResult<Html<String>> {
    let widgets = state.widgets().await?;
    let now = Utc::now();
    let tz = state.site().time_zone;
    let sources = state
        .store()
        .list_sources()
        .await?
        .into_iter()
        .map(|s| SourceRow {
            id: s.id.0,
            site_url: s.site_link().map(str::to_owned),
            name: s.name,
            entries: s.entries,
            last_success: s
                .last_success
                .map(|t| crate::views::time_ago(t, now, tz))
                .unwrap_or_else(|| "never".into()),
        })
        .collect();
    state.render("sources.html", &widgets, "", SourcesPage { sources })
}
