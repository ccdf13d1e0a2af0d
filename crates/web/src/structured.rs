//! Structured data for search engines and news apps: schema.org JSON-LD in the pages' heads
//! (`NewsArticle` on article pages, an `ItemList` of a story's articles, a `BreadcrumbList`
//! on topic pages, `WebSite` with a `SearchAction` on the front page).
//!
//! The JSON is serialised by serde and then made safe inside a `<script>` element: `<`, `>`
//! and `&` (and the line separators JavaScript parsers once choked on) are written as `\u`
//! escapes, so no text can end the element or open a comment, whatever an article says.

use serde_json::{Value, json};

/// The `<script type="application/ld+json">` element for `value`.
pub fn script(value: &Value) -> String {
    let mut out = String::from("<script type=\"application/ld+json\">");
    for c in value.to_string().chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
    out
}

/// This site as a publisher.
fn publisher(site_name: &str, base: &str) -> Value {
    json!({ "@type": "Organization", "name": site_name, "url": format!("{base}/") })
}

/// What a `NewsArticle` says.
pub struct Article<'a> {
    pub url: &'a str,
    pub headline: &'a str,
    pub description: &'a str,
    pub image: Option<&'a str>,
    pub published: &'a str,
    pub modified: Option<&'a str>,
    pub author: Option<&'a str>,
    pub source_name: &'a str,
    /// The publisher's page this article is based on (checked to be a web address).
    pub original: Option<&'a str>,
    /// The article's topics (publishers' sections, names and phrases), as `keywords`.
    pub keywords: Vec<&'a str>,
    pub lang: &'a str,
}

pub fn news_article(site_name: &str, base: &str, a: &Article<'_>) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": { "@type": "WebPage", "@id": a.url },
        "url": a.url,
        "headline": a.headline.chars().take(110).collect::<String>(),
        "description": a.description,
        "datePublished": a.published,
        "dateModified": a.modified.unwrap_or(a.published),
        "inLanguage": a.lang,
        "author": match a.author {
            Some(name) => json!({ "@type": "Person", "name": name }),
            None => json!({ "@type": "Organization", "name": a.source_name }),
        },
        "publisher": publisher(site_name, base),
        "sourceOrganization": { "@type": "Organization", "name": a.source_name },
    });
    if let Some(image) = a.image.and_then(gazette_model::web_link) {
        v["image"] = json!([image]);
    }
    if let Some(original) = a.original.and_then(gazette_model::web_link) {
        v["isBasedOn"] = json!(original);
    }
    if !a.keywords.is_empty() {
        v["keywords"] = json!(a.keywords);
    }
    v
}

/// A story's articles, in the order shown.
pub fn item_list(name: &str, page_url: &str, items: &[(String, String)]) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "url": page_url,
        "numberOfItems": items.len(),
        "itemListElement": items.iter().enumerate().map(|(i, (url, title))| json!({
            "@type": "ListItem", "position": i + 1, "url": url, "name": title,
        })).collect::<Vec<_>>(),
    })
}

/// Home › Topic.
pub fn breadcrumbs(base: &str, trail: &[(&str, String)]) -> Value {
    let mut items = vec![json!({
        "@type": "ListItem", "position": 1, "name": "Home", "item": format!("{base}/"),
    })];
    for (i, (name, url)) in trail.iter().enumerate() {
        items.push(json!({ "@type": "ListItem", "position": i + 2, "name": name, "item": url }));
    }
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items })
}

/// The site, with its search for rich results.
pub fn website(site_name: &str, base: &str, description: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name,
        "url": format!("{base}/"),
        "description": description,
        "publisher": publisher(site_name, base),
        "potentialAction": {
            "@type": "SearchAction",
            "target": { "@type": "EntryPoint", "urlTemplate": format!("{base}/search?q={{search_term_string}}") },
            "query-input": "required name=search_term_string",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_can_end_the_script_element() {
        let v = json!({ "headline": "</script><script>alert(1)</script> & <!-- \u{2028}" });
        let s = script(&v);
        let inner = &s["<script type=\"application/ld+json\">".len()..s.len() - "</script>".len()];
        assert!(
            !inner.contains('<') && !inner.contains('>') && !inner.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(inner).unwrap();
        assert_eq!(back, v, "still the same JSON");
    }

    #[test]
    fn an_article_names_its_original_and_this_site() {
        let a = Article {
            url: "https://news.example/article/1/x",
            headline: "Bridge reopens",
            description: "d",
            image: Some("javascript:alert(1)"),
            published: "2026-12-01T10:00:00Z",
            modified: None,
            author: None,
            source_name: "The Ledger",
            original: Some("https://ledger.example/bridge"),
            keywords: vec!["City"],
            lang: "en",
        };
        let v = news_article("Gazette", "https://news.example", &a);
        assert_eq!(v["@type"], "NewsArticle");
        assert_eq!(v["isBasedOn"], "https://ledger.example/bridge");
        assert_eq!(v["publisher"]["name"], "Gazette");
        assert_eq!(v["dateModified"], "2026-12-01T10:00:00Z");
        assert!(v.get("image").is_none(), "a non-web image is left out");
    }
}
