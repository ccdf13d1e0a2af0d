//! Outgoing feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), the sitemap and robots.txt.
//!
//! Feeds carry titles, summaries and links to both our page and the original article, never the
//! publisher's full text: attribution is the deal with publishers.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gazette_model::EntryCard;
use gazette_store::Page;

use super::article::escape;
use crate::AppState;
use crate::error::AppResult;
use crate::views::article_path;

const FEED_ITEMS: u32 = 50;

async fn latest(state: &AppState) -> AppResult<Vec<EntryCard>> {
    Ok(state.store().latest(Page::new(1, FEED_ITEMS)).await?.cards)
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

/// `/feed.xml`
pub async fn rss(State(state): State<AppState>) -> AppResult<Response> {
    let site = state.site();
    let base = &site.base_url;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>",
    );
    x += &format!(
        "<title>{}</title><link>{base}/</link><description>{}</description><language>{}</language>\
         <atom:link href=\"{base}/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&site.name),
        escape(&site.description),
        escape(&site.lang)
    );
    for c in latest(&state).await? {
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
    Ok(typed("application/rss+xml; charset=utf-8", x))
}

/// `/feed.atom`
pub async fn atom(State(state): State<AppState>) -> AppResult<Response> {
    let site = state.site();
    let base = &site.base_url;
    let entries = latest(&state).await?;
    let updated = entries
        .first()
        .map_or_else(chrono::Utc::now, |c| c.published);
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\
         <title>{}</title><id>{base}/</id><link href=\"{base}/\"/><link rel=\"self\" href=\"{base}/feed.atom\"/><updated>{}</updated>",
        escape(&site.lang),
        escape(&site.name),
        updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    for c in entries {
        let link = format!("{base}{}", article_path(c.id, &c.title));
        let when = c
            .published
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        x += &format!(
            "<entry><title>{}</title><id>{link}</id><link href=\"{link}\"/>{}<published>{when}</published><updated>{when}</updated><author><name>{}</name></author><summary>{}</summary></entry>",
            escape(&c.title),
            c.url
                .as_deref()
                .map(|u| format!("<link rel=\"via\" href=\"{}\"/>", escape(u)))
                .unwrap_or_default(),
            escape(c.author.as_deref().unwrap_or(&c.source_name)),
            escape(c.summary.as_deref().unwrap_or(""))
        );
    }
    x += "</feed>";
    Ok(typed("application/atom+xml; charset=utf-8", x))
}

/// `/feed.json`
pub async fn json(State(state): State<AppState>) -> AppResult<Response> {
    let site = state.site();
    let base = &site.base_url;
    let items: Vec<serde_json::Value> = latest(&state)
        .await?
        .into_iter()
        .map(|c| {
            let link = format!("{base}{}", article_path(c.id, &c.title));
            serde_json::json!({
                "id": link, "url": link, "external_url": c.url, "title": c.title,
                "summary": c.summary, "content_text": c.summary.clone().unwrap_or_default(),
                "image": c.image_url, "date_published": c.published.to_rfc3339(),
                "authors": [{"name": c.author.clone().unwrap_or_else(|| c.source_name.clone())}],
            })
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1", "title": site.name, "home_page_url": format!("{base}/"),
        "feed_url": format!("{base}/feed.json"), "description": site.description, "language": site.lang,
        "items": items,
    });
    Ok(typed(
        "application/feed+json; charset=utf-8",
        feed.to_string(),
    ))
}

/// `/sitemap.xml`: the front page, topics and the latest articles.
pub async fn sitemap(State(state): State<AppState>) -> AppResult<Response> {
    let base = &state.site().base_url;
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{base}/</loc></url>"
    );
    let since = chrono::Utc::now() - chrono::Duration::days(30);
    for t in state
        .store()
        .active_topics(since, 200, gazette_store::TopicFilter::All)
        .await?
    {
        x += &format!(
            "<url><loc>{base}/topic/{}</loc></url>",
            escape(&t.topic.slug)
        );
    }
    for c in state.store().latest(Page::new(1, 200)).await?.cards {
        x += &format!(
            "<url><loc>{base}{}</loc><lastmod>{}</lastmod></url>",
            escape(&article_path(c.id, &c.title)),
            c.published.format("%Y-%m-%d")
        );
    }
    x += "</urlset>";
    Ok(typed("application/xml; charset=utf-8", x))
}

/// `/robots.txt`
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /search\nDisallow: /admin\nSitemap: {}/sitemap.xml\n",
        state.site().base_url
    );
    typed("text/plain; charset=utf-8", body)
}
