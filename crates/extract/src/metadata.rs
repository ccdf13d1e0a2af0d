//! Page metadata: what the page says about itself, before any body scoring.
//!
//! Sources, most trusted first: schema.org JSON-LD (`NewsArticle` and its
//! relatives, also inside `@graph`), Open Graph / `article:*` properties,
//! plain `<meta name>` tags and Dublin Core, `<link rel=canonical>`, the
//! `<html lang>` attribute and the first `<time datetime>`.

use chrono::{DateTime, Utc};
use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::clean::style_hides;
use crate::date::parse_date;

/// Metadata read from the page head and structured data.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub excerpt: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
    pub lang: Option<String>,
    pub image: Option<String>,
    pub canonical: Option<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    /// The `href` of the first `<base href>`, trimmed.
    pub base_href: Option<String>,
    /// Does the page have a JSON-LD script (type compared trimmed and in
    /// any case, so also whenever a stricter test would find one)?
    pub has_json_ld: bool,
}

/// JSON-LD `@type`s that describe an article page.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
    "WebPage",
    "AskPublicAction",
    "Review",
];

/// Reads metadata from a parsed page. Never fails; missing fields stay `None`.
pub(crate) fn read(doc: &Document) -> PageMeta {
    let mut m = PageMeta::default();
    let mut ld = LdArticle::default();
    // One walk collects every element metadata is read from.
    let mut scripts = Vec::new();
    let mut meta_nodes = Vec::new();
    let mut time: Option<String> = None;
    let mut lang: Option<String> = None;
    let mut canonical: Option<String> = None;
    for node in doc.root().descendants_it() {
        let Some(el) = node.element_ref() else {
            continue;
        };
        match &*el.name.local {
            "meta" => meta_nodes.push(node),
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                scripts.push(node);
            }
            "time" if time.is_none() => {
                time = el
                    .attr("datetime")
                    .map(|d| d.to_string())
                    .filter(|d| parse_date(d).is_some())
            }
            "html" if lang.is_none() => {
                lang = el
                    .attr("lang")
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
            }
            "link"
                if canonical.is_none()
                    && el
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                canonical = el
                    .attr("href")
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty());
            }
            "base" if m.base_href.is_none() => {
                m.base_href = el.attr("href").map(|h| h.trim().to_string())
            }
            _ => {}
        }
    }
    m.has_json_ld = !scripts.is_empty();
    for script in scripts {
        let text = script.text();
        let text = text
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            find_article(&v, &mut ld, 0);
        }
    }

    let mut metas: Vec<(String, String)> = Vec::new();
    for meta in meta_nodes {
        let key = meta
            .attr("property")
            .or_else(|| meta.attr("name"))
            .or_else(|| meta.attr("itemprop"))
            .or_else(|| meta.attr("http-equiv"));
        let (Some(key), Some(content)) = (key, meta.attr("content")) else {
            continue;
        };
        let content = collapse(&content);
        if content.is_empty() {
            continue;
        }
        metas.push((key.trim().to_ascii_lowercase(), content));
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };

    m.title = ld
        .headline
        .clone()
        .or_else(|| get(&["og:title", "twitter:title", "dc.title", "title"]));
    m.byline = ld.author.clone().or_else(|| {
        get(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
            "parsely-author",
            "twitter:creator",
        ])
        .filter(|a| !a.starts_with("http"))
    });
    m.excerpt = get(&[
        "og:description",
        "description",
        "twitter:description",
        "dc.description",
    ])
    .or_else(|| ld.description.clone());
    m.site_name = get(&["og:site_name"]).or_else(|| ld.publisher.clone());
    m.published = ld.published.as_deref().and_then(parse_date).or_else(|| {
        get(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "pubdate",
            "publishdate",
            "publish-date",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
            "published_time",
        ])
        .as_deref()
        .and_then(parse_date)
    });
    m.modified = ld.modified.as_deref().and_then(parse_date).or_else(|| {
        get(&[
            "article:modified_time",
            "og:updated_time",
            "datemodified",
            "last-modified",
            "dcterms.modified",
        ])
        .as_deref()
        .and_then(parse_date)
    });
    if m.published.is_none() {
        m.published = time.as_deref().and_then(parse_date);
    }
    m.lang = lang
        .or_else(|| {
            get(&["content-language", "dc.language", "og:locale"]).map(|l| l.replace('_', "-"))
        })
        .or_else(|| ld.lang.clone());
    m.image = get(&[
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "twitter:image",
        "twitter:image:src",
    ])
    .or_else(|| ld.image.clone());
    m.canonical = canonical
        .or_else(|| get(&["og:url"]))
        .or_else(|| ld.url.clone());
    m.section =
        get(&["article:section", "section", "parsely-section"]).or_else(|| ld.section.clone());

    let mut keywords: Vec<String> = Vec::new();
    for (k, v) in &metas {
        if k == "article:tag" {
            keywords.push(v.clone());
        } else if k == "keywords" || k == "news_keywords" {
            keywords.extend(v.split([',', ';']).map(str::to_string));
        }
    }
    keywords.extend(ld.keywords);
    let mut seen = std::collections::HashSet::new();
    m.keywords = keywords
        .into_iter()
        .map(|k| collapse(&k))
        .filter(|k| !k.is_empty() && k.len() < 100 && seen.insert(k.to_lowercase()))
        .take(32)
        .collect();
    m
}

/// The byline as the page shows it: the first visible element marked as the
/// author (`rel=author`, `itemprop=author`, or a class or id naming a byline),
/// with short text. Its `itemprop=name` part is preferred when present.
pub(crate) fn dom_byline(doc: &Document) -> Option<String> {
    let body = doc.body()?;
    let mut stack: Vec<NodeRef> = body.children_it(true).filter(NodeRef::is_element).collect();
    while let Some(node) = stack.pop() {
        // one look at the element's attributes decides visibility and marking
        let (skip, marked) = {
            let Some(el) = node.element_ref() else {
                continue;
            };
            let mut hidden = matches!(
                &*el.name.local,
                "script" | "style" | "noscript" | "template"
            );
            let mut aria_hidden = false;
            let mut fallback_image = false;
            let mut marked = false;
            for a in &el.attrs {
                match &*a.name.local {
                    "hidden" => hidden = true,
                    "style" => hidden |= style_hides(&a.value),
                    "aria-hidden" => aria_hidden = &*a.value == "true",
                    "rel" => marked |= &*a.value == "author",
                    "itemprop" => marked |= a.value.contains("author"),
                    "class" => {
                        marked |= names_byline(&a.value);
                        fallback_image = a.value.contains("fallback-image");
                    }
                    "id" => marked |= names_byline(&a.value),
                    _ => {}
                }
            }
            (hidden || (aria_hidden && !fallback_image), marked)
        };
        if skip {
            continue;
        }
        if marked {
            let text = node.text();
            let text = text.trim();
            if !text.is_empty() && text.chars().count() < 100 {
                let named = node
                    .descendants_it()
                    .find(|d| d.attr("itemprop").is_some_and(|p| p.contains("name")))
                    .map(|d| collapse(&d.text()))
                    .filter(|n| !n.is_empty());
                return named.or_else(|| Some(collapse(text)));
            }
        }
        stack.extend(node.children_it(true).filter(NodeRef::is_element));
    }
    None
}

/// Does a class or id value contain, in any case, one of the words that mark
/// a byline ("byline", "author", "dateline", "writtenby"; "p-author" is
/// covered by "author")? One pass over the bytes: this runs on every element.
fn names_byline(v: &str) -> bool {
    let b = v.as_bytes();
    (0..b.len()).any(|i| {
        let word: &[u8] = match b[i].to_ascii_lowercase() {
            b'a' => b"author",
            b'b' => b"byline",
            b'd' => b"dateline",
            b'w' => b"writtenby",
            _ => return false,
        };
        b[i..]
            .get(..word.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    })
}

/// The article object found in JSON-LD, field by field.
#[derive(Default)]
struct LdArticle {
    found: bool,
    webpage: bool,
    headline: Option<String>,
    author: Option<String>,
    description: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    image: Option<String>,
    url: Option<String>,
    section: Option<String>,
    lang: Option<String>,
    keywords: Vec<String>,
}

fn is_article_type(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

/// Walks JSON-LD (arrays, `@graph`) and records the first article-typed
/// object; a `WebPage` is used only while no real article type was seen.
fn find_article(v: &Value, ld: &mut LdArticle, depth: usize) {
    if depth > 4 || ld.found {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| find_article(i, ld, depth + 1)),
        Value::Object(obj) => {
            if is_article_type(v) {
                let is_webpage = v.get("@type").and_then(Value::as_str) == Some("WebPage");
                if !is_webpage {
                    fill(v, ld);
                    ld.found = true;
                } else if !ld.webpage {
                    fill(v, ld);
                    ld.webpage = true;
                }
            }
            if let Some(graph) = obj.get("@graph") {
                find_article(graph, ld, depth + 1);
            }
            if let Some(main) = obj.get("mainEntity") {
                find_article(main, ld, depth + 1);
            }
        }
        _ => {}
    }
}

fn fill(v: &Value, ld: &mut LdArticle) {
    let s = |key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    ld.headline = s("headline").or_else(|| s("name"));
    ld.description = s("description");
    ld.published = s("datePublished").or_else(|| s("dateCreated"));
    ld.modified = s("dateModified");
    ld.url = s("url");
    ld.lang = s("inLanguage");
    ld.section = match v.get("articleSection") {
        Some(Value::String(s)) => Some(collapse(s)),
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).map(collapse),
        _ => None,
    };
    ld.author = v
        .get("author")
        .and_then(names)
        .or_else(|| v.get("creator").and_then(names));
    ld.publisher = v.get("publisher").and_then(|p| match p {
        Value::String(s) => Some(collapse(s)),
        Value::Object(_) => p.get("name").and_then(Value::as_str).map(collapse),
        Value::Array(a) => a
            .first()
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(collapse),
        _ => None,
    });
    ld.image = v.get("image").and_then(image_url);
    ld.keywords = match v.get("keywords") {
        Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
}

/// Author names joined with ", ", from a string, a Person object or an array of them.
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![collapse(s)],
        Value::Object(_) => v
            .get("name")
            .and_then(Value::as_str)
            .map(collapse)
            .into_iter()
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(collapse(s)),
                _ => x.get("name").and_then(Value::as_str).map(collapse),
            })
            .collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(_) => v
            .get("url")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        Value::Array(a) => a.first().and_then(image_url),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::names_byline;
    use proptest::prelude::*;

    #[test]
    fn byline_words_in_class_names() {
        for v in [
            "article-byline",
            "p-author h-card",
            "BylineBlock",
            "WrittenBy",
            "x story__DATELINE",
        ] {
            assert!(names_byline(v), "{v}");
        }
        for v in ["date-line", "authr", "by-line", "", "a"] {
            assert!(!names_byline(v), "{v}");
        }
    }

    proptest! {
        #[test]
        fn same_as_searching_each_word(v in "(author|byline|dateline|writtenby|p-author|AUTH|BYL|Date|[a-z -]){0,8}") {
            let expect = ["byline", "author", "dateline", "writtenby", "p-author"]
                .iter()
                .any(|w| v.as_bytes().windows(w.len()).any(|s| s.eq_ignore_ascii_case(w.as_bytes())));
            prop_assert_eq!(names_byline(&v), expect);
        }
    }
}
