//! Duplicate detection: one article reached through many URLs, the same text stored twice, and
//! one wire story syndicated by several outlets.
//!
//! Three keys, from cheapest to most forgiving:
//! - [`canonical_url`]: the address with the noise of the way it was reached removed (scheme,
//!   host case, `www.`/`m.`/`amp.` hosts, AMP paths, tracking parameters, fragments). Prefer the
//!   page's own `rel=canonical` when the extractor found one ([`canonical_url_of`]).
//! - [`text_fingerprint`]: a hash of the normalised text, equal for exact copies.
//! - [`simhash`]: a 64-bit locality-sensitive hash of 3-word shingles; syndicated copies with
//!   a changed byline, dateline or footer differ in a few bits ([`is_near_duplicate`]).

use url::Url;

use crate::text::{Word, hash_pair, words};

/// Query parameters that only say how a reader arrived, never which page it is.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ref",
    "ref_src",
    "ref_url",
    "cmpid",
    "cmp",
    "ncid",
    "ocid",
    "sr_share",
    "smid",
    "smtyp",
    "share",
    "s_cid",
    "cid",
    "icid",
    "mbid",
    "rss",
    "partner",
    "amp",
    "outputtype",
    "spm",
    "_ga",
    "_gl",
    "ito",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "taid",
    "xtor",
    "__twitter_impression",
    "soc_src",
    "soc_trk",
];

/// Parameter prefixes of tracking families (`utm_source`, `utm_medium`, `pk_campaign`, …).
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__hs"];

/// The canonical form of an article URL, used as the key that finds one article reached
/// through several addresses.
///
/// `https`, lower-case host without `www.`, `m.`, `mobile.` or `amp.`, no default port, no
/// fragment, no tracking parameters (the rest sorted), AMP path forms (`/amp/`, `.amp`,
/// `/amp` at the end, `amp=1`) removed, no trailing slash except the root. A string that is
/// not an absolute http(s) URL is returned trimmed and otherwise unchanged.
pub fn canonical_url(url: &str) -> String {
    let trimmed = url.trim();
    let Ok(mut u) = Url::parse(trimmed) else {
        return trimmed.to_string();
    };
    if u.scheme() != "http" && u.scheme() != "https" {
        return trimmed.to_string();
    }
    let _ = u.set_scheme("https");
    let _ = u.set_port(None);
    u.set_fragment(None);
    let _ = u.set_username("");
    let _ = u.set_password(None);
    if let Some(host) = u.host_str().map(str::to_ascii_lowercase) {
        let mut host = host.trim_end_matches('.').to_string();
        for prefix in ["www.", "m.", "mobile.", "amp."] {
            if let Some(rest) = host.strip_prefix(prefix)
                && rest.contains('.')
            {
                host = rest.to_string();
                break;
            }
        }
        let _ = u.set_host(Some(&host));
    }
    let mut params: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !TRACKING_PARAMS.contains(&k.as_str())
                && !TRACKING_PREFIXES.iter().any(|p| k.starts_with(p))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    if params.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(params);
    }
    let path = u.path().to_string();
    let mut path = path
        .replace("/amp/", "/")
        .trim_end_matches("/amp")
        .trim_end_matches(".amp")
        .to_string();
    if let Some(p) = path.strip_suffix(".amp.html") {
        path = format!("{p}.html");
    }
    if path.is_empty() {
        path.push('/');
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    u.set_path(&path);
    u.to_string()
}

/// The canonical URL of a page: its `rel=canonical` when that is an absolute http(s) URL on
/// any host, else the URL it was fetched from, both through [`canonical_url`].
pub fn canonical_url_of(fetched: &str, rel_canonical: Option<&str>) -> String {
    match rel_canonical.map(str::trim) {
        Some(c) if c.starts_with("http://") || c.starts_with("https://") => canonical_url(c),
        _ => canonical_url(fetched),
    }
}

/// A hash of the text with case, punctuation and spacing removed: equal for exact copies.
pub fn text_fingerprint(text: &str) -> u64 {
    fingerprint_of(&words(text))
}

/// [`text_fingerprint`] of a text already split into words.
pub(crate) fn fingerprint_of(words: &[Word]) -> u64 {
    words
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, w| hash_pair(h, w.hash))
}

/// The 64-bit SimHash of a text's 3-word shingles (words lower-cased, stop words kept, since
/// they carry the wording). Texts of fewer than three words hash their words.
pub fn simhash(text: &str) -> u64 {
    simhash_of(&words(text))
}

/// [`simhash`] of a text already split into words.
pub(crate) fn simhash_of(words: &[Word]) -> u64 {
    // A bit is set when more of the hashes have it than not: counted as the ones per bit
    // (a loop without branches) against half the number of hashes.
    let mut ones = [0u32; 64];
    let mut total = 0u32;
    let mut add = |h: u64| {
        for (bit, n) in ones.iter_mut().enumerate() {
            *n += (h >> bit & 1) as u32;
        }
        total += 1;
    };
    if words.len() < 3 {
        words.iter().for_each(|w| add(w.hash));
    } else {
        for s in words.windows(3) {
            add(hash_pair(hash_pair(s[0].hash, s[1].hash), s[2].hash));
        }
    }
    ones.iter()
        .enumerate()
        .filter(|(_, n)| 2 * **n > total)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit)
}

/// The largest number of differing SimHash bits for two texts to count as one story told
/// twice. A 300-word wire story with a changed footer differs in about 6 bits; unrelated
/// articles, even on the same event, differ in about 32 (a random pair is within 7 bits with
/// probability under 10⁻⁹).
pub const NEAR_DUPLICATE_BITS: u32 = 7;

/// True when two SimHashes are within [`NEAR_DUPLICATE_BITS`] of each other.
pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(canonical_url(input), expect, "canonical of {input}");
    }

    #[test]
    fn urls_reached_differently_agree() {
        let expect = "https://example.com/news/story-1";
        for input in [
            "http://www.example.com/news/story-1",
            "https://EXAMPLE.com/news/story-1/",
            "https://m.example.com/news/story-1?utm_source=twitter&utm_medium=social",
            "https://example.com:443/news/story-1#comments",
            "https://example.com/news/story-1?fbclid=abc&gclid=x",
            "https://amp.example.com/news/story-1/amp",
            "https://example.com/amp/news/story-1",
            "https://example.com/news/story-1.amp",
        ] {
            check(input, expect);
        }
    }

    #[test]
    fn meaningful_parameters_stay_sorted() {
        check(
            "https://example.com/a?b=2&utm_campaign=x&a=1",
            "https://example.com/a?a=1&b=2",
        );
        check("https://example.com/", "https://example.com/");
        check("not a url ", "not a url");
        check("https://m.com/x", "https://m.com/x");
    }

    #[test]
    fn rel_canonical_wins_when_absolute() {
        assert_eq!(
            canonical_url_of("https://m.x.com/a?utm_source=y", Some("https://x.com/b")),
            "https://x.com/b"
        );
        assert_eq!(
            canonical_url_of("https://m.x.com/a", Some("/b")),
            "https://x.com/a"
        );
    }

    #[test]
    fn fingerprints_ignore_spacing_and_case() {
        assert_eq!(
            text_fingerprint("The mayor  said: yes."),
            text_fingerprint("the Mayor said yes")
        );
        assert_ne!(
            text_fingerprint("the mayor said yes"),
            text_fingerprint("the mayor said no")
        );
    }

    #[test]
    fn syndicated_copies_are_near_duplicates() {
        let wire = "A gunman opened fire outside a supermarket in Northfield on Saturday, \
            wounding three people before fleeing in a grey sedan, police said. The victims \
            were taken to Northfield General Hospital, where two were in stable condition. \
            Investigators asked anyone with dashboard camera footage to contact the county \
            sheriff's office. No arrests have been made and the motive is unknown.";
        let copy = format!("{wire} Copyright 2026 The Valley Courier.");
        let other = "The city council approved a new budget on Tuesday after a long debate \
            over library hours, road repairs and a proposed increase in parking fees for \
            downtown visitors, with the mayor casting the deciding vote late in the evening.";
        assert!(is_near_duplicate(simhash(wire), simhash(&copy)));
        assert!(!is_near_duplicate(simhash(wire), simhash(other)));
    }
}
