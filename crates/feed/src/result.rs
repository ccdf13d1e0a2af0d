//! The format-neutral result model used by the conformance corpus and `gazette feed parse`.
//!
//! It is a view of [`Feed`] with the field names of the corpus schema (`type` for an
//! enclosure's MIME type, `author` for the first author, dates as RFC 3339 UTC strings).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::{Category, Enclosure, Entry, Feed, Person};

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

fn entry(e: &Entry) -> Value {
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
        let feed = json!({
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
        });
        json!({
            "feed": feed,
            "entries": self.entries.iter().map(entry).collect::<Vec<_>>(),
        })
    }
}
