//! Maps an XML tree of any XML feed format onto [`Feed`].
//!
//! One mapping serves RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF, because real feeds mix
//! vocabularies freely (Atom links in RSS, Dublin Core everywhere). The format decides only where
//! the channel and the items are; each element is then read by its canonical name wherever it
//! appears. The first value of a field wins, except where a more specific element is preferred
//! (an RSS `link` over a permalink `guid`, `title` over `media:title`, ...) and for dates, where
//! the last readable value wins as in feedparser. Items are read one by one as the tree builder
//! finishes them (see `xml::parse_streaming`), so their trees never pile up.

mod element;
mod person;
mod text;

use chrono::{DateTime, Utc};

use crate::date::parse_date;
use crate::error::FeedError;
use crate::urls::resolve;
use crate::xml::Element;
use crate::{Category, Enclosure, Feed, Format, Image, Item, Person, TextKind};
use element::read_element;

/// A text value and how to read it.
pub(crate) type Text = (String, TextKind);

/// Fields shared by the channel and its items while they are being read.
#[derive(Default)]
pub(crate) struct Fields {
    title: Option<Text>,
    media_title: Option<Text>,
    link: Option<String>,
    /// The link is an alternate of a non-HTML type that an HTML alternate may replace.
    link_not_html: bool,
    guid_link: Option<String>,
    orig_link: Option<String>,
    /// Atom `icon`: the feed's image only when it has no other.
    icon: Option<String>,
    /// Which element (`description` or `summary`) gave an item's summary.
    summary_from: Option<String>,
    summary: Option<Text>,
    alt_summary: Option<Text>,
    content: Option<Text>,
    language: Option<String>,
    rights: Option<String>,
    id: Option<String>,
    updated: Option<DateTime<Utc>>,
    published: Option<DateTime<Utc>>,
    authors: Vec<Person>,
    image: Option<Image>,
    categories: Vec<Category>,
    enclosures: Vec<Enclosure>,
    entry_image: Option<String>,
    /// The declared width of `entry_image`, 0 when unknown.
    entry_image_width: u32,
    ttl: Option<u32>,
    update_period: Option<u32>,
    update_frequency: Option<u32>,
    hubs: Vec<String>,
    self_link: Option<String>,
}

/// The format of a document, from its document element; `None` when it is not a feed.
pub(crate) fn format_of(root: &Element) -> Option<Format> {
    Some(match root.local.as_str() {
        "rss" => match root.attr("version").map(str::trim) {
            Some("0.91") => Format::Rss091,
            Some("0.92") => Format::Rss092,
            Some("0.93") => Format::Rss093,
            Some("0.94") => Format::Rss094,
            Some(v) if v.starts_with('2') => Format::Rss20,
            _ => Format::Rss,
        },
        "rdf" => match root.child("", "channel").and_then(|c| c.ns.as_deref()) {
            Some(ns) if ns.contains("netscape") => Format::Rss090,
            _ => Format::Rss10,
        },
        "feed" | "entry" => match root.ns.as_deref() {
            Some(ns) if ns.contains("purl.org/atom") => Format::Atom03,
            Some(ns) if ns.contains("2005/Atom") => Format::Atom10,
            _ if root.attr("version") == Some("0.3") => Format::Atom03,
            _ => Format::Atom10,
        },
        "channel" if root.name == "CHANNEL" || root.attr("href").is_some() => Format::Cdf,
        "channel" => Format::Rss,
        _ if root.child("", "channel").is_some() => Format::Rss,
        _ => return None,
    })
}

/// Reads the document whose root is `root`. `streamed` are the entries already read while
/// the tree was built (they are no longer in it); `content_language` is the HTTP fallback
/// language.
pub(crate) fn map_document(
    root: &Element,
    streamed: Vec<Item>,
    content_language: Option<&str>,
    warnings: Vec<String>,
) -> Result<Feed, FeedError> {
    let Some(format) = format_of(root) else {
        return Err(FeedError::NotAFeed(format!(
            "not a feed: the document element is <{}>",
            root.name
        )));
    };
    if root.local == "entry" {
        // An Atom entry document: a feed of one entry.
        let mut feed = empty_feed(format, warnings);
        feed.items = streamed;
        feed.items.push(read_entry(root, format));
        return Ok(feed);
    }
    let channel = match root.local.as_str() {
        "rss" | "rdf" => root.child("", "channel").unwrap_or(root),
        "feed" | "channel" => root,
        _ => root.child("", "channel").unwrap_or(root),
    };
    let item_parents = [channel, root];

    let mut f = Fields::default();
    let mut entries = streamed;
    if format == Format::Cdf {
        read_cdf_attrs(channel, &mut f);
    }
    for el in channel.elements() {
        if is_entry(el) {
            continue;
        }
        read_element(el, &mut f, false, format);
    }
    // RSS 1.0 puts the image (and items) beside the channel.
    if !std::ptr::eq(channel, root) && root.local == "rdf" {
        for el in root.elements() {
            if el.is("", "image") && f.image.as_ref().is_none_or(|i| i.url.is_none()) {
                read_element(el, &mut f, false, format);
            }
        }
    }
    for (i, parent) in item_parents.iter().enumerate() {
        // The channel may be the root itself (no `<channel>`): read its items once.
        if item_parents[..i].iter().any(|p| std::ptr::eq(*p, *parent)) {
            continue;
        }
        for el in parent.elements() {
            if is_entry(el) {
                entries.push(read_entry(el, format));
            }
        }
    }

    let language = f
        .language
        .clone()
        .or_else(|| {
            root.attr_ns("xml", "lang")
                .map(|l| l.trim().replace('_', "-"))
        })
        .or_else(|| {
            (!std::ptr::eq(channel, root))
                .then(|| channel.attr_ns("xml", "lang").map(|l| l.trim().to_owned()))
                .flatten()
        })
        .filter(|l| !l.is_empty())
        .or_else(|| content_language.map(|l| l.trim().to_owned()));
    let title = f.title.or(f.media_title);
    let subtitle = f.summary.or(f.alt_summary);
    if let Some(icon) = f.icon
        && f.image.as_ref().is_none_or(|i| i.url.is_none())
    {
        f.image.get_or_insert_with(Image::default).url = Some(icon);
    }
    let update_period_minutes = f
        .update_period
        .map(|p| p / f.update_frequency.unwrap_or(1).max(1));
    Ok(Feed {
        format,
        title_kind: kind(&title),
        title: title.map(|t| t.0),
        link: f.link,
        subtitle_kind: kind(&subtitle),
        subtitle: subtitle.map(|t| t.0),
        language,
        rights: f.rights,
        id: f.id,
        updated: f.updated,
        published: f.published,
        authors: f.authors,
        image: f
            .image
            .filter(|i| i.url.is_some() || i.title.is_some() || i.link.is_some()),
        categories: f.categories,
        ttl_minutes: f.ttl,
        update_period_minutes,
        hubs: f.hubs,
        self_url: f.self_link,
        items: entries,
        warnings,
    })
}

fn empty_feed(format: Format, warnings: Vec<String>) -> Feed {
    Feed {
        format,
        title: None,
        title_kind: TextKind::Html,
        link: None,
        subtitle: None,
        subtitle_kind: TextKind::Html,
        language: None,
        rights: None,
        id: None,
        updated: None,
        published: None,
        authors: Vec::new(),
        image: None,
        categories: Vec::new(),
        ttl_minutes: None,
        update_period_minutes: None,
        hubs: Vec::new(),
        self_url: None,
        items: Vec::new(),
        warnings,
    }
}

fn is_entry(el: &Element) -> bool {
    el.prefix.is_empty() && matches!(el.local.as_str(), "item" | "entry")
}

fn read_cdf_attrs(el: &Element, f: &mut Fields) {
    if let Some(href) = el.attr("href") {
        f.link = Some(resolve(el.base.as_deref(), href));
    }
    if let Some(d) = el.attr("lastmod") {
        f.updated = parse_date(d);
    }
}

/// Reads one item or entry.
pub(crate) fn read_entry(el: &Element, format: Format) -> Item {
    let mut f = Fields::default();
    if format == Format::Cdf {
        read_cdf_attrs(el, &mut f);
    }
    for child in el.elements() {
        read_element(child, &mut f, true, format);
    }
    if f.id.is_none()
        && let Some(about) = el.attr_ns("rdf", "about")
    {
        f.id = non_empty(about.trim());
    }
    let image = f.entry_image.or_else(|| {
        f.enclosures
            .iter()
            .find(|e| {
                e.mime_type
                    .as_deref()
                    .is_some_and(|t| t.starts_with("image/"))
            })
            .map(|e| e.url.clone())
    });
    let title = f.title.or(f.media_title);
    let summary = f.summary.or(f.alt_summary);
    let link = f.orig_link.or(f.link).or(f.guid_link).or_else(|| {
        matches!(format, Format::Atom03 | Format::Atom10)
            .then(|| id_as_link(&f.id))
            .flatten()
    });
    Item {
        id: f.id,
        title_kind: kind(&title),
        title: title.map(|t| t.0),
        link,
        summary_kind: kind(&summary),
        summary: summary.map(|t| t.0),
        content_kind: kind(&f.content),
        content: f.content.map(|t| t.0),
        published: f.published,
        updated: f.updated,
        authors: f.authors,
        rights: f.rights,
        language: f.language.or_else(|| {
            el.lang
                .as_deref()
                .map(|l| l.trim().replace('_', "-"))
                .filter(|l| !l.is_empty())
        }),
        categories: f.categories,
        enclosures: f.enclosures,
        image,
    }
}

/// An Atom entry without any link falls back to an id that is a web URL (Atom ids are often
/// the permalink), so the pipeline still has a page to show. RSS guids have `isPermaLink` to
/// say so and are handled where they are read.
fn id_as_link(id: &Option<String>) -> Option<String> {
    let id = id.as_deref()?;
    let lower = id.get(..8)?.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| id.to_owned())
}

fn kind(text: &Option<Text>) -> TextKind {
    text.as_ref().map_or(TextKind::Html, |t| t.1)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}
