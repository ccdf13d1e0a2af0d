//! Small, allocation-light helpers over HTML text: making `href`/`src` absolute inside feed
//! content, finding feed links in a web page, and sniffing whether bytes are an HTML page.
//!
//! These work on the tag level only (no tree, no second HTML parser): the pipeline's extract
//! stage owns real HTML parsing and sanitising.

use crate::urls;
use crate::xml::unescape_with;

/// Attributes whose values are URIs and are made absolute inside content.
const URI_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "background",
    "longdesc",
    "usemap",
    "poster",
    "codebase",
    "data",
    "profile",
    "dynsrc",
    "lowsrc",
];

/// One start tag found in HTML text.
struct Tag<'a> {
    name: String,
    /// Attribute name (lower-cased), raw value, byte range of the value in the input.
    attrs: Vec<(String, &'a str, std::ops::Range<usize>)>,
}

impl Tag<'_> {
    /// The decoded value of an attribute (by lower-case name).
    fn get(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(a, _, _)| a == name)
            .map(|(_, v, _)| attr_value(v))
    }
}

/// Scans the start tags of `html`, calling `f` on each, skipping comments and end tags.
fn scan_tags<'a>(html: &'a str, mut f: impl FnMut(&Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if html[i..].starts_with("!--") {
            match html[i..].find("-->") {
                Some(end) => i += end + 3,
                None => return,
            }
            continue;
        }
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let an_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'>' | b'=' | b'/')
            {
                i += 1;
            }
            if i == an_start {
                i += 1;
                continue;
            }
            let aname = html[an_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    let vs = i + 1;
                    let ve = memchr(q, &bytes[vs..]).map_or(bytes.len(), |e| vs + e);
                    attrs.push((aname, &html[vs..ve], vs..ve));
                    i = (ve + 1).min(bytes.len());
                } else {
                    let vs = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    attrs.push((aname, &html[vs..i], vs..i));
                }
            } else {
                attrs.push((aname, "", i..i));
            }
        }
        f(&Tag { name, attrs });
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|b| *b == needle)
}

/// Decodes the character references of an attribute value.
fn attr_value(raw: &str) -> String {
    unescape_with(raw, |name| {
        if let Some(c) = crate::xml::char_reference(name) {
            return Some(c.to_string());
        }
        match name {
            "amp" => Some("&".into()),
            "lt" => Some("<".into()),
            "gt" => Some(">".into()),
            "quot" => Some("\"".into()),
            "apos" => Some("'".into()),
            _ => crate::char_refs::lookup(name).map(str::to_owned),
        }
    })
}

/// Rewrites relative URI attributes in `html` against `base`. Without a base, or when the
/// markup has no tags, the input is returned unchanged.
pub(crate) fn resolve_relative(html: &str, base: Option<&str>) -> String {
    let Some(base) = base else {
        return html.to_owned();
    };
    if !html.contains('<') || !urls::is_absolute(base) {
        return html.to_owned();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    scan_tags(html, |tag| {
        for (name, raw, range) in &tag.attrs {
            if name == "srcset" {
                if let Some(resolved) = resolve_srcset(&attr_value(raw), base) {
                    let mut escaped = String::new();
                    crate::xml::escape_into(&resolved, true, &mut escaped);
                    edits.push((range.clone(), escaped));
                }
                continue;
            }
            if !URI_ATTRS.contains(&name.as_str()) {
                continue;
            }
            let value = attr_value(raw);
            if value.is_empty() || urls::is_absolute(value.trim()) {
                continue;
            }
            let abs = urls::resolve(Some(base), &value);
            let mut escaped = String::new();
            crate::xml::escape_into(&abs, true, &mut escaped);
            edits.push((range.clone(), escaped));
        }
    });
    if edits.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    for (range, value) in edits {
        out.push_str(&html[at..range.start]);
        out.push_str(&value);
        at = range.end;
    }
    out.push_str(&html[at..]);
    out
}

/// Resolves each candidate URL of a `srcset` (`a.jpg 1x, b.jpg 2x`); `None` when nothing changes.
fn resolve_srcset(value: &str, base: &str) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = value
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (url, descriptor) = candidate
                .split_once(char::is_whitespace)
                .unwrap_or((candidate, ""));
            if url.is_empty() || urls::is_absolute(url) {
                return candidate.to_owned();
            }
            changed = true;
            let abs = urls::resolve(Some(base), url);
            if descriptor.is_empty() {
                abs
            } else {
                format!("{abs} {}", descriptor.trim())
            }
        })
        .collect();
    changed.then(|| parts.join(", "))
}

/// The feeds a web page links to with `<link rel="alternate" type="...">`, made absolute
/// against `base_url` (or the page's own `<base href>`), in page order, without duplicates.
/// Does no network access.
pub fn discover(html: &str, base_url: &str) -> Vec<String> {
    // Plain `application/json` is left out: WordPress pages announce their REST API with it.
    const FEED_TYPES: &[&str] = &[
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "application/x-rss+xml",
    ];
    let pick = |tag: &Tag<'_>| {
        if tag.name != "link" {
            return None;
        }
        let rel = tag.get("rel")?.to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|t| t == "alternate") {
            return None;
        }
        let ty = tag.get("type")?.to_ascii_lowercase();
        let ty = ty.split(';').next().unwrap_or("").trim();
        FEED_TYPES.contains(&ty).then(|| tag.get("href")).flatten()
    };
    collect_links(html, base_url, 64, pick, |_| true)
}

/// Links in a page's body that look like feeds (`<a href=".../feed">`, `rss.xml`, `atom.xml`,
/// `?feed=rss2`, ...), made absolute, in page order, without duplicates and without the ones
/// [`discover`] already returns. A fallback for pages that announce no feed in their head;
/// the candidates still have to be fetched and parsed to be sure.
pub fn discover_anchors(html: &str, base_url: &str) -> Vec<String> {
    let announced = discover(html, base_url);
    let pick = |tag: &Tag<'_>| (tag.name == "a").then(|| tag.get("href")).flatten();
    collect_links(html, base_url, 16, pick, |url| {
        looks_like_feed_url(url) && !announced.iter().any(|a| a == url)
    })
}

/// Walks a page's tags (following `<base href>`) and collects the URL `pick` finds in each
/// tag, made absolute, when `accept` takes it: in page order, without duplicates, at most
/// `limit`.
fn collect_links(
    html: &str,
    base_url: &str,
    limit: usize,
    pick: impl Fn(&Tag<'_>) -> Option<String>,
    accept: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut base = base_url.to_owned();
    let mut found: Vec<String> = Vec::new();
    scan_tags(html, |tag| {
        if tag.name == "base" {
            if let Some(h) = tag.get("href") {
                base = urls::resolve(Some(base_url), &h);
            }
            return;
        }
        let Some(href) = pick(tag).filter(|h| !h.trim().is_empty()) else {
            return;
        };
        let abs = urls::resolve(Some(&base), &href);
        if found.len() < limit && accept(&abs) && !found.contains(&abs) {
            found.push(abs);
        }
    });
    found
}

/// Whether a URL's shape suggests a feed.
fn looks_like_feed_url(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    if !matches!(u.scheme(), "http" | "https") {
        return false;
    }
    let path = u.path().trim_end_matches('/').to_ascii_lowercase();
    let last = path.rsplit('/').next().unwrap_or("");
    let query = u.query().unwrap_or("").to_ascii_lowercase();
    matches!(
        last,
        "feed" | "rss" | "atom" | "feeds" | "rss2" | "index.rss" | "feed.json"
    ) || [
        ".rss",
        ".atom",
        ".rdf",
        "rss.xml",
        "atom.xml",
        "feed.xml",
        "index.xml",
    ]
    .iter()
    .any(|ext| last.ends_with(ext))
        || query.contains("feed=rss")
        || query.contains("feed=atom")
        || query.contains("format=rss")
}

/// Whether `bytes` look like an HTML page rather than a feed (for content sniffing when a
/// server's `Content-Type` cannot be trusted).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .replace('\0', "");
    let head = head.trim_start_matches('\u{feff}');
    // The first element decides, after the prologue (declaration, comments, DOCTYPE).
    if let Some(first) = first_element_name(head) {
        if is_feed_root(&first) {
            return false;
        }
        // Junk printed before a feed (`<br /><b>Warning</b>`) starts with a tag too: only
        // page-level markup makes it a page.
        return matches!(first.as_str(), "html" | "head" | "body")
            || ["<!doctype html", "<html", "<body"]
                .iter()
                .any(|m| head.contains(m));
    }
    if head.trim_start().starts_with('{') {
        return false;
    }
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|m| head.contains(m))
}

/// Whether a document element name is one of the XML formats this crate reads.
fn is_feed_root(name: &str) -> bool {
    matches!(
        name,
        "rss" | "feed" | "rdf:rdf" | "channel" | "opml" | "urlset" | "sitemapindex"
    ) || name.ends_with(":rss")
        || name.ends_with(":feed")
        || name.ends_with(":rdf")
}

/// The lower-cased name of the first element of a document, skipping the XML declaration,
/// processing instructions, comments and the DOCTYPE. `None` when the text ends first.
fn first_element_name(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = &r[r.find('>')? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(r[..end].to_owned());
        } else {
            // Text before any element: not a document we can classify this way.
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_resolve(html: &str, base: &str, expect: &str) {
        assert_eq!(resolve_relative(html, Some(base)), expect);
    }

    #[test]
    fn relative_urls_in_content() {
        check_resolve(
            r#"<a href="/x">x</a> <img src='y.png'>"#,
            "http://example.com/a/",
            r#"<a href="http://example.com/x">x</a> <img src='http://example.com/a/y.png'>"#,
        );
        check_resolve(
            r#"<a href="http://other/">x</a>"#,
            "http://example.com/",
            r#"<a href="http://other/">x</a>"#,
        );
        check_resolve(
            r#"<a href=/q?a=1&amp;b=2>"#,
            "http://e.com/",
            r#"<a href=http://e.com/q?a=1&amp;b=2>"#,
        );
        check_resolve("no markup", "http://e.com/", "no markup");
        check_resolve(
            r#"<img srcset="a.jpg 1x, https://cdn/b.jpg 2x">"#,
            "http://e.com/p/",
            r#"<img srcset="http://e.com/p/a.jpg 1x, https://cdn/b.jpg 2x">"#,
        );
    }

    #[test]
    fn discovery() {
        let page = r#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <LINK REL="Alternate" TYPE="application/atom+xml" HREF="atom.xml">
            <link rel="alternate" type="application/feed+json" href="https://cdn.example/f.json">
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <link rel="alternate" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
            <link rel="alternate" type="application/json+oembed" href="/oembed">
        </head></html>"#;
        assert_eq!(
            discover(page, "https://example.com/blog/"),
            vec![
                "https://example.com/rss.xml",
                "https://example.com/blog/atom.xml",
                "https://cdn.example/f.json"
            ]
        );
    }

    #[test]
    fn discovery_honours_base_and_entities() {
        let page = r#"<head><base href="https://static.example/site/">
            <link rel="feed alternate" type="application/rss+xml; charset=utf-8" href="rss?a=1&amp;b=2"></head>"#;
        assert_eq!(
            discover(page, "https://example.com/"),
            vec!["https://static.example/site/rss?a=1&b=2"]
        );
    }

    #[test]
    fn anchors_that_look_like_feeds() {
        let page = r#"<link rel="alternate" type="application/rss+xml" href="/feed/">
            <a href="/about">About</a> <a href="/feed/">RSS</a> <a href="/news/rss.xml">News</a>
            <a href="https://other.example/atom.xml">x</a> <a href="/?feed=rss2">y</a>
            <a href="mailto:rss@example.com">z</a> <a href="/feedback">f</a>"#;
        assert_eq!(
            discover_anchors(page, "https://example.com/"),
            vec![
                "https://example.com/news/rss.xml",
                "https://other.example/atom.xml",
                "https://example.com/?feed=rss2"
            ]
        );
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(
            b"<!DOCTYPE html><html><body>hi</body></html>"
        ));
        assert!(looks_like_html(b"\n  <html lang=en>"));
        assert!(!looks_like_html(
            b"<?xml version='1.0'?><rss version='2.0'>"
        ));
        assert!(!looks_like_html(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(!looks_like_html(
            b"{\"version\": \"https://jsonfeed.org/version/1.1\"}"
        ));
        assert!(!looks_like_html(
            b"<?xml version='1.0'?><!-- <html> in a comment --><?xml-stylesheet href='s.xsl'?><rss>"
        ));
        assert!(looks_like_html(
            b"<!-- generated --><!DOCTYPE html><html><head><link rel=alternate href=/rss>"
        ));
        assert!(looks_like_html(
            b"<!DOCTYPE html>\n<meta charset=utf-8><title>x</title>"
        ));
        // Junk printed before a feed is not an HTML page.
        assert!(!looks_like_html(
            b"<br />\n<b>Warning</b>: x<br />\n<rss version='2.0'>"
        ));
    }
}
