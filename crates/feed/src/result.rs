//! The format-neutral result model used by the conformance corpus and `gazette feed parse`.
//!
//! It is a view of [`Feed`] with the field names of the corpus schema (`type` for an
//! enclosure's MIME type, `author` for the first author, dates as RFC 3339 UTC strings).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::{Category, Enclosure, Feed, Item, Person};

fn date(d: Option<DateTime<Utc>>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    })
}

fn person(p: &Person) -> Value {
    json!({"name": p.name, "email": p.email, "uri": p.uri})
}

fn category(c: &Category) -> Value {
    json!({"term": c.term, "scheme": c.scheme, "label": c.label})
}

fn enclosure(e: &Enclosure) -> Value {
    json!({"url": e.url, "type": e.mime_type, "length": e.length})
}

fn entry(e: &Item) -> Value {
    json!({
        "title": e.title,
        "title_kind": e.title_kind,
        "link": e.link,
        "id": e.id,
        "summary": e.summary,
        "summary_kind": e.summary_kind,
        "content": e.content,
        "content_kind": e.content_kind,
        "published": date(e.published),
        "updated": date(e.updated),
        "author": e.authors.first().map(person),
        "authors": e.authors.iter().map(person).collect::<Vec<_>>(),
        "rights": e.rights,
        "language": e.language,
        "categories": e.categories.iter().map(category).collect::<Vec<_>>(),
        "enclosures": e.enclosures.iter().map(enclosure).collect::<Vec<_>>(),
        "image": e.image,
    })
}

impl Feed {
    /// The feed in the result model: `{"feed": {...}, "entries": [...]}`.
    pub fn to_result_json(&self) -> Value {
        json!({
            "feed": self.feed_result_json(),
            "entries": self.items.iter().map(entry).collect::<Vec<_>>(),
        })
    }

    /// [`Feed::to_result_json`] with `"error": null`, written as pretty JSON one entry at a
    /// time: the same text as `to_string_pretty` of the whole value (keys in order), without
    /// ever holding the whole tree (a 20,000-item feed's tree cost most of the time and memory
    /// of `gazette feed parse`).
    pub fn write_result_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let pretty = |v: &Value, indent: &str| {
            serde_json::to_string_pretty(v)
                .unwrap_or_default()
                .replace('\n', &format!("\n{indent}"))
        };
        if self.items.is_empty() {
            out.write_all(b"{\n  \"entries\": [],")?;
        } else {
            out.write_all(b"{\n  \"entries\": [")?;
            for (i, e) in self.items.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                write!(out, "{sep}\n    {}", pretty(&entry(e), "    "))?;
            }
            out.write_all(b"\n  ],")?;
        }
        write!(
            out,
            "\n  \"error\": null,\n  \"feed\": {}\n}}",
            pretty(&self.feed_result_json(), "  ")
        )
    }

    fn feed_result_json(&self) -> Value {
        json!({
            "format": self.format.as_str(),
            "title": self.title,
            "title_kind": self.title_kind,
            "link": self.link,
            "subtitle": self.subtitle,
            "subtitle_kind": self.subtitle_kind,
            "language": self.language,
            "rights": self.rights,
            "id": self.id,
            "updated": date(self.updated),
            "published": date(self.published),
            "author": self.authors.first().map(person),
            "authors": self.authors.iter().map(person).collect::<Vec<_>>(),
            "image": self.image.as_ref().map(|i| json!({"url": i.url, "title": i.title, "link": i.link})),
            "categories": self.categories.iter().map(category).collect::<Vec<_>>(),
            "ttl": self.ttl_minutes,
            "update_period_minutes": self.update_period_minutes,
            "warnings": self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_result_is_the_pretty_printed_tree() {
        for xml in [
            "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>https://x.example/a</link></item><item><title>B &amp; \"C\"</title></item></channel></rss>",
            "<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>",
        ] {
            let feed = crate::parse(xml.as_bytes(), &crate::ParseOptions::default()).unwrap();
            let mut tree = feed.to_result_json();
            tree.as_object_mut()
                .unwrap()
                .insert("error".into(), Value::Null);
            let mut streamed = Vec::new();
            feed.write_result_json(&mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                serde_json::to_string_pretty(&tree).unwrap()
            );
        }
    }
}
