//! Making references absolute.
//!
//! Feeds carry relative links, ids and `href`/`src` values inside HTML content. They are resolved
//! against the `xml:base` in scope, else the document's base URI. Absolute references are
//! returned exactly as written so identifiers stay byte-for-byte stable.

use url::Url;

/// Resolves `href` against `base` (when there is one and it is absolute).
pub(crate) fn resolve(base: Option<&str>, href: &str) -> String {
    let href = href.trim();
    if is_absolute(href) {
        return href.to_owned();
    }
    let joined = base.and_then(|b| with_base(b, |base| base.join(href).ok()));
    match joined {
        Some(u) if href.is_ascii() => u.into(),
        Some(u) => keep_iri_characters(u.as_str()),
        None => href.to_owned(),
    }
}

/// Undoes the percent-encoding of non-ASCII characters that URL resolution applied, so an IRI
/// written in a feed keeps its characters.
fn keep_iri_characters(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
            && b >= 0x80
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => decoded,
        Err(_) => s.to_owned(),
    }
}

thread_local! {
    /// The last base parsed: a document resolves thousands of references against a handful
    /// of bases, and parsing the base dominates the cost of a join.
    static LAST_BASE: std::cell::RefCell<Option<(String, Url)>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `base` parsed, from the cache when it is the last base seen; `None` when the
/// base is not an absolute URL.
fn with_base<T>(base: &str, f: impl FnOnce(&Url) -> Option<T>) -> Option<T> {
    let base = base.trim();
    LAST_BASE.with(|cell| {
        let mut cache = cell.borrow_mut();
        let hit = cache.as_ref().is_some_and(|(raw, _)| raw == base);
        if !hit {
            *cache = Some((base.to_owned(), Url::parse(base).ok()?));
        }
        cache.as_ref().and_then(|(_, url)| f(url))
    })
}

/// Whether `s` starts with a URL scheme (`http:`, `mailto:`, `tag:`, ...).
pub(crate) fn is_absolute(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The base URI of a document fetched from `url` with an optional `Content-Location`: the
/// location resolved against the URL when that gives an acceptable absolute URI, else the URL.
pub fn document_base(url: Option<&str>, content_location: Option<&str>) -> Option<String> {
    if let Some(loc) = content_location {
        let resolved = resolve(url, loc);
        if let Ok(u) = Url::parse(&resolved)
            && matches!(u.scheme(), "http" | "https" | "ftp" | "file")
        {
            return Some(resolved);
        }
    }
    url.map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(base: Option<&str>, href: &str, expect: &str) {
        assert_eq!(resolve(base, href), expect);
    }

    #[test]
    fn resolution() {
        check(
            Some("http://example.com/a/b"),
            "c",
            "http://example.com/a/c",
        );
        check(Some("http://example.com/a/b"), "/c", "http://example.com/c");
        check(
            Some("http://example.com/a/"),
            "http://other",
            "http://other",
        );
        check(None, "/c", "/c");
        check(Some("http://any.test/"), "\u{c0}", "http://any.test/\u{c0}");
        check(Some("http://example.com/"), "mailto:a@b", "mailto:a@b");
        check(Some("http://example.com/"), "tag:x,2004:1", "tag:x,2004:1");
        assert_eq!(
            document_base(Some("http://a/feed"), Some("javascript:alert(1)")),
            Some("http://a/feed".to_owned())
        );
        assert_eq!(
            document_base(Some("http://a/feed"), Some("/b/")),
            Some("http://a/b/".to_owned())
        );
    }
}
