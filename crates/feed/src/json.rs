//! JSON Feed 1.0 and 1.1 (<https://jsonfeed.org>).
//!
//! JSON Feed is read leniently too: wrong types for a field are ignored with a warning rather
//! than failing the document, and both the 1.0 `author` and the 1.1 `authors` are read.

use serde_json::Value;

use crate::date::parse_date;
use crate::error::FeedError;
use crate::html::resolve_relative;
use crate::urls::resolve;
use crate::{Category, Enclosure, Feed, Format, Image, Item, Person, TextKind};

pub(crate) fn parse(
    text: &str,
    base: Option<&str>,
    mut warnings: Vec<String>,
) -> Result<Feed, FeedError> {
    // Read the first JSON value and tolerate junk after it (a stray newline-delimited log line
    // or a second document appended by a broken cache).
    let mut values = serde_json::Deserializer::from_str(text.trim_start_matches('\u{feff}'))
        .into_iter::<Value>();
    let value = match values.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            return Err(FeedError::NotAFeed(format!(
                "not a feed: invalid JSON: {e}"
            )));
        }
        None => return Err(FeedError::Empty),
    };
    if values.next().is_some() {
        warnings.push("text after the JSON document ignored".into());
    }
    let Some(obj) = value.as_object() else {
        return Err(FeedError::NotAFeed(
            "not a feed: the JSON document is not an object".into(),
        ));
    };
    let version = obj.get("version").and_then(Value::as_str).unwrap_or("");
    if !version.contains("jsonfeed.org") && obj.get("items").is_none() {
        return Err(FeedError::NotAFeed(
            "not a feed: the JSON document has no JSON Feed version or items".into(),
        ));
    }
    let format = if version.ends_with("/1") {
        Format::JsonFeed10
    } else {
        Format::JsonFeed11
    };
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let url = |v: &Value, k: &str| s(v, k).map(|u| resolve(base, &u));
    let feed_url = s(&value, "feed_url");
    let base_owned = base.map(str::to_owned).or(feed_url);
    let base = base_owned.as_deref();
    let mut entries = Vec::new();
    match obj.get("items") {
        Some(Value::Array(items)) => {
            for item in items {
                if !item.is_object() {
                    warnings.push("JSON Feed item is not an object".into());
                    continue;
                }
                let link = url(item, "url").or_else(|| url(item, "external_url"));
                let content = s(item, "content_html")
                    .map(|h| {
                        (
                            resolve_relative(&h, link.as_deref().or(base)),
                            TextKind::Html,
                        )
                    })
                    .or_else(|| s(item, "content_text").map(|t| (t, TextKind::Plain)));
                let content_kind = content.as_ref().map_or(TextKind::Html, |c| c.1);
                let content = content.map(|c| c.0);
                let enclosures = item
                    .get("attachments")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|att| {
                                Some(Enclosure {
                                    url: url(att, "url")?,
                                    mime_type: s(att, "mime_type"),
                                    length: att.get("size_in_bytes").and_then(Value::as_u64),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let id = item.get("id").and_then(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
                entries.push(Item {
                    id,
                    title: s(item, "title"),
                    title_kind: TextKind::Plain,
                    link,
                    summary: s(item, "summary"),
                    summary_kind: TextKind::Plain,
                    content,
                    content_kind,
                    published: s(item, "date_published").and_then(|d| parse_date(&d)),
                    updated: s(item, "date_modified").and_then(|d| parse_date(&d)),
                    authors: authors(item),
                    rights: None,
                    language: s(item, "language"),
                    categories: item
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|t| {
                            t.iter()
                                .filter_map(Value::as_str)
                                .filter(|t| !t.trim().is_empty())
                                .map(|t| Category {
                                    term: t.trim().to_owned(),
                                    scheme: None,
                                    label: None,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    enclosures,
                    image: url(item, "image").or_else(|| url(item, "banner_image")),
                });
            }
        }
        Some(_) => warnings.push("JSON Feed items is not a list".into()),
        None => warnings.push("JSON Feed has no items".into()),
    }
    let image = url(&value, "icon")
        .or_else(|| url(&value, "favicon"))
        .map(|u| Image {
            url: Some(u),
            title: None,
            link: None,
        });
    Ok(Feed {
        format,
        title: s(&value, "title"),
        title_kind: TextKind::Plain,
        link: url(&value, "home_page_url"),
        subtitle: s(&value, "description"),
        subtitle_kind: TextKind::Plain,
        language: s(&value, "language"),
        rights: None,
        id: s(&value, "feed_url"),
        updated: None,
        published: None,
        authors: authors(&value),
        image,
        categories: Vec::new(),
        ttl_minutes: None,
        update_period_minutes: None,
        hubs: hubs(&value, url),
        self_url: url(&value, "feed_url"),
        items: entries,
        warnings,
    })
}

/// The `hubs` of a JSON Feed: objects with a `type` (WebSub, or rssCloud which is not used
/// here) and a `url`.
fn hubs(v: &Value, url: impl Fn(&Value, &str) -> Option<String>) -> Vec<String> {
    let Some(list) = v.get("hubs").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for hub in list {
        let websub = hub
            .get("type")
            .and_then(Value::as_str)
            .is_none_or(|t| t.trim().eq_ignore_ascii_case("websub"));
        if let Some(u) = url(hub, "url").filter(|_| websub)
            && !out.contains(&u)
            && out.len() < crate::MAX_HUBS
        {
            out.push(u);
        }
    }
    out
}

fn authors(v: &Value) -> Vec<Person> {
    let one = |a: &Value| {
        let get = |k: &str| {
            a.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let p = Person {
            name: get("name"),
            email: None,
            uri: get("url"),
        };
        (p.name.is_some() || p.uri.is_some()).then_some(p)
    };
    match (v.get("authors"), v.get("author")) {
        (Some(Value::Array(list)), _) => list.iter().filter_map(one).collect(),
        (_, Some(a)) => one(a).into_iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_feed() {
        let doc = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "home_page_url": "https://example.org/", "authors": [{"name": "Ann"}],
            "items": [{"id": 1, "url": "/a", "content_html": "<p><a href='b'>x</a></p>",
                       "date_published": "2024-01-02T03:04:05Z", "tags": ["x"],
                       "image": "https://example.org/i.png",
                       "attachments": [{"url": "https://example.org/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 5}]}]}"#;
        let opts = crate::ParseOptions {
            url: Some("https://example.org/feed.json".into()),
            ..Default::default()
        };
        let feed = crate::parse(doc, &opts).unwrap();
        assert_eq!(feed.format, crate::Format::JsonFeed11);
        let e = &feed.items[0];
        assert_eq!(e.id.as_deref(), Some("1"));
        assert_eq!(e.link.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            e.content.as_deref(),
            Some("<p><a href='https://example.org/b'>x</a></p>")
        );
        assert_eq!(e.enclosures[0].length, Some(5));
        assert_eq!(e.image.as_deref(), Some("https://example.org/i.png"));
        assert_eq!(feed.authors[0].name.as_deref(), Some("Ann"));
        assert!(feed.warnings.is_empty());

        let text_only = br#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "a", "content_text": "x < y\n\nz"}]}"#;
        let feed = crate::parse(text_only, &crate::ParseOptions::default()).unwrap();
        let e = &feed.items[0];
        assert_eq!(e.content_kind, crate::TextKind::Plain);
        assert_eq!(e.content_html().as_deref(), Some("x &lt; y<br><br>z"));

        let trailing = br#"{"version": "https://jsonfeed.org/version/1", "items": []} junk"#;
        let feed = crate::parse(trailing, &crate::ParseOptions::default()).unwrap();
        assert_eq!(feed.format, crate::Format::JsonFeed10);
        assert_eq!(feed.warnings.len(), 1);
    }
}
