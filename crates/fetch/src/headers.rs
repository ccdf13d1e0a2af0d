//! Reading the response headers the pipeline cares about: validators, freshness,
//! back-off and content metadata. Malformed values are ignored, never fatal.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::header::{self, HeaderMap};

use crate::response::{CacheHints, Link, Validators};

fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    let v = headers.get(name)?.to_str().ok()?.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

pub(crate) fn validators(headers: &HeaderMap) -> Validators {
    Validators {
        etag: text(headers, header::ETAG),
        last_modified: text(headers, header::LAST_MODIFIED),
    }
}

pub(crate) fn cache_hints(headers: &HeaderMap, now: DateTime<Utc>) -> CacheHints {
    let date = text(headers, header::DATE)
        .and_then(|d| parse_http_date(&d))
        .unwrap_or(now);
    let max_age = text(headers, header::CACHE_CONTROL)
        .and_then(|cc| max_age(&cc))
        .or_else(|| {
            let expires = text(headers, header::EXPIRES)?;
            // An invalid Expires ("0", "-1") means already expired.
            Some(match parse_http_date(&expires) {
                Some(t) => (t - date).to_std().unwrap_or(Duration::ZERO),
                None => Duration::ZERO,
            })
        });
    let retry_after = text(headers, header::RETRY_AFTER).and_then(|r| retry_after(&r, now));
    CacheHints {
        max_age,
        retry_after,
    }
}

/// `max-age` of a `Cache-Control` value; `no-store` / `no-cache` count as zero.
fn max_age(cc: &str) -> Option<Duration> {
    let mut zero = false;
    for directive in cc.split(',') {
        let directive = directive.trim();
        let (name, value) = directive.split_once('=').unwrap_or((directive, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "max-age" => {
                if let Ok(secs) = value.trim().trim_matches('"').parse::<u64>() {
                    return Some(Duration::from_secs(secs));
                }
            }
            "no-store" | "no-cache" => zero = true,
            _ => {}
        }
    }
    zero.then_some(Duration::ZERO)
}

/// `Retry-After`: delay seconds or an HTTP date (a date in the past means now).
pub(crate) fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// IMF-fixdate, plus the obsolete RFC 850 and asctime forms (RFC 9110 §5.6.7).
pub(crate) fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    None
}

/// `Content-Type` split into the lower-cased media type and charset.
pub(crate) fn content_type(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    match text(headers, header::CONTENT_TYPE) {
        Some(ct) => split_content_type(&ct),
        None => (None, None),
    }
}

/// A `Content-Type` value (`text/xml; charset="UTF-8"`) split into the lower-cased media type
/// and charset, as [`crate::Fetched`] holds them.
pub fn split_content_type(ct: &str) -> (Option<String>, Option<String>) {
    let mut parts = ct.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    });
    (media, charset)
}

pub(crate) fn content_language(headers: &HeaderMap) -> Option<String> {
    text(headers, header::CONTENT_LANGUAGE)
}

pub(crate) fn content_location(headers: &HeaderMap, base: &url::Url) -> Option<String> {
    let v = text(headers, header::CONTENT_LOCATION)?;
    base.join(&v).ok().map(String::from)
}

/// The `Link` header values (RFC 8288) of a response, their targets resolved against `base`:
/// `(rel, url)` once per relation type named, at most [`MAX_LINKS`], from at most
/// [`MAX_LINK_HEADER`] bytes of headers. Malformed values are skipped.
pub(crate) fn links(headers: &HeaderMap, base: &url::Url) -> Vec<Link> {
    let mut out = Vec::new();
    let mut budget = MAX_LINK_HEADER;
    for value in headers.get_all(header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        if value.len() > budget {
            break;
        }
        budget -= value.len();
        parse_link_value(value, base, &mut out);
        if out.len() >= MAX_LINKS {
            out.truncate(MAX_LINKS);
            break;
        }
    }
    out
}

/// The most links kept from one response.
const MAX_LINKS: usize = 16;
/// The most bytes of `Link` headers read from one response.
const MAX_LINK_HEADER: usize = 8 * 1024;

fn parse_link_value(value: &str, base: &url::Url, out: &mut Vec<Link>) {
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            return;
        };
        let target = rest[open + 1..close].trim();
        rest = &rest[close + 1..];
        // The parameters run to the next comma outside a quoted string.
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let params = &rest[..end];
        rest = &rest[end..];
        let rels = params.split(';').find_map(|p| {
            let (name, value) = p.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("rel")
                .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
        });
        if target.contains('<') {
            continue;
        }
        let (Some(rels), Ok(url)) = (rels, base.join(target)) else {
            continue;
        };
        for rel in rels.split_ascii_whitespace() {
            out.push(Link {
                rel: rel.to_owned(),
                url: url.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers_give_their_relations_resolved() {
        let base = url::Url::parse("https://news.example/feeds/world.xml").unwrap();
        let mut h = HeaderMap::new();
        h.append(
            header::LINK,
            HeaderValue::from_static(
                "<https://hub.example/>; rel=\"hub\", </feeds/world.xml>; rel=self; title=\"a, b\"",
            ),
        );
        h.append(
            header::LINK,
            HeaderValue::from_static("<broken; rel=hub, <other.xml>; rel=\"alternate next\""),
        );
        let links = links(&h, &base);
        let pairs: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (l.rel.as_str(), l.url.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("hub", "https://hub.example/"),
                ("self", "https://news.example/feeds/world.xml"),
            ]
        );
        // A value cut short gives nothing past the cut, and nothing panics.
        let mut h = HeaderMap::new();
        h.append(
            header::LINK,
            HeaderValue::from_static("<a>; rel=\"hub, <b>"),
        );
        let _ = super::links(&h, &base);
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn now() -> DateTime<Utc> {
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap()
    }

    #[test]
    fn http_dates() {
        let want = now();
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(want)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(want));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn cache_hints_cases() {
        // (headers, max-age seconds, retry-after seconds)
        type Case = (
            &'static [(&'static str, &'static str)],
            Option<u64>,
            Option<u64>,
        );
        let cases: &[Case] = &[
            (&[("cache-control", "public, max-age=600")], Some(600), None),
            (&[("cache-control", "no-cache")], Some(0), None),
            (
                &[
                    ("cache-control", "max-age=60"),
                    ("expires", "Sun, 06 Nov 1994 09:49:37 GMT"),
                ],
                Some(60),
                None,
            ),
            (
                &[("expires", "Sun, 06 Nov 1994 09:49:37 GMT")],
                Some(3600),
                None,
            ),
            (&[("expires", "0")], Some(0), None),
            (&[("retry-after", "120")], None, Some(120)),
            (
                &[("retry-after", "Sun, 06 Nov 1994 08:50:37 GMT")],
                None,
                Some(60),
            ),
            (&[("retry-after", "soon")], None, None),
        ];
        for (pairs, max_age, retry) in cases {
            let h = cache_hints(&headers(pairs), now());
            assert_eq!(h.max_age, max_age.map(Duration::from_secs), "{pairs:?}");
            assert_eq!(h.retry_after, retry.map(Duration::from_secs), "{pairs:?}");
        }
    }

    #[test]
    fn content_type_and_charset() {
        let h = headers(&[("content-type", "Text/HTML; Charset=\"ISO-8859-1\"")]);
        assert_eq!(
            content_type(&h),
            (Some("text/html".into()), Some("iso-8859-1".into()))
        );
        assert_eq!(content_type(&HeaderMap::new()), (None, None));
    }
}
