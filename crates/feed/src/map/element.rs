//! Reading one element of a channel or an item into the fields being collected.
//!
//! This is the mapping table: which element, in which vocabulary, feeds which field, and with
//! what priority when several do.

use super::person::read_person;
use super::text::text_construct_default;
use super::{Fields, non_empty, set};
use crate::date::parse_date;
use crate::html::resolve_relative;
use crate::urls::resolve;
use crate::xml::Element;
use crate::{Category, Enclosure, Format, Image, TextKind};

/// Authors, categories and enclosures past this many per channel or item are dropped (which
/// also keeps duplicate checks cheap on hostile input).
const MAX_LIST: usize = 128;

const ITUNES_SCHEME: &str = "http://www.itunes.com/";

/// Reads one child element of a channel or item into `f`.
pub(super) fn read_element(el: &Element, f: &mut Fields, in_entry: bool, format: Format) {
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
                // Only a guid that is a web URL can stand in for a missing link: publishers
                // leave `isPermaLink` at its default on numeric ids and tag URIs too.
                let is_web_url = value.as_deref().is_some_and(|v| {
                    let v = v.to_ascii_lowercase();
                    v.starts_with("http://") || v.starts_with("https://")
                });
                if permalink && is_web_url {
                    set(&mut f.guid_link, value.clone());
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
                && f.authors.len() < MAX_LIST
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
                if !kw.is_empty()
                    && f.categories.len() < MAX_LIST
                    && !f.categories.iter().any(|c| c.term == kw)
                {
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
                offer_image(f, el, &url);
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
                offer_image(f, el, &url);
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

/// Offers a Media RSS image for the entry: the first one is taken, and a later one replaces it
/// only when it is known to be wider (publishers often list a thumbnail and a full-size copy).
fn offer_image(f: &mut Fields, el: &Element, url: &str) {
    let width = el
        .attr("width")
        .and_then(|w| w.trim().trim_end_matches("px").parse::<u32>().ok())
        .unwrap_or(0);
    if f.entry_image.is_none() || width > f.entry_image_width {
        f.entry_image = Some(resolve(el.base.as_deref(), url));
        f.entry_image_width = width;
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
    if f.categories.len() < MAX_LIST && !f.categories.contains(&cat) {
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
    if f.enclosures.len() < MAX_LIST && !f.enclosures.contains(&enc) {
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
        "hub" if !in_entry => {
            let url = resolve(el.base.as_deref(), href);
            if f.hubs.len() < crate::MAX_HUBS && !f.hubs.contains(&url) {
                f.hubs.push(url);
            }
        }
        "self" if !in_entry => set(&mut f.self_link, Some(resolve(el.base.as_deref(), href))),
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
