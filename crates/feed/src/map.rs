//! Maps an XML tree of any XML feed format onto [`Feed`].
//!
//! One mapping serves RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF, because real feeds mix
//! vocabularies freely (Atom links in RSS, Dublin Core everywhere). The format decides only where
//! the channel and the items are; each element is then read by its canonical name wherever it
//! appears. The first value of a field wins, except where a more specific element is preferred
//! (an RSS `link` over a permalink `guid`, `title` over `media:title`, ...).

use base64::Engine;
use chrono::{DateTime, Utc};

use crate::date::parse_date;
use crate::error::FeedError;
use crate::html::resolve_relative;
use crate::urls::resolve;
use crate::xml::Element;
use crate::{Category, Enclosure, Entry, Feed, Format, Image, Person, TextKind};

/// A text value and how to read it.
type Text = (String, TextKind);

const ITUNES_SCHEME: &str = "http://www.itunes.com/";

/// Fields shared by the channel and its items while they are being read.
#[derive(Default)]
struct Fields {
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
    ttl: Option<u32>,
    update_period: Option<u32>,
    update_frequency: Option<u32>,
}

pub(crate) fn map_document(
    root: &Element,
    base: Option<&str>,
    content_language: Option<&str>,
    warnings: Vec<String>,
) -> Result<Feed, FeedError> {
    let (format, channel, item_parents): (Format, &Element, Vec<&Element>) =
        match root.local.as_str() {
            "rss" => {
                let format = match root.attr("version").map(str::trim) {
                    Some("0.91") => Format::Rss091,
                    Some("0.92") => Format::Rss092,
                    Some("0.93") => Format::Rss093,
                    Some("0.94") => Format::Rss094,
                    Some(v) if v.starts_with('2') => Format::Rss20,
                    _ => Format::Rss,
                };
                let channel = root.child("", "channel").unwrap_or(root);
                (format, channel, vec![channel, root])
            }
            "rdf" => {
                let channel = root.child("", "channel").unwrap_or(root);
                let format = match channel.ns.as_deref() {
                    Some(ns) if ns.contains("netscape") => Format::Rss090,
                    _ => Format::Rss10,
                };
                (format, channel, vec![root, channel])
            }
            "feed" => {
                let format = match root.ns.as_deref() {
                    Some(ns) if ns.contains("purl.org/atom") => Format::Atom03,
                    Some(ns) if ns.contains("2005/Atom") => Format::Atom10,
                    _ if root.attr("version") == Some("0.3") => Format::Atom03,
                    _ => Format::Atom10,
                };
                (format, root, vec![root])
            }
            "channel" if root.name == "CHANNEL" || root.attr("href").is_some() => {
                (Format::Cdf, root, vec![root])
            }
            "channel" => (Format::Rss, root, vec![root]),
            "entry" => {
                let format = match root.ns.as_deref() {
                    Some(ns) if ns.contains("purl.org/atom") => Format::Atom03,
                    _ => Format::Atom10,
                };
                let mut feed = empty_feed(format, warnings);
                feed.entries.push(read_entry(root, format));
                return Ok(feed);
            }
            _ => {
                if let Some(ch) = root.child("", "channel") {
                    (Format::Rss, ch, vec![ch, root])
                } else {
                    return Err(FeedError::NotAFeed(format!(
                        "the document's root element is <{}>, not a feed",
                        root.name
                    )));
                }
            }
        };

    let mut f = Fields::default();
    let mut entries = Vec::new();
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
    let mut seen_parents: Vec<*const Element> = Vec::new();
    for parent in item_parents {
        if seen_parents.contains(&(parent as *const Element)) {
            continue;
        }
        seen_parents.push(parent);
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
    let _ = base;
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
        entries,
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
        entries: Vec::new(),
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

fn read_entry(el: &Element, format: Format) -> Entry {
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
    Entry {
        id: f.id,
        title_kind: kind(&title),
        title: title.map(|t| t.0),
        link: f.orig_link.or(f.link).or(f.guid_link),
        summary_kind: kind(&summary),
        summary: summary.map(|t| t.0),
        content_kind: kind(&f.content),
        content: f.content.map(|t| t.0),
        published: f.published,
        updated: f.updated,
        authors: f.authors,
        rights: f.rights,
        categories: f.categories,
        enclosures: f.enclosures,
        image,
    }
}

/// Whether an element is one of the RSS pair `description`/`summary` (not an Atom summary
/// with a type, whose meaning is fixed).
fn atom_or_rss_summary(el: &Element) -> bool {
    matches!(el.local.as_str(), "description" | "summary") && el.attr("type").is_none()
}

/// Whether a URL's path ends with a common image file extension.
fn looks_like_image_url(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
        .iter()
        .any(|ext| path.ends_with(ext))
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

/// Reads one child element of a channel or item into `f`.
fn read_element(el: &Element, f: &mut Fields, in_entry: bool, format: Format) {
    let atom = matches!(format, Format::Atom03 | Format::Atom10);
    // Atom text constructs without a `type` are plain text; RSS text is HTML.
    let native = if atom && el.prefix.is_empty() {
        TextKind::Plain
    } else {
        TextKind::Html
    };
    let text_construct = |el: &Element| text_construct_default(el, native);
    match (el.prefix.as_str(), el.local.as_str()) {
        ("", "title") | ("dc", "title") => set(&mut f.title, text_construct(el)),
        ("media", "title") => set(
            &mut f.media_title,
            text_construct_default(el, TextKind::Plain),
        ),
        ("", "link") => read_link(el, f, in_entry),
        // RSS items with both `description` and `summary`: the second is the full content.
        ("", "description") | ("", "summary")
            if in_entry
                && f.summary_from.is_some()
                && f.summary_from.as_deref() != Some(el.local.as_str()) =>
        {
            set(&mut f.content, text_construct(el));
        }
        ("", "description")
        | ("", "subtitle")
        | ("", "tagline")
        | ("", "abstract")
        | ("", "summary")
            if f.summary.is_none() =>
        {
            f.summary = text_construct(el);
            if f.summary.is_some() && atom_or_rss_summary(el) {
                f.summary_from = Some(el.local.clone());
            }
        }
        ("media", "description") => {
            set(
                &mut f.alt_summary,
                text_construct_default(el, TextKind::Plain),
            );
        }
        ("dc", "description") | ("itunes", "summary") => {
            set(&mut f.alt_summary, text_construct(el));
        }
        ("itunes", "subtitle") if !in_entry => set(&mut f.alt_summary, text_construct(el)),
        ("", "content") if in_entry && el.attr("src").is_none() => {
            set(&mut f.content, text_construct(el));
        }
        ("content", "encoded") | ("", "fullitem") if in_entry => {
            set(&mut f.content, text_construct(el));
        }
        ("xhtml", "body") | ("", "body") if in_entry => {
            let html = resolve_relative(el.inner_xml().trim(), el.base.as_deref());
            set(
                &mut f.content,
                non_empty(&html).map(|h| (h, TextKind::Html)),
            );
        }
        ("", "language") | ("dc", "language") => {
            set(&mut f.language, el.text_opt().map(|l| l.replace('_', "-")));
        }
        ("", "copyright") | ("", "rights") | ("dc", "rights") => {
            set(&mut f.rights, text_construct(el).map(|t| t.0));
        }
        ("", "id") => {
            set(
                &mut f.id,
                el.text_opt().map(|t| resolve(el.base.as_deref(), &t)),
            );
        }
        ("", "guid") => {
            let value = el.text_opt();
            if value.is_some() && f.id.is_none() {
                let permalink = !el
                    .attr("ispermalink")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
                if permalink {
                    set(
                        &mut f.guid_link,
                        value.as_deref().map(|v| resolve(el.base.as_deref(), v)),
                    );
                }
                f.id = value;
            }
        }
        ("", "updated")
        | ("", "modified")
        | ("", "lastbuilddate")
        | ("dc", "date")
        | ("dcterms", "modified") => {
            // For dates the last readable value wins, as in feedparser.
            if let Some(d) = el.text_opt().and_then(|t| parse_date(&t)) {
                f.updated = Some(d);
            }
        }
        ("", "pubdate") | ("", "issued") | ("", "published") | ("dcterms", "issued") => {
            if let Some(d) = el.text_opt().and_then(|t| parse_date(&t)) {
                f.published = Some(d);
            }
        }
        ("", "author")
        | ("", "managingeditor")
        | ("dc", "creator")
        | ("dc", "author")
        | ("itunes", "author") => {
            if let Some(p) = read_person(el)
                && !f.authors.contains(&p)
            {
                f.authors.push(p);
            }
        }
        ("", "image") if !in_entry => read_image(el, f),
        ("", "icon") if !in_entry => {
            set(
                &mut f.icon,
                el.text_opt().map(|u| resolve(el.base.as_deref(), &u)),
            );
        }
        ("", "logo") if !in_entry => {
            if f.image.as_ref().is_none_or(|i| i.url.is_none())
                && let Some(url) = el.text_opt()
            {
                f.image.get_or_insert_with(Image::default).url =
                    Some(resolve(el.base.as_deref(), &url));
            }
        }
        ("itunes", "image") | ("itunes", "link") => {
            if el.local == "link" && el.attr("rel") != Some("image") {
                return;
            }
            let url = el
                .attr("href")
                .or_else(|| el.attr("url"))
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|u| resolve(el.base.as_deref(), u));
            if let Some(url) = url {
                if in_entry {
                    set(&mut f.entry_image, Some(url));
                } else if f.image.as_ref().is_none_or(|i| i.url.is_none()) {
                    f.image.get_or_insert_with(Image::default).url = Some(url);
                }
            }
        }
        ("", "category") => {
            let term = if atom || el.attr("term").is_some() {
                el.attr("term").map(|t| t.trim().to_owned())
            } else {
                el.text_opt()
            };
            let scheme = el
                .attr("scheme")
                .or_else(|| el.attr("domain"))
                .and_then(|s| non_empty(s.trim()));
            let label = el.attr("label").and_then(|s| non_empty(s.trim()));
            push_category(f, term, scheme, label);
        }
        ("dc", "subject") => push_category(f, el.text_opt(), None, None),
        ("", "tags") => {
            for tag in el.text().split(',') {
                push_category(f, non_empty(tag.trim()), None, None);
            }
        }
        ("itunes", "category") => read_itunes_category(el, f),
        ("itunes", "keywords") => {
            for kw in el.text().split(',') {
                let kw = kw.trim();
                if !kw.is_empty() && !f.categories.iter().any(|c| c.term == kw) {
                    push_category(f, Some(kw.to_owned()), Some(ITUNES_SCHEME.into()), None);
                }
            }
        }
        ("media", "category") => {
            let scheme = el
                .attr("scheme")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or("http://search.yahoo.com/mrss/category_schema")
                .to_owned();
            let label = el.attr("label").and_then(|s| non_empty(s.trim()));
            push_category(f, el.text_opt(), Some(scheme), label);
        }
        ("", "ttl") if !in_entry => f.ttl = el.text().trim().parse().ok(),
        ("sy", "updateperiod") => {
            f.update_period = match el.text().trim().to_ascii_lowercase().as_str() {
                "hourly" => Some(60),
                "daily" => Some(60 * 24),
                "weekly" => Some(60 * 24 * 7),
                "monthly" => Some(60 * 24 * 30),
                "yearly" => Some(60 * 24 * 365),
                _ => None,
            };
        }
        ("sy", "updatefrequency") => f.update_frequency = el.text().trim().parse().ok(),
        ("", "enclosure") if in_entry => {
            if let Some(url) = el.attr("url").or_else(|| el.attr("href")) {
                push_enclosure(f, el, url);
            }
        }
        ("media", "thumbnail") if in_entry => {
            if let Some(url) = el.attr("url").and_then(|u| non_empty(u.trim())) {
                set(&mut f.entry_image, Some(resolve(el.base.as_deref(), &url)));
            }
        }
        ("feedburner", "origlink") if in_entry => {
            // The publisher's own URL behind a FeedBurner redirect: the better link.
            if let Some(url) = el.text_opt() {
                f.orig_link = Some(resolve(el.base.as_deref(), &url));
            }
        }
        ("", "image") if in_entry => {
            let url = el
                .child("", "url")
                .and_then(Element::text_opt)
                .or_else(|| {
                    el.attr("url")
                        .or_else(|| el.attr("href"))
                        .and_then(|u| non_empty(u.trim()))
                })
                .or_else(|| (!el.has_elements()).then(|| el.text_opt()).flatten());
            set(
                &mut f.entry_image,
                url.map(|u| resolve(el.base.as_deref(), &u)),
            );
        }
        ("media", "content") if in_entry => {
            let is_image = el.attr("medium") == Some("image")
                || el.attr("type").is_some_and(|t| t.starts_with("image/"))
                || (el.attr("medium").is_none()
                    && el.attr("type").is_none()
                    && el.attr("url").is_some_and(looks_like_image_url));
            if is_image && let Some(url) = el.attr("url").and_then(|u| non_empty(u.trim())) {
                set(&mut f.entry_image, Some(resolve(el.base.as_deref(), &url)));
            }
            for child in el.elements() {
                read_element(child, f, in_entry, format);
            }
        }
        ("media", "group") => {
            for child in el.elements() {
                read_element(child, f, in_entry, format);
            }
        }
        _ => {}
    }
}

fn push_category(
    f: &mut Fields,
    term: Option<String>,
    scheme: Option<String>,
    label: Option<String>,
) {
    let Some(term) = term.filter(|t| !t.is_empty()) else {
        return;
    };
    let cat = Category {
        term,
        scheme,
        label,
    };
    if !f.categories.contains(&cat) {
        f.categories.push(cat);
    }
}

fn read_itunes_category(el: &Element, f: &mut Fields) {
    let term = el.attr("text").map(|t| t.trim().to_owned());
    push_category(f, term, Some(ITUNES_SCHEME.into()), None);
    for child in el.elements() {
        if child.is("itunes", "category") {
            read_itunes_category(child, f);
        }
    }
}

fn push_enclosure(f: &mut Fields, el: &Element, url: &str) {
    let url = url.trim();
    if url.is_empty() {
        return;
    }
    let enc = Enclosure {
        url: resolve(el.base.as_deref(), url),
        mime_type: el.attr("type").and_then(|t| non_empty(t.trim())),
        length: el.attr("length").and_then(|l| l.trim().parse().ok()),
    };
    if !f.enclosures.contains(&enc) {
        f.enclosures.push(enc);
    }
}

/// An RSS `link` (text) or an Atom `link` (attributes).
fn read_link(el: &Element, f: &mut Fields, in_entry: bool) {
    // Atom 0.3 documents sometimes put the URL in the text of a `link` with a `rel`.
    let text_href;
    let href = match el.attr("href") {
        Some(h) => Some(h),
        None if el.attr("rel").is_some() || el.attr("type").is_some() => {
            text_href = el.text();
            Some(text_href.trim())
        }
        None => None,
    };
    let Some(href) = href.filter(|h| !h.is_empty()) else {
        // RSS: the text is the link.
        if let Some(t) = el.text_opt() {
            set(&mut f.link, Some(resolve(el.base.as_deref(), &t)));
        }
        return;
    };
    let rel = el
        .attr("rel")
        .map(|r| r.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "alternate".into());
    match rel.as_str() {
        "alternate" => {
            let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
            let htmlish = ty.is_empty() || ty.contains("html");
            let url = resolve(el.base.as_deref(), href);
            if f.link.is_none() || (htmlish && f.link_not_html) {
                f.link = Some(url);
                f.link_not_html = !htmlish;
            }
        }
        "enclosure" if in_entry => push_enclosure(f, el, href),
        _ => {}
    }
}

fn read_image(el: &Element, f: &mut Fields) {
    let img = f.image.get_or_insert_with(Image::default);
    let base = el.base.as_deref();
    if img.url.is_none() {
        img.url = el
            .child("", "url")
            .and_then(Element::text_opt)
            .map(|u| resolve(base, &u))
            .or_else(|| {
                el.attr_ns("rdf", "resource")
                    .or_else(|| el.attr_ns("rdf", "about"))
                    .and_then(|u| non_empty(u.trim()))
                    .filter(|_| el.has_elements())
            });
    }
    if img.title.is_none() {
        img.title = el.child("", "title").and_then(Element::text_opt);
    }
    if img.link.is_none() {
        img.link = el
            .child("", "link")
            .and_then(Element::text_opt)
            .map(|u| resolve(base, &u));
    }
    if !el.has_elements()
        && img.url.is_none()
        && let Some(u) = el.text_opt()
    {
        img.url = Some(resolve(base, &u));
    }
}

/// An Atom person construct or a textual author such as `Name (email)`.
fn read_person(el: &Element) -> Option<Person> {
    if el.has_elements() {
        let name = el.child("", "name").and_then(Element::text_opt);
        let email = el.child("", "email").and_then(Element::text_opt);
        let uri = el
            .child("", "uri")
            .or_else(|| el.child("", "url"))
            .or_else(|| el.child("", "homepage"))
            .and_then(Element::text_opt)
            .map(|u| resolve(el.base.as_deref(), &u));
        if name.is_none() && email.is_none() && uri.is_none() {
            return parse_person(&el.text());
        }
        return Some(Person { name, email, uri });
    }
    parse_person(&el.text())
}

/// Splits `Name (email)`, `email (Name)`, `Name <email>` and bare forms.
pub(crate) fn parse_person(s: &str) -> Option<Person> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut email = None;
    let mut rest = s.to_owned();
    if let Some(tok) = s
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']'))
        .find(|t| t.contains('@') && !t.starts_with('@') && !t.ends_with('@'))
    {
        let clean = tok
            .trim_start_matches("mailto:")
            .trim_matches(['"', '\'', ',']);
        email = Some(clean.to_owned());
        rest = s.replacen(tok, "", 1);
    }
    let name = rest
        .replace("()", "")
        .replace("<>", "")
        .replace("[]", "")
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>') || c.is_whitespace())
        .trim()
        .to_owned();
    Some(Person {
        name: non_empty(&name),
        email,
        uri: None,
    })
}

/// The value of a text construct whose kind, when not declared, is `default` (Atom text and
/// Media RSS titles and descriptions are plain text; RSS text is HTML): plain text, HTML as a
/// string, or inline XHTML serialised; relative references inside markup made absolute.
fn text_construct_default(el: &Element, default: TextKind) -> Option<Text> {
    let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
    let mode = el.attr("mode").unwrap_or("").trim().to_ascii_lowercase();
    let plain = (matches!(ty.as_str(), "text" | "text/plain" | "plain")
        || (ty.is_empty() && default == TextKind::Plain && !el.has_elements()))
        && mode != "escaped";
    // Atom 1.0: a MIME type that is neither text nor XML means base64-encoded content.
    let binary_type = ty.contains('/')
        && !ty.starts_with("text/")
        && !ty.ends_with("+xml")
        && !ty.ends_with("/xml")
        && !el.has_elements();
    let raw = if mode == "base64" || binary_type {
        let compact: String = el.text().chars().filter(|c| !c.is_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => el.text(),
        }
    } else if el.has_elements() {
        match single_text_div(el) {
            // Escaped HTML wrapped in an XHTML div (a common publishing tool habit).
            Some(text) if ty == "html" || ty == "text/html" => text,
            _ => el.inner_xml(),
        }
    } else {
        el.text()
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if plain {
        return Some((raw.to_owned(), TextKind::Plain));
    }
    let html = resolve_relative(&escape_bogus_declarations(raw), el.base.as_deref());
    Some((html, TextKind::Html))
}

/// The text of an element whose only child element is a `div` holding nothing but text.
fn single_text_div(el: &Element) -> Option<String> {
    let mut elements = el.elements();
    let div = elements.next()?;
    if elements.next().is_some() || div.local != "div" || div.has_elements() {
        return None;
    }
    let outside = el.children.iter().any(|c| match c {
        crate::xml::Node::Text(t) => !t.trim().is_empty(),
        crate::xml::Node::Element(_) => false,
    });
    (!outside).then(|| div.text())
}

/// Escapes `<!` that opens neither a comment, a DOCTYPE nor a CDATA section, so that text such
/// as `<!' ...` survives an HTML parser instead of vanishing as a bogus declaration.
fn escape_bogus_declarations(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("<!") {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + 8);
    let mut rest = html;
    while let Some(at) = rest.find("<!") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let upper: String = after
            .chars()
            .take(7)
            .collect::<String>()
            .to_ascii_uppercase();
        if after.starts_with("--") || upper.starts_with("DOCTYPE") || upper.starts_with("[CDATA[") {
            out.push_str("<!");
        } else {
            out.push_str("&lt;!");
        }
        rest = after;
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_person(input: &str, name: Option<&str>, email: Option<&str>) {
        let p = parse_person(input).unwrap();
        assert_eq!(p.name.as_deref(), name, "{input}");
        assert_eq!(p.email.as_deref(), email, "{input}");
    }

    #[test]
    fn person_forms() {
        check_person(
            "Example editor (me@example.com)",
            Some("Example editor"),
            Some("me@example.com"),
        );
        check_person(
            "me@example.com (Example editor)",
            Some("Example editor"),
            Some("me@example.com"),
        );
        check_person(
            "Jane Doe <jane@example.com>",
            Some("Jane Doe"),
            Some("jane@example.com"),
        );
        check_person("jane@example.com", None, Some("jane@example.com"));
        check_person("Jane Doe", Some("Jane Doe"), None);
    }
}
