//! The article page: the cleaned story with attribution, ad slots and related stories.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use gazette_model::{Entry, EntryId};
use serde::Serialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::views::{CardView, HotView, TopicView, article_path, human_time, is_bot};

#[derive(Serialize)]
struct ArticleView {
    title: String,
    dek: Option<String>,
    description: String,
    canonical: String,
    author: Option<String>,
    source_id: i64,
    source_name: String,
    published_iso: String,
    published_human: String,
    read_minutes: usize,
    image_url: Option<String>,
    /// False when the body already shows the lead image (it is still the page's og:image).
    show_lead_image: bool,
    image_alt: String,
    body_html: String,
    url: Option<String>,
    lang: String,
    topics: Vec<TopicView>,
    /// `NewsArticle` JSON-LD, a whole `<script>` element made safe (`structured::script`).
    jsonld: String,
}

#[derive(Serialize)]
struct OtherOutlet {
    source_name: String,
    href: String,
}

#[derive(Serialize)]
struct ArticlePage {
    a: ArticleView,
    related: Vec<CardView>,
    hot: Vec<HotView>,
    /// Other sources' articles on the same story (the first few).
    also: Vec<OtherOutlet>,
    /// How many more outlets cover it.
    also_more: usize,
    story_href: Option<String>,
}

fn parse_id(id: &str) -> AppResult<EntryId> {
    id.parse::<i64>()
        .map(EntryId)
        .map_err(|_| AppError::NotFound)
}

/// `/article/{id}`: redirects to the canonical path with the slug.
pub async fn show_without_slug(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let entry = state
        .store()
        .get_entry(parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if entry.hidden {
        return Err(AppError::Gone);
    }
    Ok(Redirect::permanent(&article_path(entry.id, &entry.title)).into_response())
}

/// `/article/{id}/{slug}`: the story. A stale slug redirects to the current one.
pub async fn show(
    State(state): State<AppState>,
    Path((id, slug)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    no_count: Option<axum::Extension<super::NoViewCount>>,
) -> AppResult<Response> {
    let entry = state
        .store()
        .get_entry(parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if entry.hidden {
        return Err(AppError::Gone);
    }
    let path = article_path(entry.id, &entry.title);
    if path.rsplit('/').next() != Some(slug.as_str()) {
        return Ok(Redirect::permanent(&path).into_response());
    }
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if method == Method::GET && !is_bot(ua) && no_count.is_none() {
        state.inner.views.count(entry.id, Utc::now());
    }
    let widgets = state.widgets().await?;
    let since = Utc::now() - Duration::days(30);
    let now = Utc::now();
    let tz = state.site().time_zone;
    // A story a whole wire covers has hundreds of articles: the page names the first few other
    // outlets among its newest articles and links the full coverage.
    const ALSO_SHOWN: usize = 12;
    const ALSO_READ: u32 = 64;
    let story = state.store().story_of(entry.id, ALSO_READ).await?;
    // Related: the clusterer's most similar other stories first, then stories sharing topics;
    // never this story again, one card per story (the store's query sees to all three).
    const RELATED: u32 = 4;
    let related_cards = state
        .store()
        .related_stories(entry.id, since, RELATED)
        .await?;
    let related = related_cards
        .iter()
        .map(|c| CardView::new(c, now, tz))
        .collect();
    let mut also: Vec<OtherOutlet> = Vec::new();
    let mut outlets = std::collections::HashSet::new();
    for other in story.iter().flat_map(|s| s.articles.iter()) {
        if also.len() < ALSO_SHOWN
            && other.source_id != entry.source_id
            && outlets.insert(other.source_id)
        {
            also.push(OtherOutlet {
                source_name: other.source_name.clone(),
                href: article_path(other.id, &other.title),
            });
        }
    }
    // The story counts its outlets, this one among them.
    let also_more = story.as_ref().map_or(0, |s| {
        usize::try_from(s.sources - 1)
            .unwrap_or(0)
            .saturating_sub(also.len())
    });
    let story_href = story.as_ref().map(|s| format!("/story/{}", s.id));
    let entry_id = entry.id;
    let a = article_view(&state, entry, &path);
    let page = ArticlePage {
        a,
        related,
        hot: widgets.hot.clone(),
        also,
        also_more,
        story_href,
    };
    let id = entry_id;
    let mut response = state
        .render("article.html", &widgets, "", page)?
        .into_response();
    // Served again from the page cache, the page still counts its views.
    response
        .extensions_mut()
        .insert(crate::cache::CountsView(id));
    Ok(response)
}

fn article_view(state: &AppState, e: Entry, path: &str) -> ArticleView {
    let site = state.site();
    let text = e.content_text.as_deref().unwrap_or("");
    let words = text.split_whitespace().count();
    // The summary is a dek only when it is not just the body's first sentences.
    let dek = e
        .summary
        .as_deref()
        .map(|s| gazette_story::excerpt(s, 300))
        .filter(|s| {
            let head: String = s.chars().take(60).collect();
            !s.is_empty()
                && !text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .starts_with(head.trim_end_matches('…'))
        });
    let description = dek
        .clone()
        .or_else(|| e.summary.as_deref().map(|s| gazette_story::excerpt(s, 160)))
        .unwrap_or_else(|| gazette_story::excerpt(text, 160));
    let body = e.content_html.clone().unwrap_or_else(|| {
        e.summary
            .as_deref()
            .map(|s| format!("<p>{}</p>", escape(s)))
            .unwrap_or_default()
    });
    // Many pages carry their lead image as the body's first figure: show it once.
    let show_lead_image = e.image_url.as_deref().is_some_and(|u| {
        !u.is_empty() && !body.contains(u) && !body.contains(&u.replace('&', "&amp;"))
    });
    let body = match state.media() {
        Some(proxy) => crate::media::rewrite_images(&body, |u| proxy.url_for(u)),
        None => body,
    };
    let ads = &site.ads;
    let body_html = crate::ads::insert_ad_slots(&body, ads.every_paragraphs, |n| {
        format!(
            "<aside class=\"ad-slot\" data-ad-slot=\"{n}\" aria-label=\"Advertisement\"><span class=\"ad-label\">{}</span>{}</aside>",
            escape(&ads.label),
            ads.html.as_deref().unwrap_or("")
        )
    });
    let canonical = format!("{}{path}", site.base_url);
    let published_iso = e
        .published
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let modified_iso = e
        .updated
        .filter(|u| *u > e.published)
        .map(|u| u.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let lang = e.lang.clone().unwrap_or_else(|| site.lang.clone());
    let jsonld = crate::structured::script(&crate::structured::news_article(
        &site.name,
        &site.base_url,
        &crate::structured::Article {
            url: &canonical,
            headline: &e.title,
            description: &description,
            image: e.image_url.as_deref(),
            published: &published_iso,
            modified: modified_iso.as_deref(),
            author: e.author.as_deref(),
            source_name: &e.source_name,
            original: e.url.as_deref(),
            keywords: e.topics.iter().map(|t| t.name.as_str()).collect(),
            lang: &lang,
        },
    ));
    ArticleView {
        jsonld,
        show_lead_image,
        image_alt: e.title.clone(),
        title: e.title,
        dek,
        description,
        canonical,
        author: e.author,
        source_id: e.source_id.0,
        source_name: e.source_name,
        published_iso,
        published_human: human_time(e.published, site.time_zone),
        read_minutes: words.div_ceil(230),
        image_url: e.image_url,
        body_html,
        url: e.url,
        lang,
        topics: e
            .topics
            .iter()
            .map(|t| TopicView {
                slug: t.slug.clone(),
                name: t.name.clone(),
                count: None,
            })
            .collect(),
    }
}

/// Minimal HTML escaping for text placed into markup built here.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML forbids (and HTML reads as errors) are dropped: the feeds use
            // this escaping too, and one stray control character would make them unreadable.
            c if (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_drops_what_xml_forbids() {
        assert_eq!(
            super::escape("a<b>&\"'\u{1}\u{1F}\t\n\r\u{FFFE}z"),
            "a&lt;b&gt;&amp;&quot;&#39;\t\n\rz"
        );
    }
}
