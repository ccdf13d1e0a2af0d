//! Gazette's extract stage: an HTML page (bytes + URL) becomes an [`Article`]:
//! the clean, sanitized body of the story and what the page says about it
//! (title, byline, dates, language, lead image, ...).
//!
//! The crate is pure: no network, no files, no clock. The steps of
//! [`extract`] read like a checklist:
//!
//! 1. check the input ([`ExtractError`] only for empty, oversized or binary input);
//! 2. [`decode`] the bytes (BOM, HTTP charset, `<meta charset>`, detection);
//! 3. parse once (html5ever through dom_query), after flattening absurdly
//!    deep markup ([`limits`]), and read the page metadata;
//! 4. clean the page ([`clean`]): depth limit, lazy images, page furniture;
//! 5. score the body with dom_smoothie (a Readability port);
//! 6. [`polish`] the body (ad markers, teasers, prompts, repeated byline and
//!    timestamps), take its prose text (without image captions) and
//!    [`sanitize_html`] it;
//! 7. rate how much the result looks like a real article (`quality`).
//!
//! **Architecture invariant:** no dependency on tokio, reqwest or sqlx.

mod clean;
mod date;
mod decode;
mod error;
mod limits;
mod metadata;
mod polish;
mod sanitize;
mod text;

use chrono::{DateTime, Utc};
use dom_query::Document;
use dom_smoothie::{Config, Readability};
use url::Url;

pub use date::parse_date;
pub use decode::decode;
pub use error::ExtractError;
pub use sanitize::{VIDEO_HOSTS, sanitize_html};
pub use text::html_to_text;

/// Pages larger than this are refused: no article needs more, and the limit
/// bounds memory and time per page.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// What the caller knows about the page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's absolute URL; relative links and images are resolved against it.
    pub url: Option<String>,
    /// The `charset` parameter of the HTTP `Content-Type` header.
    pub http_charset: Option<String>,
}

/// An extracted article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The headline, without the site name the `<title>` often appends.
    pub title: Option<String>,
    /// The author(s) as the page names them.
    pub byline: Option<String>,
    /// The dek or description.
    pub excerpt: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// When the article was first published.
    pub published: Option<DateTime<Utc>>,
    /// When the article was last modified.
    pub modified: Option<DateTime<Utc>>,
    /// The language tag of the page (`en`, `pt-BR`, ...).
    pub lang: Option<String>,
    /// The lead image, an absolute URL.
    pub lead_image: Option<String>,
    /// The canonical URL of the article, absolute.
    pub canonical_url: Option<String>,
    /// The section or category the site files the article under.
    pub section: Option<String>,
    /// Keywords and tags, deduplicated, in page order.
    pub keywords: Vec<String>,
    /// The body as sanitized HTML (see [`sanitize_html`]).
    pub html: String,
    /// The body as plain text, paragraphs separated by "\n\n".
    pub text: String,
    /// Words in `text`.
    pub word_count: usize,
    /// 0..1: how sure we are that `html` is a real article body.
    pub quality: f32,
}

/// Extracts the article from an HTML page.
///
/// Fails only on input that cannot be a page (see [`ExtractError`]); a page
/// without a recognisable article gives an `Article` with metadata, possibly
/// an empty body, and a low `quality`.
pub fn extract(bytes: &[u8], opts: &Options) -> Result<Article, ExtractError> {
    extract_impl(bytes, opts, None)
}

/// [`extract`], also describing every element the cleaning rules removed.
/// A debugging aid for tuning the rules; not part of the pipeline's API.
#[doc(hidden)]
pub fn extract_with_report(
    bytes: &[u8],
    opts: &Options,
) -> (Result<Article, ExtractError>, Vec<String>) {
    let mut report = Vec::new();
    let result = extract_impl(bytes, opts, Some(&mut report));
    (result, report)
}

fn extract_impl(
    bytes: &[u8],
    opts: &Options,
    mut report: Option<&mut Vec<String>>,
) -> Result<Article, ExtractError> {
    check_input(bytes)?;
    let html = decode::decode_cow(bytes, opts.http_charset.as_deref());
    if !html.contains('<') {
        return Err(ExtractError::NotHtml("no markup"));
    }
    let doc = Document::from(limits::simplify_markup(&html, limits::MAX_MARKUP_DEPTH).as_ref());
    drop(html);

    // Metadata is read from the page as published, before any cleaning.
    let meta = metadata::read(&doc);
    let base = base_url(meta.base_href.as_deref(), opts.url.as_deref());
    let cfg = Config {
        max_elements_to_parse: 0,
        keep_classes: true,
        // JSON-LD is read once below, before cleaning
        disable_json_ld: true,
        ..Config::default()
    };
    let mut reader =
        match Readability::with_document(doc, base.as_ref().map(Url::as_str), Some(cfg.clone())) {
            Ok(r) => r,
            // Only a non-absolute URL is refused, and `base` is absolute or absent.
            Err(_) => Readability::with_document(Document::default(), None, Some(cfg))
                .expect("no URL given"),
        };

    // dom_smoothie's JSON-LD reader walks the whole page to find scripts
    // our walk already looked for
    let json_ld = if meta.has_json_ld {
        reader.parse_json_ld()
    } else {
        None
    };
    let page_meta = reader.get_article_metadata(json_ld);
    let dom_byline = metadata::dom_byline(&reader.doc);
    clean::prepare(&reader.doc, report.as_deref_mut());
    let parsed = reader.parse().ok();

    let mut article = Article {
        title: non_empty(&page_meta.title),
        byline: page_meta
            .byline
            .as_deref()
            .and_then(non_empty)
            .or(dom_byline),
        excerpt: page_meta.excerpt.as_deref().and_then(non_empty),
        site_name: page_meta.site_name.as_deref().and_then(non_empty),
        lang: page_meta.lang.as_deref().and_then(non_empty),
        published: page_meta.published_time.as_deref().and_then(parse_date),
        modified: page_meta.modified_time.as_deref().and_then(parse_date),
        ..Article::default()
    };
    let mut has_body = false;
    if let Some(p) = parsed {
        has_body = !p.content.is_empty();
        article.title = article.title.or_else(|| non_empty(&p.title));
        article.byline = article
            .byline
            .or_else(|| p.byline.as_deref().and_then(non_empty));
        // without a description, the excerpt is the body's first paragraph
        article.excerpt = article
            .excerpt
            .or_else(|| p.excerpt.as_deref().and_then(non_empty));
    }
    article.title = article.title.or(meta.title);
    article.byline = article.byline.or(meta.byline);
    article.excerpt = article.excerpt.or(meta.excerpt);
    article.published = article.published.or(meta.published);
    article.modified = article.modified.or(meta.modified);
    article.lang = article.lang.or(meta.lang);
    article.section = meta.section;
    article.keywords = meta.keywords;
    article.lead_image = meta.image.and_then(|i| absolute(base.as_ref(), &i));
    article.canonical_url = meta.canonical.and_then(|c| absolute(base.as_ref(), &c));

    let mut body_html = String::new();
    // After a successful parse the reader's document holds just the article,
    // under `#readability-page-1`: polish it in place rather than re-parsing
    // the HTML the reader returned.
    let page = reader.doc.select_single("#readability-page-1");
    if has_body && let Some(root) = page.nodes().first() {
        let known = polish::Known {
            title: article.title.as_deref(),
            byline: article.byline.as_deref(),
            host: base.as_ref().and_then(Url::host_str),
        };
        polish::polish(root, &known, report);
        article.text = text::node_text(root, true);
        body_html = root.html().to_string();
    }
    article.html = sanitize_html(&body_html, base.as_ref().map(Url::as_str));
    let (words, long_paragraphs) = text_stats(&article.text);
    article.word_count = words;
    article.quality = quality(&article, long_paragraphs);
    Ok(article)
}

fn check_input(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF document"),
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1F\x8B", "gzip data"),
        (b"RIFF", "RIFF media"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(ExtractError::NotHtml(what));
    }
    let head = &bytes[..bytes.len().min(1024)];
    let has_utf16_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !has_utf16_bom && head.iter().filter(|&&b| b == 0).count() * 10 > head.len() {
        return Err(ExtractError::NotHtml("binary data"));
    }
    Ok(())
}

/// The URL relative references resolve against: the page's `<base href>`
/// (`base_href`) joined to the page URL.
fn base_url(base_href: Option<&str>, page: Option<&str>) -> Option<Url> {
    let page = page
        .and_then(|p| Url::parse(p.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    match (page, base_href) {
        // A `<base href="javascript:…">` is ignored like any base that is not http(s).
        (Some(page), Some(href)) => page
            .join(href)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .or(Some(page)),
        (None, Some(href)) => Url::parse(href)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https")),
        (page, None) => page,
    }
}

fn absolute(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let c = metadata::collapse(s);
    (!c.is_empty()).then_some(c)
}

/// Words in `text`, and paragraphs ("\n\n"-separated) of at least 12 words,
/// in one pass (a paragraph break is whitespace, so it never splits a word).
fn text_stats(text: &str) -> (usize, usize) {
    let (mut words, mut long) = (0, 0);
    for p in text.split("\n\n") {
        let n = p.split_whitespace().count();
        words += n;
        long += usize::from(n >= 12);
    }
    (words, long)
}

/// A 0..1 confidence that the body is a real article: long enough, made of
/// paragraphs (`paragraphs` of 12 words or more), not a list of links.
fn quality(a: &Article, paragraphs: usize) -> f32 {
    if a.word_count == 0 {
        return 0.0;
    }
    let length = (a.word_count as f32 / 400.0).min(1.0);
    let structure = (paragraphs as f32 / 5.0).min(1.0);
    let links = a.html.matches("<a ").count() as f32;
    let link_penalty = (links / (a.word_count as f32 / 25.0 + 1.0)).min(1.0) * 0.3;
    (0.55 * length + 0.45 * structure - link_penalty).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::text_stats;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn text_stats_counts_every_word(text in "([a-z]{1,3}|[ \n\t]{1,3}){0,40}") {
            let (words, long) = text_stats(&text);
            prop_assert_eq!(words, text.split_whitespace().count());
            let expect = text.split("\n\n").filter(|p| p.split_whitespace().count() >= 12).count();
            prop_assert_eq!(long, expect);
        }
    }
}
