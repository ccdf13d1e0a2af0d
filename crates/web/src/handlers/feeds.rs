//! Outgoing feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of the site and of every list a reader can
//! follow (a topic, a source, a story), the sitemaps (an index, the pages, the articles in
//! children of 50,000, and a news sitemap) and robots.txt.
//!
//! Feeds carry titles, summaries and links to both our page and the original article, never the
//! publisher's full text: attribution is the deal with publishers.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use gazette_model::{EntryCard, SourceId};
use gazette_store::Page;

use super::article::escape;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::views::article_path;

const FEED_ITEMS: u32 = 50;

/// The three formats every followable list is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    /// The format a feed's file name asks for (`feed.xml`, `feed.atom`, `feed.json`).
    fn of_file(file: &str) -> Option<Format> {
        match file {
            "feed.xml" => Some(Format::Rss),
            "feed.atom" => Some(Format::Atom),
            "feed.json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A list published as a feed: the site's latest articles, a topic's, a source's or a story's.
pub(crate) struct FeedList {
    /// The list's own title ("Business", "Full coverage: ...") or the site's name.
    pub title: String,
    pub description: String,
    /// The list's page, a path ("/topic/business"; "/" for the site).
    pub page: String,
    /// The directory the feed files live in ("/topic/business"; "" for the site).
    pub dir: String,
    pub cards: Vec<EntryCard>,
}

/// A feed's response: its type, a cache lifetime and, with a hub, the WebSub `Link` header
/// (`rel="hub"` and `rel="self"`).
fn feed_response(
    content_type: &'static str,
    body: String,
    hub: Option<&str>,
    self_url: &str,
) -> Response {
    let mut r = typed(content_type, body);
    if let Some(hub) = hub
        && let Ok(v) = axum::http::HeaderValue::from_str(&format!(
            "<{hub}>; rel=\"hub\", <{self_url}>; rel=\"self\""
        ))
    {
        r.headers_mut().insert(header::LINK, v);
    }
    r
}

fn typed(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

/// The list as a feed document. Items carry titles, summaries and links, never the full text.
pub(crate) fn render_feed(state: &AppState, list: &FeedList, format: Format) -> Response {
    let site = state.site();
    let base = &site.base_url;
    let page = format!("{base}{}", list.page);
    let hub = site.websub_hub.as_deref();
    let title = if list.dir.is_empty() {
        site.name.clone()
    } else {
        format!("{} | {}", list.title, site.name)
    };
    match format {
        Format::Rss => {
            let mut x = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>",
            );
            x += &format!(
                "<title>{}</title><link>{}</link><description>{}</description><language>{}</language>\
                 <atom:link href=\"{base}{}/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>",
                escape(&title),
                escape(&page),
                escape(&list.description),
                escape(&site.lang),
                escape(&list.dir)
            );
            if let Some(hub) = hub {
                x += &format!("<atom:link href=\"{}\" rel=\"hub\"/>", escape(hub));
            }
            for c in &list.cards {
                let link = format!("{base}{}", article_path(c.id, &c.title));
                x += &format!(
                    "<item><title>{}</title><link>{link}</link><guid isPermaLink=\"true\">{link}</guid><pubDate>{}</pubDate><source url=\"{base}/source/{}\">{}</source><description>{}</description></item>",
                    escape(&c.title),
                    c.published.to_rfc2822(),
                    c.source_id,
                    escape(&c.source_name),
                    escape(c.summary.as_deref().unwrap_or(""))
                );
            }
            x += "</channel></rss>";
            let me = format!("{base}{}/feed.xml", list.dir);
            feed_response("application/rss+xml; charset=utf-8", x, hub, &me)
        }
        Format::Atom => {
            let updated = list
                .cards
                .iter()
                .map(|c| c.published)
                .max()
                .unwrap_or(chrono::DateTime::UNIX_EPOCH);
            let mut x = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\
                 <title>{}</title><id>{}</id><link href=\"{}\"/><link rel=\"self\" href=\"{base}{}/feed.atom\"/><updated>{}</updated>",
                escape(&site.lang),
                escape(&title),
                escape(&page),
                escape(&page),
                escape(&list.dir),
                updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
            if let Some(hub) = hub {
                x += &format!("<link rel=\"hub\" href=\"{}\"/>", escape(hub));
            }
            for c in &list.cards {
                let link = format!("{base}{}", article_path(c.id, &c.title));
                let when = c
                    .published
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                x += &format!(
                    "<entry><title>{}</title><id>{link}</id><link href=\"{link}\"/>{}<published>{when}</published><updated>{when}</updated><author><name>{}</name></author><summary>{}</summary></entry>",
                    escape(&c.title),
                    c.url
                        .as_deref()
                        .and_then(gazette_model::web_link)
                        .map(|u| format!("<link rel=\"via\" href=\"{}\"/>", escape(u)))
                        .unwrap_or_default(),
                    escape(c.author.as_deref().unwrap_or(&c.source_name)),
                    escape(c.summary.as_deref().unwrap_or(""))
                );
            }
            x += "</feed>";
            let me = format!("{base}{}/feed.atom", list.dir);
            feed_response("application/atom+xml; charset=utf-8", x, hub, &me)
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = list
                .cards
                .iter()
                .map(|c| {
                    let link = format!("{base}{}", article_path(c.id, &c.title));
                    serde_json::json!({
                        "id": link, "url": link,
                        "external_url": c.url.as_deref().and_then(gazette_model::web_link),
                        "title": c.title,
                        "summary": c.summary, "content_text": c.summary.clone().unwrap_or_default(),
                        "image": c.image_url.as_deref().and_then(gazette_model::web_link),
                        "date_published": c.published.to_rfc3339(),
                        "authors": [{"name": c.author.clone().unwrap_or_else(|| c.source_name.clone())}],
                    })
                })
                .collect();
            let mut feed = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": page,
                "feed_url": format!("{base}{}/feed.json", list.dir), "description": list.description,
                "language": site.lang, "items": items,
            });
            if let Some(hub) = hub {
                feed["hubs"] = serde_json::json!([{ "type": "WebSub", "url": hub }]);
            }
            let me = format!("{base}{}/feed.json", list.dir);
            feed_response(
                "application/feed+json; charset=utf-8",
                feed.to_string(),
                hub,
                &me,
            )
        }
    }
}

async fn site_feed(state: &AppState, format: Format) -> AppResult<Response> {
    let site = state.site();
    let list = FeedList {
        title: site.name.clone(),
        description: site.description.clone(),
        page: "/".into(),
        dir: String::new(),
        cards: state.store().latest(Page::new(1, FEED_ITEMS)).await?.cards,
    };
    Ok(render_feed(state, &list, format))
}

/// `/feed.xml`
pub async fn rss(State(state): State<AppState>) -> AppResult<Response> {
    site_feed(&state, Format::Rss).await
}

/// `/feed.atom`
pub async fn atom(State(state): State<AppState>) -> AppResult<Response> {
    site_feed(&state, Format::Atom).await
}

/// `/feed.json`
pub async fn json(State(state): State<AppState>) -> AppResult<Response> {
    site_feed(&state, Format::Json).await
}

/// `/topic/{slug}/{file}`: a topic's feed (a merged topic's address redirects, as its page).
pub async fn topic_feed(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let format = Format::of_file(&file).ok_or(AppError::NotFound)?;
    let topic = state
        .store()
        .topic(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if topic.slug != slug {
        return Ok(Redirect::permanent(&format!("/topic/{}/{file}", topic.slug)).into_response());
    }
    let list = FeedList {
        description: format!("The latest {} stories.", topic.name),
        page: format!("/topic/{}", topic.slug),
        dir: format!("/topic/{}", topic.slug),
        cards: state
            .store()
            .by_topic(&topic.slug, Page::new(1, FEED_ITEMS))
            .await?
            .cards,
        title: topic.name,
    };
    Ok(render_feed(&state, &list, format))
}

/// `/source/{id}/{file}`: a source's feed on this site (its articles as we publish them).
pub async fn source_feed(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let format = Format::of_file(&file).ok_or(AppError::NotFound)?;
    let id = SourceId(id.parse().map_err(|_| AppError::NotFound)?);
    let source = state
        .store()
        .get_source(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = FeedList {
        description: format!("The latest stories from {}.", source.name),
        page: format!("/source/{}", id.0),
        dir: format!("/source/{}", id.0),
        cards: state
            .store()
            .by_source(id, Page::new(1, FEED_ITEMS))
            .await?
            .cards,
        title: source.name,
    };
    Ok(render_feed(&state, &list, format))
}

/// `/story/{id}/{file}`: a story's coverage as it grows, newest first.
pub async fn story_feed(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let format = Format::of_file(&file).ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let story = state
        .store()
        .story(gazette_model::StoryId(id), FEED_ITEMS)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut cards = story.articles;
    cards.reverse();
    let title = cards.first().map(|c| c.title.clone()).unwrap_or_default();
    let list = FeedList {
        description: format!("Every outlet's report on: {title}"),
        title: format!("Full coverage: {title}"),
        page: format!("/story/{id}"),
        dir: format!("/story/{id}"),
        cards,
    };
    Ok(render_feed(&state, &list, format))
}

/// Articles per child sitemap (the protocol's limit).
pub(crate) const SITEMAP_URLS: i64 = 50_000;

/// `/sitemap.xml`: the sitemap index: the site's pages, the news sitemap, and the articles in
/// children of at most 50,000 addresses each, by id range (ids only grow, so an article stays
/// in its child).
pub async fn sitemap(State(state): State<AppState>) -> AppResult<Response> {
    let base = &state.site().base_url;
    let max = state.store().max_entry_id().await?;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    x += &format!("<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap>");
    x += &format!("<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>");
    for chunk in 0..=(max / SITEMAP_URLS) {
        if max == 0 {
            break;
        }
        x += &format!("<sitemap><loc>{base}/sitemap-articles-{chunk}.xml</loc></sitemap>");
    }
    x += "</sitemapindex>";
    Ok(typed("application/xml; charset=utf-8", x))
}

/// `/sitemap-pages.xml`: the front page, topic pages and source pages.
pub async fn sitemap_pages(State(state): State<AppState>) -> AppResult<Response> {
    let base = &state.site().base_url;
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{base}/</loc></url>"
    );
    let since = chrono::Utc::now() - chrono::Duration::days(30);
    for t in state
        .store()
        .active_topics(since, 1_000, gazette_store::TopicFilter::All)
        .await?
    {
        x += &format!(
            "<url><loc>{base}/topic/{}</loc></url>",
            escape(&t.topic.slug)
        );
    }
    for s in state.store().list_sources().await? {
        if s.retired_at.is_none() || s.entries > 0 {
            x += &format!("<url><loc>{base}/source/{}</loc></url>", s.id.0);
        }
    }
    x += "</urlset>";
    Ok(typed("application/xml; charset=utf-8", x))
}

/// `/sitemap-articles-{n}.xml`: articles with ids from n×50,000 up to the next child's.
pub async fn sitemap_articles(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let n: i64 = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .filter(|n| (0..=i64::MAX / SITEMAP_URLS - 1).contains(n))
        .ok_or(AppError::NotFound)?;
    let base = &state.site().base_url;
    let entries = state
        .store()
        .sitemap_entries(n * SITEMAP_URLS, (n + 1) * SITEMAP_URLS)
        .await?;
    let mut x = String::with_capacity(entries.len() * 120 + 200);
    x += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for e in entries {
        x += &format!(
            "<url><loc>{base}{}</loc><lastmod>{}</lastmod></url>",
            escape(&article_path(e.id, &e.title)),
            e.updated
                .unwrap_or(e.published)
                .max(e.published)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
    }
    x += "</urlset>";
    Ok(typed("application/xml; charset=utf-8", x))
}

/// News sitemaps list the articles of the last two days, at most 1,000.
const NEWS_HOURS: i64 = 48;
const NEWS_URLS: usize = 1_000;

/// `/sitemap-news.xml`: the news sitemap extension (publication name and language, date,
/// title) for the articles of the last 48 hours.
pub async fn sitemap_news(State(state): State<AppState>) -> AppResult<Response> {
    let site = state.site();
    let base = &site.base_url;
    let since = chrono::Utc::now() - chrono::Duration::hours(NEWS_HOURS);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">",
    );
    let (name, lang) = (escape(&site.name), escape(&site.lang));
    let mut listed = 0;
    'pages: for number in 1.. {
        let page = state.store().latest(Page::new(number, 200)).await?;
        for c in &page.cards {
            if c.published < since || listed >= NEWS_URLS {
                break 'pages;
            }
            listed += 1;
            x += &format!(
                "<url><loc>{base}{}</loc><news:news><news:publication><news:name>{name}</news:name>\
                 <news:language>{lang}</news:language></news:publication>\
                 <news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
                escape(&article_path(c.id, &c.title)),
                c.published
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                escape(&c.title)
            );
        }
        if !page.has_more {
            break;
        }
    }
    x += "</urlset>";
    Ok(typed("application/xml; charset=utf-8", x))
}

/// `/robots.txt`
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /search\nDisallow: /admin\nSitemap: {base}/sitemap.xml\n\
         Sitemap: {base}/sitemap-news.xml\n",
        base = state.site().base_url
    );
    typed("text/plain; charset=utf-8", body)
}
